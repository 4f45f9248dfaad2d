import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand, DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { extrasClient, role, runToEnd } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';

/** A pipeline the SageMaker Python SDK v2 builds (scikit-learn processing, script-mode training), and what it uploaded. */
/** Runs the Python side without blocking: the service it talks to runs in this process. */
async function pythonScript<T>(args: string[] = [], env: Record<string, string> = {}): Promise<T> {
  const output = join(makeTestWorkspace('script-mode'), 'pipeline.json');
  const script = join(repoRoot, 'test', 'sagemaker-sdk', 'python_script_mode.py');
  const child = spawn(testVenvPython, [script, join(repoRoot, 'test', 'fixtures', 'script-mode'), output, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`python_script_mode.py failed:\n${stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as T;
}

const pythonPipeline = () => pythonScript<{ definition: string; objects: Record<string, string> }>();

describe('a pipeline written with the SageMaker Python SDK', () => {
  let test: TestService;
  beforeAll(async () => {
    // The project's python stands in for the scikit-learn image; here it is the test venv's, which has scikit-learn.
    test = await startTestService({ engine: { runtimes: { python: testVenvPython } } });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('runs unchanged here: scikit-learn processing, then script-mode training with its source_dir', async () => {
    const built = await pythonPipeline();
    const extras = extrasClient(test.service);
    for (const [uri, body] of Object.entries(built.objects)) await extras.putArtifact(uri, Buffer.from(body, 'base64'));
    await extras.putArtifact('s3://my-bucket/data/abalone.csv', readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')));
    await test.client.send(
      new CreatePipelineCommand({ PipelineName: 'ScriptMode', PipelineDefinition: built.definition, RoleArn: role, ClientRequestToken: 'script-mode' }),
    );

    const run = await runToEnd(test.client, 'ScriptMode', { Alpha: '2.0' });

    expect(run.failureReason).toBeUndefined();
    expect(run.steps.map((step) => `${step.StepName}:${step.StepStatus}`)).toEqual(['Prepare:Succeeded', 'Train:Succeeded']);
    const trainingJob = run.steps[1].Metadata!.TrainingJob!.Arn!.split('/').pop()!;
    const training = await test.client.send(new DescribeTrainingJobCommand({ TrainingJobName: trainingJob }));
    expect(training.FinalMetricDataList?.[0]).toMatchObject({ MetricName: 'train:mse' });
    expect(training.FinalMetricDataList?.[0].Value).toBeGreaterThan(1);
    const log = await extras.jobLog(trainingJob);
    expect(log.lines.filter((line) => line.Stream === 'stdout').map((line) => line.Text)[0]).toBe('alpha=2.0');
    const model = training.ModelArtifacts!.S3ModelArtifacts!;
    const listing = spawnSync('tar', ['-tzf', '-'], { input: await extras.getArtifact(model), encoding: 'utf8' });
    expect(listing.stdout.split('\n')).toContain('./model.pkl');
  });

  it('is upserted, started and waited for by the SageMaker Python SDK itself, pointed at the local service', async () => {
    await extrasClient(test.service).putArtifact('s3://my-bucket/data/abalone.csv', readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')));
    const result = await pythonScript<{ status: string; steps?: string[][]; error?: string }>(['--run'], {
      SLUICE_ENDPOINT: test.service.endpoint,
      SLUICE_ACCESS_KEY_ID: test.service.credentials.accessKeyId,
      SLUICE_SECRET_ACCESS_KEY: test.service.credentials.secretAccessKey,
    });
    expect(result).toEqual({
      status: 'Succeeded',
      steps: [
        ['Prepare', 'Succeeded'],
        ['Train', 'Succeeded'],
      ],
    });
  });
});
