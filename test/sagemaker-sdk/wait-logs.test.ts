// The SageMaker Python SDK's log following (`wait(logs=True)`, `logs_for_job`) on running local jobs: it reads
// CloudWatch Logs' DescribeLogStreams and GetLogEvents from the service and returns when the job ends.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DescribeProcessingJobCommand, DescribeTrainingJobCommand, ListPipelineExecutionStepsCommand } from '@aws-sdk/client-sagemaker';
import { Pipeline, ProcessingStep, TrainingStep } from '../../kernel-lib/src/index.js';
import { clientEnvironment } from '../../kernel-lib/src/service/client-environment.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { createPipeline, extrasClient, role, startExecution, waitForExecution } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';

// Lines over about three seconds, so the SDK attaches while the job runs and must follow it.
const chatty = 'for (let i = 1; i <= 6; i++) setTimeout(() => console.log(`line ${i} of 6`), i * 500)';

function followLogs(test: TestService, kind: 'training' | 'processing', jobName: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = join(repoRoot, 'test', 'sagemaker-sdk', 'python_wait_logs.py');
  const env = { ...process.env, ...clientEnvironment(test.service.home, test.service.endpoint, test.service.credentials) };
  const child = spawn(testVenvPython, [script, kind, jobName], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe("the SageMaker Python SDK's wait(logs=True) on a running local job", () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService();
    const talk = new ProcessingStep({
      name: 'Talk',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      entrypoint: ['node', '-e', chatty],
    });
    const train = new TrainingStep({
      name: 'Train',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'ml.m5.large',
      outputPath: 's3://sluice-local/models',
      code: join(repoRoot, 'test', 'conformance', 'fixtures', 'chatty-train.ts'),
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'ChattyProcessing', steps: [talk], defaultBucket: 'sluice-local' }));
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'ChattyTraining', steps: [train], defaultBucket: 'sluice-local' }));
  });
  afterAll(async () => {
    await test?.stop();
  });

  async function runningJob(arn: string, stepName: string, kind: 'ProcessingJob' | 'TrainingJob'): Promise<string> {
    for (let i = 0; i < 600; i++) {
      const steps = (await test.client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }))).PipelineExecutionSteps ?? [];
      const jobArn = steps.find((step) => step.StepName === stepName && step.StepStatus === 'Executing')?.Metadata?.[kind]?.Arn;
      if (jobArn !== undefined) return jobArn.split('/').pop()!;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`step ${stepName} never ran`);
  }

  it('streams a running processing job line by line and returns when it ends', async () => {
    const arn = await startExecution(test.client, 'ChattyProcessing');
    const processing = await runningJob(arn, 'Talk', 'ProcessingJob');
    expect((await test.client.send(new DescribeProcessingJobCommand({ ProcessingJobName: processing }))).ProcessingJobStatus).toBe('InProgress');
    const followedProcessing = await followLogs(test, 'processing', processing);
    expect(followedProcessing.stderr).not.toMatch(/Traceback/);
    expect(followedProcessing.stdout).toContain('line 1 of 6');
    expect(followedProcessing.stdout).toContain('line 6 of 6');
    expect(followedProcessing.stdout.trim().split('\n').pop()).toBe('WAIT RETURNED');
    expect((await test.client.send(new DescribeProcessingJobCommand({ ProcessingJobName: processing }))).ProcessingJobStatus).toBe('Completed');
    expect((await waitForExecution(test.client, arn)).status).toBe('Succeeded');
  });

  it('streams a running training job line by line and returns when it ends', async () => {
    const arn = await startExecution(test.client, 'ChattyTraining');
    const training = await runningJob(arn, 'Train', 'TrainingJob');
    const followedTraining = await followLogs(test, 'training', training);
    expect(followedTraining.stderr).not.toMatch(/Traceback/);
    expect(followedTraining.stdout).toContain('training line 1 of 6');
    expect(followedTraining.stdout).toContain('training line 6 of 6');
    expect(followedTraining.stdout.trim().split('\n').pop()).toBe('WAIT RETURNED');
    expect((await test.client.send(new DescribeTrainingJobCommand({ TrainingJobName: training }))).TrainingJobStatus).toBe('Completed');
    expect((await waitForExecution(test.client, arn)).status).toBe('Succeeded');
  });
});
