import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pipeline } from '../../kernel-lib/src/index.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { typescriptPipelines } from './typescript-pipelines.js';

/** Definitions written by the real SageMaker Python SDK v2 for the same pipelines, built offline at test time. */
function pythonDefinitions(): Record<string, string> {
  const output = join(makeTestWorkspace('python-sdk'), 'definitions.json');
  const run = spawnSync(testVenvPython, [join(repoRoot, 'test', 'sagemaker-sdk', 'python_pipelines.py'), output], { encoding: 'utf8', timeout: 120000 });
  if (run.status !== 0) throw new Error(`python_pipelines.py failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as Record<string, string>;
}

describe('definitions written by the SageMaker Python SDK v2 and by sluice', () => {
  const python = pythonDefinitions();

  it('cover the same pipelines', () => {
    expect(Object.keys(typescriptPipelines).sort()).toEqual(Object.keys(python).sort());
    expect(Object.keys(python).length).toBeGreaterThanOrEqual(5);
  });

  it.each(Object.keys(typescriptPipelines))('%s: the same bytes', (name) => {
    expect(typescriptPipelines[name]().definition()).toBe(python[name]);
  });

  it.each(Object.keys(typescriptPipelines))('%s: the Python text round-trips through fromDefinition', (name) => {
    expect(Pipeline.fromDefinition(python[name]).definition()).toBe(python[name]);
  });
});
