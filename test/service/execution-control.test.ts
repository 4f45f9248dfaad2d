import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribePipelineDefinitionForExecutionCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionsCommand,
  ListPipelineExecutionStepsCommand,
  ListProcessingJobsCommand,
  ListPipelineParametersForExecutionCommand,
  RetryPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  UpdatePipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import {
  CacheConfig,
  EMRStep,
  ParameterBoolean,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  TuningStep,
  IntegerParameter,
  type Step,
} from '../../kernel-lib/src/index.js';
import { codeFiles } from '../engine/engine-harness.js';
import { createPipeline, extrasClient, role, runToEnd, startExecution, waitForExecution } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

const code = codeFiles({
  'flaky.ts': `
    import { existsSync, writeFileSync } from 'node:fs';
    if (!existsSync(process.env.MARKER as string)) { writeFileSync(process.env.MARKER as string, 'x'); console.error('not this time'); process.exit(1); }
  `,
  'ok.ts': `console.log('ok', process.argv.slice(2).join(' '));`,
  'sleep.ts': `console.log('sleeping'); setInterval(() => {}, 1000);`,
  'counter.ts': `import { appendFileSync } from 'node:fs'; appendFileSync(process.env.COUNTER as string, 'run\\n');`,
});

const step = (name: string, file: string, extra: Partial<ConstructorParameters<typeof ProcessingStep>[0]> = {}) =>
  new ProcessingStep({ name, imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1, code: file, ...extra });
const pipeline = (name: string, steps: Step[], parameters: ConstructorParameters<typeof Pipeline>[0]['parameters'] = []) =>
  new Pipeline({ name, steps, parameters, defaultBucket: 'sluice-local' });

describe('controlling executions through the SageMaker API', () => {
  let test: TestService;
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-control-'));

  beforeAll(async () => {
    // Jobs write the host only where they are allowed: the markers' scratch folder.
    test = await startTestService({ engine: { stopGraceMs: 1000, runtimes: { sandbox: { hide: [], readOnly: [], writable: [scratch] } } } });
  });
  afterAll(async () => {
    await test?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('validates parameter overrides at start: unknown names, wrong types, missing required values', async () => {
    const count = new ParameterInteger({ name: 'Count', defaultValue: 1 });
    const flag = new ParameterBoolean({ name: 'Flag', defaultValue: false });
    const required = new ParameterString({ name: 'Required' });
    await createPipeline(test.client, extrasClient(test.service), pipeline('Params', [step('Ok', code['ok.ts'])], [count, flag, required]));

    const attempts: [Record<string, string>, string][] = [
      [{ Required: 'x', Colour: 'red' }, 'Parameter "Colour" is not declared by the pipeline (it declares Count, Flag, Required)'],
      [{ Required: 'x', Count: 'three' }, 'Parameter "Count" is an Integer; "three" is not a whole number'],
      [{ Required: 'x', Flag: 'maybe' }, 'Parameter "Flag" is a Boolean; "maybe" is neither true nor false'],
      [{ Count: '2' }, 'Parameter "Required" has no default value and must be given at start'],
    ];
    for (const [parameters, message] of attempts) {
      await expect(startExecution(test.client, 'Params', parameters)).rejects.toMatchObject({ name: 'ValidationException', message });
    }
    const run = await runToEnd(test.client, 'Params', { Required: 'given', Count: '7', Flag: 'True' });
    expect(run.status).toBe('Succeeded');
    const listed = await test.client.send(new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: run.arn }));
    expect(listed.PipelineParameters).toEqual([
      { Name: 'Required', Value: 'given' },
      { Name: 'Count', Value: '7' },
      { Name: 'Flag', Value: 'true' },
    ]);
    const definition = await test.client.send(new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: run.arn }));
    expect(definition.PipelineDefinition).toBe(pipeline('Params', [step('Ok', code['ok.ts'])], [count, flag, required]).definition());
  });

  it('refuses at start a step type that runs only on SageMaker, and tuning with early stopping', async () => {
    const spark = new EMRStep({ name: 'Spark', clusterId: 'j-123', stepConfig: { jar: 's3://jars/job.jar' } });
    await createPipeline(test.client, extrasClient(test.service), pipeline('Emr', [spark]));
    await expect(startExecution(test.client, 'Emr')).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'step "Spark" is a EMR step, which runs only on Amazon SageMaker. Run this pipeline on Amazon SageMaker with an AWS session.',
    });
    const tune = new TuningStep({
      name: 'Tune',
      estimator: { imageUri: 'i', roleArn: role, instanceType: 'local', outputPath: 's3://sluice-local/models' },
      objectiveMetricName: 'm',
      hyperparameterRanges: { depth: new IntegerParameter({ min: 1, max: 3 }) },
      earlyStoppingType: 'Auto',
    });
    await createPipeline(test.client, extrasClient(test.service), pipeline('Tuned', [tune]));
    await expect(startExecution(test.client, 'Tuned')).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Tuning step "Tune" asks for early stopping (Auto), which runs only on Amazon SageMaker; set it Off to tune here'),
    });
  });

  it('stops a running execution: Stopping, then Stopped, and its job is ended', async () => {
    await createPipeline(test.client, extrasClient(test.service), pipeline('Sleepy', [step('Sleep', code['sleep.ts'])]));
    const arn = await startExecution(test.client, 'Sleepy');
    await new Promise((resolve) => setTimeout(resolve, 700));
    // While it runs, its job is known and its log can be followed.
    const running = await test.client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn }));
    const job = running.PipelineExecutionSteps?.[0].Metadata?.ProcessingJob?.Arn?.split('/').pop();
    expect(running.PipelineExecutionSteps?.[0].StepStatus).toBe('Executing');
    expect(
      (await test.client.send(new ListProcessingJobsCommand({ StatusEquals: 'InProgress' }))).ProcessingJobSummaries?.map((s) =>
        s.ProcessingJobName?.toLowerCase(),
      ),
    ).toEqual([job]);
    expect((await extrasClient(test.service).jobLog(job!)).lines.filter((line) => line.Stream === 'stdout').map((line) => line.Text)).toEqual(['sleeping']);
    await test.client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: 'stop-1' }));
    const run = await waitForExecution(test.client, arn, 30000);
    expect(run.status).toBe('Stopped');
    expect(run.steps.map((s) => s.StepStatus)).toEqual(['Stopped']);
    await expect(test.client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: 'stop-2' }))).rejects.toMatchObject({
      name: 'ConflictException',
    });
  });

  it('retries a failed execution under the same ARN, keeping the steps that succeeded', async () => {
    const marker = join(scratch, 'flaky-marker');
    const first = step('First', code['ok.ts']);
    const flaky = step('Flaky', code['flaky.ts'], { env: { MARKER: marker }, dependsOn: [first] });
    await createPipeline(test.client, extrasClient(test.service), pipeline('Retried', [first, flaky]));
    const failed = await runToEnd(test.client, 'Retried');
    expect(failed.status).toBe('Failed');
    expect(failed.failureReason).toBe('Step "Flaky" failed: AlgorithmError: not this time (the job exited with code 1)');

    await test.client.send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: failed.arn, ClientRequestToken: 'retry-1' }));
    const retried = await waitForExecution(test.client, failed.arn);
    expect(retried.status).toBe('Succeeded');
    expect(retried.steps.map((s) => `${s.StepName}:${s.StepStatus}`)).toEqual(['First:Succeeded', 'Flaky:Succeeded']);
    expect(retried.steps[0].StartTime).toEqual(failed.steps[0].StartTime);
    const executions = await test.client.send(new ListPipelineExecutionsCommand({ PipelineName: 'Retried' }));
    expect(executions.PipelineExecutionSummaries).toHaveLength(1);
  });

  it('reports a cache hit with the execution it came from', async () => {
    const counter = join(scratch, 'counter');
    await createPipeline(
      test.client,
      extrasClient(test.service),
      pipeline('Cached', [
        step('Count', code['counter.ts'], { env: { COUNTER: counter }, cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'P1D' }) }),
      ]),
    );
    const first = await runToEnd(test.client, 'Cached');
    const second = await runToEnd(test.client, 'Cached');
    expect(first.steps[0].CacheHitResult).toBeUndefined();
    expect(second.steps[0].CacheHitResult).toEqual({ SourcePipelineExecutionArn: first.arn });
    expect(second.steps[0].Metadata).toEqual(first.steps[0].Metadata);
  });

  it('updates an execution display name and description', async () => {
    const run = await runToEnd(test.client, 'Cached');
    await test.client.send(
      new UpdatePipelineExecutionCommand({ PipelineExecutionArn: run.arn, PipelineExecutionDisplayName: 'renamed', PipelineExecutionDescription: 'why' }),
    );
    const described = await test.client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: run.arn }));
    expect([described.PipelineExecutionDisplayName, described.PipelineExecutionDescription]).toEqual(['renamed', 'why']);
  });

  it('refuses artifact keys that would leave the artifact store, and keeps serving', async () => {
    const extras = extrasClient(test.service);
    for (const uri of ['s3://sluice-local/../../etc/passwd', 's3://sluice-local/a/../../b', 's3://../x', 'file:///etc/passwd']) {
      await expect(extras.putArtifact(uri, 'x')).rejects.toMatchObject({ name: 'ValidationException' });
    }
    const escaping = step('Escape', code['ok.ts'], { inputs: [{ source: 's3://sluice-local/../../etc', destination: '/opt/ml/processing/input' }] });
    await createPipeline(test.client, extras, pipeline('Escapes', [escaping]));
    const run = await runToEnd(test.client, 'Escapes');
    expect(run.status).toBe('Failed');
    expect(run.steps[0].FailureReason).toBe('input "input-1": the key of s3://sluice-local/../../etc leaves its bucket');
  });
});
