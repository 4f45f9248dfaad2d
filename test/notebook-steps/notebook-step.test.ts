// Notebooks as pipeline steps, as a user runs them: a tslab notebook and a Python notebook take injected
// parameters, a notebook that raises fails its step with the cell's error, and the executed notebook is
// downloaded from S3 where SageMaker's notebook jobs put it.
import { DescribeTrainingJobCommand, type DescribeTrainingJobResponse } from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotebookStep, ParameterString, Pipeline } from '../../kernel-lib/src/index.js';
import { createPipeline, extrasClient, role, runToEnd, type FinishedExecution } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { s3Client } from '../s3/s3-harness.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { readExecutedNotebook, type NotebookJobDocument } from '../../labextension/src/model/executed-notebook.js';
import { signedClient } from '../panel/signed-client.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'notebook-steps');
const image = '542918446943.dkr.ecr.us-west-2.amazonaws.com/sagemaker-distribution-prod:1-cpu';

let test: TestService;
let s3: S3Client;
let downloads: string;

beforeAll(async () => {
  test = await startTestService();
  s3 = s3Client(test.service);
  downloads = mkdtempSync(join(tmpdir(), 'notebook-steps-'));
});

afterAll(async () => {
  s3.destroy();
  await test.stop();
  rmSync(downloads, { recursive: true, force: true });
});

interface ExecutedCell {
  cell_type: string;
  source: string;
  metadata: { tags?: string[] };
  outputs?: { output_type: string; text?: string; ename?: string; evalue?: string }[];
}

async function trainingJob(execution: FinishedExecution, step: string): Promise<DescribeTrainingJobResponse> {
  const arn = execution.steps.find((s) => s.StepName === step)?.Metadata?.TrainingJob?.Arn ?? '';
  return test.client.send(new DescribeTrainingJobCommand({ TrainingJobName: arn.split('/').pop() }));
}

/** Downloads the job's output.tar.gz through S3 as a user would and unpacks it: the executed notebook and the notebook's files. */
async function downloadOutput(job: DescribeTrainingJobResponse): Promise<{ cells: ExecutedCell[]; folder: string }> {
  const uri = `${job.OutputDataConfig!.S3OutputPath}/${job.TrainingJobName}/output/output.tar.gz`;
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.*)$/.exec(uri)!;
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const folder = mkdtempSync(join(downloads, 'out-'));
  writeFileSync(join(folder, 'output.tar.gz'), await object.Body!.transformToByteArray());
  expect(spawnSync('tar', ['-xzf', 'output.tar.gz'], { cwd: folder }).status).toBe(0);
  const notebook = JSON.parse(readFileSync(join(folder, job.Environment!.SM_OUTPUT_NOTEBOOK_NAME), 'utf8')) as { cells: ExecutedCell[] };
  const cells = notebook.cells.map((cell) => ({ ...cell, source: [cell.source].flat().join('') }));
  return { cells, folder };
}

const stdout = (cells: ExecutedCell[]) =>
  cells
    .flatMap((cell) => cell.outputs ?? [])
    .map((output) => [output.text ?? ''].flat().join(''))
    .join('');

describe('NotebookStep on the local service', () => {
  it('runs a tslab and a python3 notebook with injected parameters, and fails a notebook that raises with the cell’s error', async () => {
    const label = new ParameterString({ name: 'Label', defaultValue: 'from-default' });
    const succeeding = new Pipeline({
      name: 'NotebookSteps',
      parameters: [label],
      defaultBucket: 'notebook-bucket',
      steps: [
        new NotebookStep({
          name: 'ExploreTs',
          notebook: join(fixtures, 'explore-ts.ipynb'),
          kernel: 'tslab',
          imageUri: image,
          roleArn: role,
          parameters: { ratio: 0.7, label },
          env: { SERVICE_HOME: test.service.home },
        }),
        new NotebookStep({
          name: 'ExplorePy',
          notebook: join(fixtures, 'explore-py.ipynb'),
          kernel: 'python3',
          imageUri: image,
          roleArn: role,
          parameters: { ratio: 0.25, label: 'literal' },
          env: { SERVICE_HOME: test.service.home },
        }),
      ],
    });
    const failing = new Pipeline({
      name: 'NotebookRaises',
      defaultBucket: 'notebook-bucket',
      steps: [new NotebookStep({ notebook: join(fixtures, 'raises.ipynb'), kernel: 'python3', imageUri: image, roleArn: role })],
    });
    const extras = extrasClient(test.service);
    await createPipeline(test.client, extras, succeeding);
    await createPipeline(test.client, extras, failing);

    const [ran, raised] = await Promise.all([runToEnd(test.client, 'NotebookSteps', { Label: 'from-pipeline' }), runToEnd(test.client, 'NotebookRaises')]);

    expect([ran.status, ran.steps.map((step) => [step.StepName, step.StepStatus, step.FailureReason]).sort()]).toEqual([
      'Succeeded',
      [
        ['ExplorePy', 'Succeeded', undefined],
        ['ExploreTs', 'Succeeded', undefined],
      ],
    ]);
    const ts = await downloadOutput(await trainingJob(ran, 'ExploreTs'));
    // The injected cell follows the `parameters` cell, as papermill puts it; the notebook saw the injected values.
    expect(ts.cells.map((cell) => cell.metadata.tags ?? [])).toEqual([[], ['parameters'], ['injected-parameters'], []]);
    expect(ts.cells[2].source).toContain('const ratio = 0.7;');
    expect(stdout(ts.cells)).toContain('ratio=0.7 label=from-pipeline threshold=0.7');
    expect(JSON.parse(readFileSync(join(ts.folder, 'summary.json'), 'utf8'))).toEqual({ ratio: 0.7, label: 'from-pipeline' });

    // Both kernels ran in the job's sandbox, where the service's home (its credentials) is hidden.
    if (sandboxSupport().available) expect(stdout(ts.cells)).toContain('sees the service home: false');

    const py = await downloadOutput(await trainingJob(ran, 'ExplorePy'));
    expect(stdout(py.cells)).toContain('ratio*2=0.5 label=literal');
    expect(JSON.parse(readFileSync(join(py.folder, 'summary.json'), 'utf8'))).toEqual({ ratio: 0.25, label: 'literal' });
    if (sandboxSupport().available) expect(stdout(py.cells)).toContain('sees the service home: False');

    expect(raised.status).toBe('Failed');
    const [step] = raised.steps;
    expect(step.StepName).toBe('raises-ipynb');
    expect(step.FailureReason).toMatch(/ZeroDivisionError: division by zero \(in cell 2: rows = \[3, 4\]\nrows\[0\] \/ 0\)/);
    // The failed notebook is kept too: it shows the error where it happened, and the cells after it did not run.
    const failed = await downloadOutput(await trainingJob(raised, 'raises-ipynb'));
    expect(failed.cells[1].outputs?.find((output) => output.output_type === 'error')?.ename).toBe('ZeroDivisionError');
    expect(stdout(failed.cells)).toContain('before the error');
    expect(stdout(failed.cells)).not.toContain('never runs');

    // The step pane reads the same notebook through the service, from the job's Describe document.
    const panel = signedClient(test.service);
    const shown = await readExecutedNotebook(panel, (await trainingJob(ran, 'ExploreTs')) as NotebookJobDocument);
    expect(shown?.name).toBe('explore-ts-ipynb.ipynb');
    expect(shown?.content.cells.map((cell) => cell.cell_type)).toEqual(['markdown', 'code', 'code', 'code']);
    expect(JSON.stringify(shown?.content.cells[3].outputs)).toContain('ratio=0.7 label=from-pipeline');
    expect(await readExecutedNotebook(panel, { ...(await trainingJob(ran, 'ExplorePy')), AlgorithmSpecification: {} } as NotebookJobDocument)).toBeUndefined();
  });
});
