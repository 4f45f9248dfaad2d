// Step properties are SageMaker's Describe* responses, derived from @aws-sdk/client-sagemaker's own model: the table is
// current with the installed SDK (a field the SDK adds fails here until it is regenerated), and every field of every
// response the step types use is reachable as a property, writing SageMaker's path.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { stepProperties } from '../../kernel-lib/src/sdk/properties.js';
import { toJson, type PipelineVariable } from '../../kernel-lib/src/sdk/expressions.js';
import { propertyAccesses, propertyTypes } from './property-shapes.js';

describe('step properties from SageMaker’s own shapes', () => {
  it('the generated shape table is current with the installed @aws-sdk/client-sagemaker', () => {
    const result = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'generate-property-shapes.mjs'), '--check'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.each(Object.keys(propertyTypes))('every field of the %s step’s response (to four names deep) is reachable and writes its path', (stepType) => {
    const accesses = propertyAccesses(stepType, 4);
    expect(accesses.length).toBeGreaterThan(20);
    const owner = { name: 'S' };
    for (const access of accesses) {
      const read = new Function('properties', `return properties${access.accessor};`) as (properties: unknown) => PipelineVariable;
      const property = read(stepProperties(stepType, owner));
      expect(toJson(property)).toEqual({ Get: `Steps.S.${access.path}` });
    }
  });

  it('fields SageMaker adds beyond the Describe* response are there (TrainingJobSummaries, BestCandidateProperties)', () => {
    expect(propertyAccesses('Tuning', 1).map((access) => access.path)).toContain('TrainingJobSummaries');
    expect(propertyAccesses('AutoML', 2).map((access) => access.path)).toContain('BestCandidateProperties.ModelInsightsJsonReportPath');
  });
});
