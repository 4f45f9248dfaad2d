// NotebookStep writes the definition the SageMaker Python SDK's NotebookJobStep writes for the same notebooks, byte for
// byte, but for one thing on purpose: the input folder is named by the notebook's content (input-<sha256>), where the
// Python SDK names it by the time of the upload (input-<timestamp>), which would change the step's cache key each upsert.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotebookStep, ParameterString, Pipeline } from '../../kernel-lib/src/index.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'notebook-steps');
const notebooks = { ts: join(fixtures, 'explore-ts.ipynb'), py: join(fixtures, 'explore-py.ipynb') };
const IMAGE = '885854791233.dkr.ecr.us-east-1.amazonaws.com/sagemaker-distribution-prod:1-cpu';
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerRole';

function pythonNotebookJobs(): { definition: string; uploads: string[] } {
  const output = join(makeTestWorkspace('python-notebook-job'), 'notebook-job.json');
  const run = spawnSync(testVenvPython, [join(repoRoot, 'test', 'sagemaker-sdk', 'python_notebook_job.py'), notebooks.ts, notebooks.py, output], {
    encoding: 'utf8',
    timeout: 120000,
  });
  if (run.status !== 0) throw new Error(`python_notebook_job.py failed (${run.status}):\n${run.stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as { definition: string; uploads: string[] };
}

function typescriptNotebookJobs(): Pipeline {
  const label = new ParameterString({ name: 'Label', defaultValue: 'from-default' });
  const explore = new NotebookStep({
    name: 'Explore',
    notebookJobName: 'explore-ts',
    notebook: notebooks.ts,
    imageUri: IMAGE,
    kernel: 'tslab',
    roleArn: ROLE,
    parameters: { ratio: 0.7, label },
    env: { STAGE: 'test' },
    region: 'us-east-1',
  });
  const summarise = new NotebookStep({
    name: 'Summarise',
    notebookJobName: 'summarise',
    notebook: notebooks.py,
    imageUri: IMAGE,
    kernel: 'python3',
    roleArn: ROLE,
    instanceType: 'ml.m5.xlarge',
    parameters: { source: explore.notebookJob.OutputNotebookName },
    region: 'us-east-1',
  });
  return new Pipeline({ name: 'Notebooks', parameters: [label], steps: [explore, summarise], defaultBucket: 'my-bucket' });
}

const inputFolder = /\/input-[0-9a-f-]+/g;

describe("NotebookStep and the Python SDK's NotebookJobStep", () => {
  const python = pythonNotebookJobs();
  const pipeline = typescriptNotebookJobs();

  it('write the same definition, the input folder aside', () => {
    const ours = pipeline.definition();
    expect(ours.replace(inputFolder, '/input-*')).toBe(python.definition.replace(inputFolder, '/input-*'));
    // Ours is named by content: the same notebooks give the same folder, so the step's cache key holds.
    expect(ours).toMatch(/"s3:\/\/my-bucket\/Notebooks\/Explore\/input-[0-9a-f]{16}"/);
    expect(typescriptNotebookJobs().definition()).toBe(ours);
  });

  it('upload the same files into each step’s input folder', () => {
    const keys = pipeline.codeAssets().map((asset) => asset.key);
    expect(keys.map((key) => key.replace(inputFolder, '/input-*'))).toEqual(python.uploads.map((key) => key.replace(inputFolder, '/input-*')));
  });

  it('name what is wrong when a step is made', () => {
    const base = { imageUri: IMAGE, roleArn: ROLE, kernel: 'python3' };
    expect(() => new NotebookStep({ ...base, notebook: 'explore.py' })).toThrow('NotebookStep "explore-py": notebook must be the path of an .ipynb file');
    expect(() => new NotebookStep({ ...base, notebook: notebooks.py, parameters: { 'max-depth': 5 } })).toThrow(
      'parameter "max-depth" is not a variable name the notebook can assign',
    );
    const missing = new Pipeline({ name: 'Missing', steps: [new NotebookStep({ ...base, notebook: 'nowhere.ipynb' })], defaultBucket: 'my-bucket' });
    expect(() => missing.definition()).toThrow(/NotebookStep "nowhere-ipynb": "nowhere.ipynb" is not a file/);
  });
});
