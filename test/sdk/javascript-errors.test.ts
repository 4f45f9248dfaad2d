// Plain JavaScript users (and loosely typed notebook cells) get the errors TypeScript users get from the compiler: a
// property path, an option key or an execution variable that SageMaker does not have throws where it was written,
// naming the nearest valid name. Runs test/sdk/fixtures/javascript-mistakes.mjs with node against the built `sluice`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

type Messages = Record<string, string | null> & { works: Record<string, string | boolean> };

let messages: Messages;
beforeAll(() => {
  const output = execFileSync(process.execPath, [join(repoRoot, 'test', 'sdk', 'fixtures', 'javascript-mistakes.mjs')], { encoding: 'utf8' });
  messages = JSON.parse(output) as Messages;
});

describe('plain JavaScript mistakes throw where they are written', () => {
  it('a list read by member names the .get() to use', () => {
    expect(messages.outputByMember).toContain("Did you mean Outputs.get('train')?");
    expect(messages.outputByMember).toMatch(/^Steps\.Prepare\.ProcessingOutputConfig\.Outputs is a list/);
  });
  it('a misspelled or lowercased field names the nearest field of SageMaker’s shape', () => {
    expect(messages.misspelledField).toBe(
      "Steps.Prepare.ProcessingOutputConfig.Outputz does not exist in SageMaker's ProcessingOutputConfig. Did you mean ProcessingOutputConfig.Outputs?",
    );
    expect(messages.lowercaseField).toContain('Did you mean Train.ModelArtifacts?');
  });
  it('a value has no fields, a map is read with .get(key), an unnamed list by position', () => {
    expect(messages.memberOfValue).toBe('Steps.Train.ModelArtifacts.S3ModelArtifacts is a string value: it has no field Bucket.');
    expect(messages.mapByMember).toContain("Did you mean HyperParameters.get('max_depth')?");
    expect(messages.listByPosition).toContain('SecondaryStatusTransitions.get(0)');
  });
  it('unknown option keys name the option meant (if_steps, Name/Regex, output_name, hyperParameters)', () => {
    expect(messages.snakeCaseOption).toMatch(/^ConditionStep "Check": unknown option "if_steps"\. Did you mean ifSteps\?/);
    expect(messages.metricDefinitionKeys).toMatch(/^TrainingStep "Train2" metricDefinitions\[0\]: unknown option "Name"\. Did you mean name\?/);
    expect(messages.processingOutputKeys).toContain('unknown option "output_name". Did you mean outputName?');
    expect(messages.tuningEstimatorKeys).toContain('estimator: unknown option "hyperParameters". Did you mean hyperparameters?');
  });
  it('parameters and pipelines refuse the Python SDK’s option names', () => {
    expect(messages.pythonParameterOption).toMatch(/^ParameterString "InputData": unknown option "default_value"\. Did you mean defaultValue\?/);
    expect(messages.pipelineOption).toMatch(/^Pipeline "P": unknown option "pipeline_experiment_config"\./);
  });
  it('an unknown execution variable names the right one; the Python SDK’s names work', () => {
    expect(messages.unknownExecutionVariable).toContain('Did you mean ExecutionVariables.StartDateTime?');
    expect(messages.works.pythonName).toBe('{"Get":"Execution.StartDateTime"}');
  });
  it('correct paths still write the Python SDK’s expressions, and a property can be awaited', () => {
    expect(messages.works).toEqual({
      pythonName: '{"Get":"Execution.StartDateTime"}',
      outputByName: `{"Get":"Steps.Prepare.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}`,
      metricByName: `{"Get":"Steps.Train.FinalMetricDataList['validation:mse'].Value"}`,
      thenIsUndefined: true,
      jsonGet: '{"Std:JsonGet":{"PropertyFile":{"Get":"Steps.Prepare.PropertyFiles.Report"},"Path":"a.b"}}',
      parameter: '{"Get":"Parameters.P"}',
      awaited: '{"Get":"Steps.Train.TrainingJobName"}',
    });
  });
});
