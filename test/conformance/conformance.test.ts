// Every SageMaker operation of the local service, called by boto3 with realistic inputs, and every raw response
// checked against the model in the test venv's botocore (see conformance.py for what is checked).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  CallbackStep,
  ContinuousParameter,
  FailStep,
  Model,
  ModelStep,
  Pipeline,
  ProcessingStep,
  TrainingStep,
  TransformStep,
  TuningStep,
} from '../../kernel-lib/src/index.js';
import { missingResource } from '../../kernel-lib/src/service/differences.js';
import { operations } from '../../kernel-lib/src/service/operations/index.js';
import { localTargetPrefix } from '../../kernel-lib/src/service/operations/local-extras.js';
import { cloudWatchTargetPrefix } from '../../kernel-lib/src/service/operations/cloudwatch-metrics.js';
import { logsTargetPrefix } from '../../kernel-lib/src/service/operations/logs.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { createPipeline, extrasClient, role } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { startBoto3Driver, type Boto3Driver, type CallResult } from './boto3-driver.js';

const fixtures = join(repoRoot, 'test', 'conformance', 'fixtures');
const transformFixtures = join(repoRoot, 'test', 'fixtures', 'transform');
const terminal = ['Succeeded', 'Failed', 'Stopped', 'Completed'];
/** SageMaker's idempotency tokens are 32 to 128 characters. */
const token = (label: string): string => `${label}-${randomUUID()}`;

describe("the local service's responses against SageMaker's service model", () => {
  let test: TestService;
  let boto: Boto3Driver;
  let workspace: string;
  const savedWorkspace = process.env.SLUICE_WORKSPACE;
  /** Succeeded calls per operation, and the cases that expected an error. */
  const covered = new Set<string>();
  /** What the model says is wrong, gathered over one case so that the case reports all of it at once. */
  let found: string[] = [];
  const note = (result: CallResult) => {
    for (const violation of result.violations) if (!found.includes(violation)) found.push(violation);
  };
  afterEach(() => {
    const reported = found;
    found = [];
    expect(reported).toEqual([]);
  });

  beforeAll(async () => {
    test = await startTestService({ engine: { stopGraceMs: 500 } });
    boto = startBoto3Driver(test.service);
    workspace = makeTestWorkspace('conformance');
    process.env.SLUICE_WORKSPACE = workspace;
  });
  afterAll(async () => {
    if (savedWorkspace === undefined) delete process.env.SLUICE_WORKSPACE;
    else process.env.SLUICE_WORKSPACE = savedWorkspace;
    await boto?.close();
    await test?.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** A call that must succeed; its response must conform. */
  async function ok(operation: string, params: Record<string, unknown> = {}, service = 'sagemaker'): Promise<Record<string, unknown>> {
    const result = await boto.call(operation, params, service);
    expect({ operation, error: result.error, message: result.message }).toEqual({ operation, error: null, message: undefined });
    note(result);
    covered.add(
      `${{ sagemaker: 'SageMaker.', logs: logsTargetPrefix, cloudwatch: cloudWatchTargetPrefix, 'sagemaker-metrics': 'SageMakerMetrics.', scheduler: 'Scheduler.' }[service] ?? `${service}:`}${operation}`,
    );
    return result.response ?? {};
  }

  /** A call that must fail with `code` (the error body is not in the output model). */
  async function fails(operation: string, params: Record<string, unknown>, code: string): Promise<CallResult> {
    const result = await boto.call(operation, params);
    expect({ operation, params, error: result.error }).toEqual({ operation, params, error: code });
    note(result);
    return result;
  }

  /** Polls a call until `done` holds for its response. */
  async function until(
    operation: string,
    params: Record<string, unknown>,
    done: (response: Record<string, unknown>) => boolean,
    timeoutMs = 60000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await ok(operation, params);
      if (done(response)) return response;
      if (Date.now() > deadline) throw new Error(`${operation} never reached the awaited state: ${JSON.stringify(response)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const executionDone = (arn: string) =>
    until('DescribePipelineExecution', { PipelineExecutionArn: arn }, (r) => terminal.includes(String(r.PipelineExecutionStatus)));

  async function start(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const started = await ok('StartPipelineExecution', { PipelineName: name, ClientRequestToken: token(`start-${name}`), ...extra });
    return String(started.PipelineExecutionArn);
  }

  const jobName = (arn: unknown): string => String(arn).split('/').pop()!;

  it('pipelines: create, describe, update, list, versions, delete', async () => {
    const fail = new Pipeline({ name: 'Failing', steps: [new FailStep({ name: 'Stop', errorMessage: 'stopped on purpose' })] });
    await ok('CreatePipeline', {
      PipelineName: 'Failing',
      PipelineDefinition: fail.definition(),
      RoleArn: role,
      ClientRequestToken: token('create-failing'),
      PipelineDescription: 'fails',
      Tags: [{ Key: 'team', Value: 'ml' }],
    });
    await fails(
      'CreatePipeline',
      { PipelineName: 'Failing', PipelineDefinition: fail.definition(), RoleArn: role, ClientRequestToken: token('create-failing-again') },
      'ValidationException',
    );
    await ok('DescribePipeline', { PipelineName: 'Failing' });
    await ok('UpdatePipeline', {
      PipelineName: 'Failing',
      PipelineDefinition: fail.definition(),
      PipelineDisplayName: 'Failing-2',
      PipelineDescription: 'still fails',
    });
    await ok('ListPipelines', { PipelineNamePrefix: 'Fail', SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 5 });
    await ok('ListPipelineVersions', { PipelineName: 'Failing' });
    await fails('DescribePipeline', { PipelineName: 'Ghost' }, 'ResourceNotFound');
    await ok('CreatePipeline', { PipelineName: 'Doomed', PipelineDefinition: fail.definition(), RoleArn: role, ClientRequestToken: token('create-doomed') });
    await ok('DeletePipeline', { PipelineName: 'Doomed', ClientRequestToken: token('delete-doomed') });
  });

  it('executions: failed, retried, renamed; their steps, parameters and definition', async () => {
    const arn = await start('Failing', { PipelineExecutionDisplayName: 'first', PipelineExecutionDescription: 'a run that fails' });
    const described = await executionDone(arn);
    expect(described.PipelineExecutionStatus).toBe('Failed');
    await ok('ListPipelineExecutions', { PipelineName: 'Failing', SortOrder: 'Ascending' });
    await ok('ListPipelineExecutionSteps', { PipelineExecutionArn: arn });
    await ok('ListPipelineParametersForExecution', { PipelineExecutionArn: arn });
    await ok('DescribePipelineDefinitionForExecution', { PipelineExecutionArn: arn });
    await ok('UpdatePipelineExecution', { PipelineExecutionArn: arn, PipelineExecutionDisplayName: 'renamed', PipelineExecutionDescription: 'why' });
    await fails('RetryPipelineExecution', { PipelineExecutionArn: arn, ClientRequestToken: token('retry-failing') }, 'ValidationException');
    const crash = new ProcessingStep({
      name: 'Crash',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      entrypoint: ['node', '-e', 'process.exit(3)'],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Crashing', steps: [crash], defaultBucket: 'sluice-local' }));
    const crashed = await start('Crashing');
    expect((await executionDone(crashed)).PipelineExecutionStatus).toBe('Failed');
    await ok('RetryPipelineExecution', { PipelineExecutionArn: crashed, ClientRequestToken: token('retry-crashing') });
    expect((await executionDone(crashed)).PipelineExecutionStatus).toBe('Failed');
    await ok('ListProcessingJobs', { StatusEquals: 'Failed' });
    await fails('DescribePipelineExecution', { PipelineExecutionArn: `${arn.slice(0, -4)}zzzz` }, 'ResourceNotFound');
  });

  it('callbacks: waiting, answered with success and failure; a stopped execution', async () => {
    const gate = new CallbackStep({
      name: 'Approve',
      sqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/approvals',
      inputs: { model: 'abalone' },
      outputs: [{ outputName: 'note', outputType: 'String' }],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Gated', steps: [gate], defaultBucket: 'sluice-local' }));
    const extras = extrasClient(test.service);
    const waitingToken = async (arn: string): Promise<string> => {
      for (let i = 0; i < 200; i++) {
        const [waiting] = await extras.pendingCallbacks(arn);
        if (waiting) return waiting.CallbackToken;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no callback became pending');
    };
    const approved = await start('Gated');
    const callbackToken = await waitingToken(approved);
    await ok('DescribePipelineExecution', { PipelineExecutionArn: approved });
    await ok('ListPipelineExecutionSteps', { PipelineExecutionArn: approved });
    await ok('SendPipelineExecutionStepSuccess', {
      CallbackToken: callbackToken,
      OutputParameters: [{ Name: 'note', Value: 'fine' }],
      ClientRequestToken: token('success-1'),
    });
    expect((await executionDone(approved)).PipelineExecutionStatus).toBe('Succeeded');
    await ok('ListPipelineExecutionSteps', { PipelineExecutionArn: approved });

    const refused = await start('Gated');
    await ok('SendPipelineExecutionStepFailure', {
      CallbackToken: await waitingToken(refused),
      FailureReason: 'not good enough',
      ClientRequestToken: token('failure-1'),
    });
    expect((await executionDone(refused)).PipelineExecutionStatus).toBe('Failed');

    // As on SageMaker, a stopped execution stays Stopping until its callback is answered.
    const stopped = await start('Gated');
    const stoppedToken = await waitingToken(stopped);
    await ok('StopPipelineExecution', { PipelineExecutionArn: stopped, ClientRequestToken: token('stop-1') });
    await until('DescribePipelineExecution', { PipelineExecutionArn: stopped }, (r) => r.PipelineExecutionStatus === 'Stopping');
    await ok('SendPipelineExecutionStepSuccess', {
      CallbackToken: stoppedToken,
      OutputParameters: [{ Name: 'note', Value: 'late' }],
      ClientRequestToken: token('success-2'),
    });
    expect((await executionDone(stopped)).PipelineExecutionStatus).toBe('Stopped');
    await ok('ListPipelineExecutionSteps', { PipelineExecutionArn: stopped });
  });

  it('jobs while they run and after: processing, training, tuning, model, transform; a selective run', async () => {
    const batch = new ProcessingStep({
      name: 'MakeBatch',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      code: join(fixtures, 'slow-batch.ts'),
      outputs: [{ outputName: 'batch', source: '/opt/ml/processing/batch' }],
    });
    const estimator = {
      imageUri: 'node',
      roleArn: role,
      instanceType: 'ml.m5.large',
      outputPath: 's3://sluice-local/models',
      code: join(fixtures, 'slow-train.ts'),
    };
    const train = new TrainingStep({ name: 'Train', ...estimator, hyperparameters: { scale: 10, seconds: 3 }, dependsOn: [batch] });
    const tune = new TuningStep({
      name: 'Tune',
      estimator: { ...estimator, hyperparameters: { seconds: 3 }, metricDefinitions: [{ name: 'objective', regex: 'objective: ([0-9\\.]+)' }] },
      objectiveMetricName: 'objective',
      objectiveType: 'Minimize',
      hyperparameterRanges: { scale: new ContinuousParameter({ min: 1, max: 10 }) },
      strategy: 'Random',
      maxJobs: 3,
      maxParallelJobs: 2,
      dependsOn: [batch],
    });
    const model = new ModelStep({
      name: 'Scaler',
      stepArgs: new Model({
        imageUri: 'node',
        roleArn: role,
        modelData: train.properties.ModelArtifacts.S3ModelArtifacts,
        code: join(transformFixtures, 'serve.ts'),
      }).create(),
    });
    const score = new TransformStep({
      name: 'Score',
      modelName: model.properties.ModelName,
      data: batch.properties.ProcessingOutputConfig.Outputs.get('batch').S3Output.S3Uri,
      contentType: 'text/csv',
      splitType: 'Line',
      strategy: 'MultiRecord',
      accept: 'text/csv',
      assembleWith: 'Line',
      instanceType: 'ml.m5.large',
      outputPath: 's3://sluice-local/scores',
    });
    await createPipeline(
      test.client,
      extrasClient(test.service),
      new Pipeline({ name: 'Work', steps: [batch, train, tune, model, score], defaultBucket: 'sluice-local' }),
    );
    const arn = await start('Work');

    const stepOf = async (name: string, status?: string): Promise<Record<string, unknown>> => {
      const listed = await until('ListPipelineExecutionSteps', { PipelineExecutionArn: arn }, (r) =>
        (r.PipelineExecutionSteps as Record<string, unknown>[]).some(
          (s) =>
            s.StepName === name &&
            (status === undefined || s.StepStatus === status) &&
            typeof s.Metadata === 'object' &&
            s.Metadata !== null &&
            Object.keys(s.Metadata).length > 0,
        ),
      );
      return (listed.PipelineExecutionSteps as Record<string, unknown>[]).find((s) => s.StepName === name)!;
    };
    const metadata = (step: Record<string, unknown>, kind: string) => (step.Metadata as Record<string, { Arn: string }>)[kind]!.Arn;

    const processing = jobName(metadata(await stepOf('MakeBatch', 'Executing'), 'ProcessingJob'));
    await until('DescribeProcessingJob', { ProcessingJobName: processing }, (r) => r.ProcessingJobStatus === 'InProgress');
    await ok('ListProcessingJobs', { StatusEquals: 'InProgress' });

    const training = jobName(metadata(await stepOf('Train', 'Executing'), 'TrainingJob'));
    await until('DescribeTrainingJob', { TrainingJobName: training }, (r) => r.TrainingJobStatus === 'InProgress');
    await ok('ListTrainingJobs', { StatusEquals: 'InProgress' });

    const tuning = jobName(metadata(await stepOf('Tune', 'Executing'), 'TuningJob'));
    await until('DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: tuning }, (r) => r.HyperParameterTuningJobStatus === 'InProgress');
    await ok('ListHyperParameterTuningJobs', { StatusEquals: 'InProgress' });
    await until('ListTrainingJobsForHyperParameterTuningJob', { HyperParameterTuningJobName: tuning }, (r) => (r.TrainingJobSummaries as unknown[]).length > 0);

    const transform = jobName(metadata(await stepOf('Score'), 'TransformJob'));
    await ok('DescribeTransformJob', { TransformJobName: transform });
    expect((await executionDone(arn)).PipelineExecutionStatus).toBe('Succeeded');

    await ok('DescribeProcessingJob', { ProcessingJobName: processing });
    await ok('DescribeTrainingJob', { TrainingJobName: training });
    await ok('DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: tuning });
    await ok('DescribeTransformJob', { TransformJobName: transform });
    const models = await ok('ListModels', {});
    const modelName = String((models.Models as Record<string, unknown>[])[0]!.ModelName);
    await ok('DescribeModel', { ModelName: modelName });
    for (const [operation, sortBys] of [
      ['ListProcessingJobs', ['Name', 'CreationTime', 'Status']],
      ['ListTrainingJobs', ['Name', 'CreationTime', 'Status']],
      ['ListTransformJobs', ['Name', 'CreationTime', 'Status']],
      ['ListHyperParameterTuningJobs', ['Name', 'CreationTime', 'Status']],
      ['ListModels', ['Name', 'CreationTime']],
    ] as const) {
      for (const SortBy of sortBys) for (const SortOrder of ['Ascending', 'Descending']) await ok(operation, { SortBy, SortOrder, MaxResults: 2 });
    }
    for (const SortBy of ['Name', 'CreationTime', 'Status', 'FinalObjectiveMetricValue']) {
      for (const SortOrder of ['Ascending', 'Descending'])
        await ok('ListTrainingJobsForHyperParameterTuningJob', { HyperParameterTuningJobName: tuning, SortBy, SortOrder, StatusEquals: 'Completed' });
    }
    await fails('DescribeTrainingJob', { TrainingJobName: 'ghost' }, 'ResourceNotFound');
    // The training job's log as CloudWatch Logs has it, checked against botocore's logs model.
    const streams = (await ok('DescribeLogStreams', { logGroupName: '/aws/sagemaker/TrainingJobs', logStreamNamePrefix: `${training}/` }, 'logs'))
      .logStreams as { logStreamName: string }[];
    expect(streams).toHaveLength(1);
    const events = await ok(
      'GetLogEvents',
      { logGroupName: '/aws/sagemaker/TrainingJobs', logStreamName: streams[0]!.logStreamName, startFromHead: true },
      'logs',
    );
    expect((events.events as { message: string }[]).map((event) => event.message)).toContain('objective: 10');
    for (const operation of ['ListProcessingJobs', 'ListTrainingJobs', 'ListTransformJobs', 'ListHyperParameterTuningJobs', 'ListModels']) {
      await fails(operation, { SortBy: 'Bogus' }, 'ValidationException');
    }
    for (const operation of ['ListProcessingJobs', 'ListTrainingJobs', 'ListTransformJobs', 'ListHyperParameterTuningJobs'])
      await fails(operation, { StatusEquals: 'Bogus' }, 'ValidationException');

    // Orders as the model documents them: the default SortOrder of each list, and a Minimize objective ascending.
    const names = async (operation: string, member: string, nameMember: string, params: Record<string, unknown> = {}) =>
      ((await ok(operation, { MaxResults: 100, ...params }))[member] as Record<string, unknown>[]).map((item) => String(item[nameMember]));
    const trainingByTime = await names('ListTrainingJobs', 'TrainingJobSummaries', 'TrainingJobName');
    expect(await names('ListTrainingJobs', 'TrainingJobSummaries', 'TrainingJobName', { SortOrder: 'Ascending', SortBy: 'CreationTime' })).toEqual(
      trainingByTime,
    );
    expect(await names('ListTrainingJobs', 'TrainingJobSummaries', 'TrainingJobName', { SortBy: 'Name' })).toEqual([...trainingByTime].sort());
    const objectives = async (SortOrder?: string) =>
      (
        (
          await ok('ListTrainingJobsForHyperParameterTuningJob', {
            HyperParameterTuningJobName: tuning,
            SortBy: 'FinalObjectiveMetricValue',
            ...(SortOrder ? { SortOrder } : {}),
          })
        ).TrainingJobSummaries as { FinalHyperParameterTuningJobObjectiveMetric: { Value: number } }[]
      ).map((summary) => summary.FinalHyperParameterTuningJobObjectiveMetric.Value);
    const best = await objectives();
    expect(best).toHaveLength(3);
    expect(best).toEqual([...best].sort((a, b) => a - b));
    expect(await objectives('Ascending')).toEqual(best);
    expect(await objectives('Descending')).toEqual([...best].reverse());
    const describedTuning = await ok('DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: tuning });
    const listedTuning = (
      (await ok('ListHyperParameterTuningJobs', { NameContains: tuning.slice(-10) })).HyperParameterTuningJobSummaries as Record<string, unknown>[]
    )[0]!;
    expect(listedTuning.CreationTime).toBe(describedTuning.CreationTime);

    const selective = await start('Work', { SelectiveExecutionConfig: { SourcePipelineExecutionArn: arn, SelectedSteps: [{ StepName: 'Score' }] } });
    expect((await executionDone(selective)).PipelineExecutionStatus).toBe('Succeeded');
    await ok('DescribePipelineExecution', { PipelineExecutionArn: selective });
    await ok('ListPipelineExecutionSteps', { PipelineExecutionArn: selective });

    // The model, endpoint config and endpoint operations, with the model the pipeline created.
    const container = (await ok('DescribeModel', { ModelName: modelName })).PrimaryContainer as Record<string, unknown>;
    await ok('CreateModel', { ModelName: 'scaler', PrimaryContainer: container, ExecutionRoleArn: role });
    await ok('CreateTransformJob', {
      TransformJobName: 'score-direct',
      ModelName: 'scaler',
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://sluice-local/scores' } },
        ContentType: 'text/csv',
        SplitType: 'Line',
      },
      TransformOutput: { S3OutputPath: 's3://sluice-local/scores-direct' },
      TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
    });
    await until('DescribeTransformJob', { TransformJobName: 'score-direct' }, (r) => terminal.includes(String(r.TransformJobStatus)));
    await ok('ListTransformJobs', { NameContains: 'score' });
    await ok('CreateEndpointConfig', {
      EndpointConfigName: 'scaler-1',
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'scaler', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
    });
    await ok('CreateEndpointConfig', {
      EndpointConfigName: 'scaler-2',
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'scaler', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
    });
    await ok('DescribeEndpointConfig', { EndpointConfigName: 'scaler-1' });
    await ok('ListEndpointConfigs', { NameContains: 'scaler' });
    await ok('CreateEndpoint', { EndpointName: 'scaler', EndpointConfigName: 'scaler-1' });
    await ok('DescribeEndpoint', { EndpointName: 'scaler' });
    await until('DescribeEndpoint', { EndpointName: 'scaler' }, (r) => r.EndpointStatus === 'InService' || r.EndpointStatus === 'Failed');
    await ok('ListEndpoints', { NameContains: 'scal' });
    await ok('UpdateEndpoint', { EndpointName: 'scaler', EndpointConfigName: 'scaler-2' });
    await until('DescribeEndpoint', { EndpointName: 'scaler' }, (r) => r.EndpointStatus === 'InService' || r.EndpointStatus === 'Failed');
    await ok('DeleteEndpoint', { EndpointName: 'scaler' });
    await until('ListEndpoints', { NameContains: 'scal' }, (r) => (r.Endpoints as unknown[]).length === 0);
    await ok('DeleteEndpointConfig', { EndpointConfigName: 'scaler-1' });
    await ok('DeleteModel', { ModelName: 'scaler' });
    await fails('DescribeModel', { ModelName: 'scaler' }, 'ValidationException');
  });

  it('training and processing jobs by name, outside a pipeline: create, describe, stop', async () => {
    const finished = ['Completed', 'Failed', 'Stopped'];
    await ok('CreateTrainingJob', {
      TrainingJobName: 'direct-train',
      RoleArn: role,
      AlgorithmSpecification: {
        TrainingImage: 'node',
        TrainingInputMode: 'File',
        ContainerEntrypoint: ['node', '-e', "require('fs').writeFileSync('/opt/ml/model/weights.txt', '1')"],
      },
      OutputDataConfig: { S3OutputPath: 's3://sluice-local/direct' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
    });
    const trained = await until('DescribeTrainingJob', { TrainingJobName: 'direct-train' }, (r) => finished.includes(String(r.TrainingJobStatus)));
    expect(trained).toMatchObject({
      TrainingJobStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: expect.stringContaining('s3://sluice-local/direct/direct-train/') },
    });
    await fails('StopTrainingJob', { TrainingJobName: 'direct-train' }, 'ValidationException');
    await fails('StopTrainingJob', { TrainingJobName: 'no-such-job' }, missingResource('StopTrainingJob', '').code);
    const again = await boto.call('CreateTrainingJob', {
      TrainingJobName: 'direct-train',
      RoleArn: role,
      AlgorithmSpecification: { TrainingImage: 'node', TrainingInputMode: 'File' },
      OutputDataConfig: { S3OutputPath: 's3://sluice-local/direct' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
    });
    expect({ error: again.error, message: again.message }).toEqual({
      error: 'ValidationException',
      message: expect.stringContaining('a job with this name already exists'),
    });

    await ok('CreateProcessingJob', {
      ProcessingJobName: 'direct-wait',
      RoleArn: role,
      AppSpecification: { ImageUri: 'node', ContainerEntrypoint: ['node', '-e', 'setTimeout(() => {}, 60000)'] },
      ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 } },
    });
    expect(await ok('DescribeProcessingJob', { ProcessingJobName: 'direct-wait' })).toMatchObject({ ProcessingJobStatus: 'InProgress' });
    await ok('StopProcessingJob', { ProcessingJobName: 'direct-wait' });
    const stopped = await until('DescribeProcessingJob', { ProcessingJobName: 'direct-wait' }, (r) => finished.includes(String(r.ProcessingJobStatus)));
    expect([stopped.ProcessingJobStatus, stopped.FailureReason]).toEqual(['Stopped', 'Stopped by StopProcessingJob']);
    await fails('StopProcessingJob', { ProcessingJobName: 'no-such-job' }, missingResource('StopProcessingJob', '').code);
    await ok('CreateTrainingJob', {
      TrainingJobName: 'direct-long',
      RoleArn: role,
      AlgorithmSpecification: { TrainingImage: 'node', TrainingInputMode: 'File', ContainerEntrypoint: ['node', '-e', 'setTimeout(() => {}, 60000)'] },
      OutputDataConfig: { S3OutputPath: 's3://sluice-local/direct' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
    });
    await until('DescribeTrainingJob', { TrainingJobName: 'direct-long' }, (r) => r.SecondaryStatus === 'Training');
    await ok('StopTrainingJob', { TrainingJobName: 'direct-long' });
    const stoppedTraining = await until('DescribeTrainingJob', { TrainingJobName: 'direct-long' }, (r) => finished.includes(String(r.TrainingJobStatus)));
    expect([stoppedTraining.TrainingJobStatus, stoppedTraining.FailureReason]).toEqual(['Stopped', 'Stopped by StopTrainingJob']);
  });

  it('a tuning job by name, outside a pipeline: create, describe its trials, stop', async () => {
    // Its trials run a Node.js script in script mode, a minute long unless stopped.
    await ok('CreateBucket', { Bucket: 'tuning-code' }, 's3');
    await ok('PutObject', { Bucket: 'tuning-code', Key: 'code/sleep.js', Body: 'console.log("loss=1"); setTimeout(() => {}, 60000);\n' }, 's3');
    await ok('CreateHyperParameterTuningJob', {
      HyperParameterTuningJobName: 'direct-tune',
      HyperParameterTuningJobConfig: {
        Strategy: 'Random',
        ResourceLimits: { MaxNumberOfTrainingJobs: 1, MaxParallelTrainingJobs: 1 },
        ParameterRanges: { IntegerParameterRanges: [{ Name: 'depth', MinValue: '1', MaxValue: '3' }] },
        HyperParameterTuningJobObjective: { Type: 'Minimize', MetricName: 'loss' },
      },
      TrainingJobDefinition: {
        AlgorithmSpecification: { TrainingImage: 'node', TrainingInputMode: 'File', MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }] },
        RoleArn: role,
        OutputDataConfig: { S3OutputPath: 's3://sluice-local/tune' },
        ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
        StoppingCondition: { MaxRuntimeInSeconds: 600 },
        StaticHyperParameters: { sagemaker_program: 'sleep.js', sagemaker_submit_directory: 's3://tuning-code/code' },
      },
    });
    await until(
      'DescribeHyperParameterTuningJob',
      { HyperParameterTuningJobName: 'direct-tune' },
      (r) => Number((r.TrainingJobStatusCounters as { InProgress?: number } | undefined)?.InProgress ?? 0) > 0,
    );
    // The trial runs under a name SageMaker's shape: <tuning job>-<trial>-<random>.
    const trials = await until('ListTrainingJobs', { NameContains: 'direct-tune' }, (r) => (r.TrainingJobSummaries as unknown[]).length > 0);
    expect(String((trials.TrainingJobSummaries as { TrainingJobName: string }[])[0]?.TrainingJobName)).toMatch(/^direct-tune-001-[0-9a-f]{8}$/);
    await ok('StopHyperParameterTuningJob', { HyperParameterTuningJobName: 'direct-tune' });
    const stopped = await until('DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: 'direct-tune' }, (r) =>
      ['Completed', 'Failed', 'Stopped'].includes(String(r.HyperParameterTuningJobStatus)),
    );
    expect([stopped.HyperParameterTuningJobStatus, stopped.FailureReason]).toEqual(['Stopped', 'Stopped by StopHyperParameterTuningJob']);
    await fails('StopHyperParameterTuningJob', { HyperParameterTuningJobName: 'no-such-tune' }, missingResource('StopHyperParameterTuningJob', '').code);
  });

  it('the model registry: groups and versions, approval, deletion', async () => {
    await ok('CreateModelPackageGroup', { ModelPackageGroupName: 'Scalers', ModelPackageGroupDescription: 'scale models' });
    await ok('DescribeModelPackageGroup', { ModelPackageGroupName: 'Scalers' });
    await ok('ListModelPackageGroups', { NameContains: 'Scal' });
    const created = await ok('CreateModelPackage', {
      ModelPackageGroupName: 'Scalers',
      ModelPackageDescription: 'a scaler',
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: {
        Containers: [{ Image: 'node', ModelDataUrl: 's3://sluice-local/models/model.tar.gz' }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv'],
      },
      CustomerMetadataProperties: { owner: 'ml' },
    });
    const packageArn = String(created.ModelPackageArn);
    await ok('DescribeModelPackage', { ModelPackageName: packageArn });
    await ok('ListModelPackages', { ModelPackageGroupName: 'Scalers', SortBy: 'CreationTime', SortOrder: 'Descending' });
    await ok('UpdateModelPackage', { ModelPackageArn: packageArn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'good' });
    await ok('DeleteModelPackage', { ModelPackageName: packageArn });
    await ok('DeleteModelPackageGroup', { ModelPackageGroupName: 'Scalers' });
  });

  it('lineage: what the jobs and the registry recorded, queried; what a client adds and removes', async () => {
    const artifacts = await ok('ListArtifacts', { ArtifactType: 'DataSet', SortBy: 'CreationTime', SortOrder: 'Ascending', MaxResults: 50 });
    const dataSet = String((artifacts.ArtifactSummaries as { ArtifactArn: string }[])[0]!.ArtifactArn);
    await ok('DescribeArtifact', { ArtifactArn: dataSet });
    const walked = await ok('QueryLineage', { StartArns: [dataSet], Direction: 'Both', IncludeEdges: true, MaxDepth: 3 });
    expect((walked.Edges as unknown[]).length).toBeGreaterThan(0);
    await ok('QueryLineage', { StartArns: [dataSet], Direction: 'Descendants', IncludeEdges: false, Filters: { LineageTypes: ['TrialComponent'] } });
    const components = await ok('ListTrialComponents', { SortBy: 'CreationTime', SortOrder: 'Descending' });
    await ok('DescribeTrialComponent', { TrialComponentName: (components.TrialComponentSummaries as { TrialComponentName: string }[])[0]!.TrialComponentName });
    await ok('ListAssociations', { DestinationType: 'TrialComponent', SortBy: 'CreationTime', SortOrder: 'Ascending' });
    await ok('ListContexts', { ContextType: 'ModelGroup' });
    await ok('ListActions', { ActionType: 'Approval', SortBy: 'Name', SortOrder: 'Ascending' });
    const artifact = await ok('CreateArtifact', {
      ArtifactName: 'labels',
      ArtifactType: 'DataSet',
      Source: { SourceUri: 's3://sluice-local/labels.csv', SourceTypes: [{ SourceIdType: 'S3ETag', Value: 'abc' }] },
      Properties: { owner: 'ml' },
    });
    await ok('CreateAction', {
      ActionName: 'conformance-review',
      ActionType: 'Review',
      Source: { SourceUri: 's3://sluice-local/labels.csv', SourceType: 'S3' },
      Status: 'Completed',
      Description: 'a review',
    });
    const action = await ok('DescribeAction', { ActionName: 'conformance-review' });
    await ok('CreateContext', { ContextName: 'conformance-study', ContextType: 'Study', Source: { SourceUri: 'study-1' }, Description: 'a study' });
    await ok('DescribeContext', { ContextName: 'conformance-study' });
    const association = { SourceArn: artifact.ArtifactArn, DestinationArn: action.ActionArn };
    await ok('AddAssociation', { ...association, AssociationType: 'ContributedTo' });
    await ok('DeleteAssociation', association);
    await ok('DeleteArtifact', { ArtifactArn: artifact.ArtifactArn });
  });

  it('projects: create from a template, describe, list, delete', async () => {
    await ok('CreateProject', { ProjectName: 'conformance', ProjectDescription: 'checks', ServiceCatalogProvisioningDetails: { ProductId: 'empty' } });
    await ok('DescribeProject', { ProjectName: 'conformance' });
    await ok('ListProjects', { SortBy: 'Name', SortOrder: 'Ascending' });
    // Projects here have no type, which SageMaker lists under CLASSIC (docs/differences.md).
    const names = (response: Record<string, unknown>) => (response.ProjectSummaryList as { ProjectName: string }[]).map((project) => project.ProjectName);
    expect(names(await ok('ListProjects', { ProjectType: 'CLASSIC' }))).toContain('conformance');
    expect(names(await ok('ListProjects', { ProjectType: 'STANDARD' }))).toEqual([]);
    await ok('DeleteProject', { ProjectName: 'conformance' });
  });

  it('S3 and STS: the basic operations, as botocore parses them, against its s3 and sts models', async () => {
    const s3 = (operation: string, params: Record<string, unknown>) => ok(operation, params, 's3');
    await s3('CreateBucket', { Bucket: 'conformance' });
    await s3('ListBuckets', {});
    await s3('HeadBucket', { Bucket: 'conformance' });
    await s3('PutObject', { Bucket: 'conformance', Key: 'data/a.csv', Body: '1,2\n', ContentType: 'text/csv', Metadata: { owner: 'ml' } });
    await s3('HeadObject', { Bucket: 'conformance', Key: 'data/a.csv' });
    expect((await s3('GetObject', { Bucket: 'conformance', Key: 'data/a.csv' })).Body).toBe('1,2\n');
    await s3('CopyObject', { Bucket: 'conformance', Key: 'data/b.csv', CopySource: 'conformance/data/a.csv' });
    await s3('ListObjectsV2', { Bucket: 'conformance', Prefix: 'data/', Delimiter: '/' });
    await s3('ListObjects', { Bucket: 'conformance' });
    const upload = await s3('CreateMultipartUpload', { Bucket: 'conformance', Key: 'big.bin' });
    const part = await s3('UploadPart', { Bucket: 'conformance', Key: 'big.bin', UploadId: upload.UploadId, PartNumber: 1, Body: 'tail' });
    await s3('CompleteMultipartUpload', {
      Bucket: 'conformance',
      Key: 'big.bin',
      UploadId: upload.UploadId,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    });
    await s3('DeleteObjects', { Bucket: 'conformance', Delete: { Objects: [{ Key: 'data/a.csv' }, { Key: 'data/b.csv' }, { Key: 'big.bin' }] } });
    await s3('DeleteBucket', { Bucket: 'conformance' });
    const sts = (operation: string, params: Record<string, unknown>) => ok(operation, params, 'sts');
    await sts('GetCallerIdentity', {});
    await sts('AssumeRole', { RoleArn: role, RoleSessionName: 'conformance' });
    await sts('GetSessionToken', {});
  });

  it("Search over what it holds, ListTags, and a training job's metrics through CloudWatch", async () => {
    await ok('CreateTrainingJob', {
      TrainingJobName: 'searched',
      RoleArn: role,
      AlgorithmSpecification: {
        TrainingImage: 'node',
        TrainingInputMode: 'File',
        MetricDefinitions: [{ Name: 'loss', Regex: 'loss=([0-9.]+)' }],
        ContainerEntrypoint: ['node', '-e', "console.log('loss=0.25'); console.log('loss=0.75')"],
      },
      OutputDataConfig: { S3OutputPath: 's3://sluice-local/searched' },
      ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 1 },
      StoppingCondition: { MaxRuntimeInSeconds: 600 },
      Tags: [{ Key: 'team', Value: 'search' }],
    });
    const job = await until('DescribeTrainingJob', { TrainingJobName: 'searched' }, (r) => ['Completed', 'Failed'].includes(String(r.TrainingJobStatus)));
    expect(job.TrainingJobStatus).toBe('Completed');
    const found = async (expression: Record<string, unknown>) =>
      (
        (await ok('Search', { Resource: 'TrainingJob', SearchExpression: expression, MaxResults: 100 })).Results as {
          TrainingJob: { TrainingJobName: string };
        }[]
      ).map((result) => result.TrainingJob.TrainingJobName);
    expect(await found({ Filters: [{ Name: 'Tags.team', Value: 'search' }] })).toEqual(['searched']);
    expect(
      await found({
        Filters: [
          { Name: 'TrainingJobName', Value: 'searched' },
          { Name: 'Metrics.loss', Operator: 'GreaterThan', Value: '0.5' },
        ],
      }),
    ).toEqual(['searched']);
    expect(
      await found({
        Filters: [
          { Name: 'TrainingJobName', Value: 'searched' },
          { Name: 'Metrics.loss', Operator: 'LessThan', Value: '0.5' },
        ],
      }),
    ).toEqual([]);
    // A nested filter holds when one element of the list meets all its filters: the final loss is 0.75.
    const nested = (value: string) => ({
      Filters: [{ Name: 'TrainingJobName', Operator: 'In', Value: 'searched,direct-train' }],
      NestedFilters: [
        {
          NestedPropertyName: 'FinalMetricDataList',
          Filters: [
            { Name: 'FinalMetricDataList.MetricName', Value: 'loss' },
            { Name: 'FinalMetricDataList.Value', Operator: 'GreaterThanOrEqualTo', Value: value },
          ],
        },
      ],
    });
    expect(await found(nested('0.75'))).toEqual(['searched']);
    expect(await found(nested('0.8'))).toEqual([]);
    expect(
      await found({
        SubExpressions: [{ Filters: [{ Name: 'TrainingJobName', Value: 'searched' }] }, { Filters: [{ Name: 'TrainingJobName', Value: 'direct-train' }] }],
        Operator: 'Or',
      }),
    ).toHaveLength(2);
    // Newest first by default; pages of one.
    const first = await ok('Search', { Resource: 'TrainingJob', MaxResults: 1 });
    expect((first.Results as { TrainingJob: { TrainingJobName: string } }[])[0]!.TrainingJob.TrainingJobName).toBe('searched');
    await ok('Search', { Resource: 'TrainingJob', MaxResults: 1, NextToken: first.NextToken });
    // Every resource Search covers, each result checked against its entity's shape.
    for (const Resource of [
      'TrainingJob',
      'HyperParameterTuningJob',
      'ModelPackage',
      'ModelPackageGroup',
      'Pipeline',
      'PipelineExecution',
      'Endpoint',
      'Project',
    ])
      await ok('Search', { Resource, MaxResults: 100, SortBy: 'CreationTime', SortOrder: 'Ascending' });
    await fails('Search', { Resource: 'FeatureGroup' }, 'ValidationException');
    await fails(
      'Search',
      { Resource: 'TrainingJob', SearchExpression: { Filters: [{ Name: 'TrainingJobName', Operator: 'GreaterThan' }] } },
      'ValidationException',
    );

    const arn = String(job.TrainingJobArn);
    expect((await ok('ListTags', { ResourceArn: arn })).Tags).toEqual([{ Key: 'team', Value: 'search' }]);
    // AddTags replaces the value of a key the resource has; DeleteTags removes by key.
    await ok('AddTags', {
      ResourceArn: arn,
      Tags: [
        { Key: 'team', Value: 'found' },
        { Key: 'stage', Value: 'test' },
      ],
    });
    expect((await ok('ListTags', { ResourceArn: arn })).Tags).toEqual([
      { Key: 'team', Value: 'found' },
      { Key: 'stage', Value: 'test' },
    ]);
    await ok('DeleteTags', { ResourceArn: arn, TagKeys: ['team'] });
    expect((await ok('ListTags', { ResourceArn: arn, MaxResults: 50 })).Tags).toEqual([{ Key: 'stage', Value: 'test' }]);
    expect(await found({ Filters: [{ Name: 'Tags.stage', Value: 'test' }] })).toEqual(['searched']);
    const statistics = await ok(
      'GetMetricStatistics',
      {
        Namespace: '/aws/sagemaker/TrainingJobs',
        MetricName: 'loss',
        Dimensions: [{ Name: 'Host', Value: 'searched/algo-1' }],
        StartTime: new Date(Date.now() - 3600_000).toISOString(),
        EndTime: new Date(Date.now() + 60_000).toISOString(),
        Period: 3600,
        Statistics: ['SampleCount', 'Sum', 'Maximum'],
        ExtendedStatistics: ['p50'],
      },
      'cloudwatch',
    );
    const points = statistics.Datapoints as { SampleCount: number; Sum: number; Maximum: number }[];
    expect(points.reduce((count, point) => count + point.SampleCount, 0)).toBe(2);
    expect(Math.max(...points.map((point) => point.Maximum))).toBe(0.75);
    const badPeriod = await boto.call(
      'GetMetricStatistics',
      {
        Namespace: '/aws/sagemaker/TrainingJobs',
        MetricName: 'loss',
        StartTime: new Date(0).toISOString(),
        EndTime: new Date().toISOString(),
        Period: 7,
        Statistics: ['Sum'],
      },
      'cloudwatch',
    );
    expect(badPeriod.message).toContain('Period must be 1, 5, 10, 30 or a multiple of 60');
  });

  it('experiments, trials and trial components: create, update, associate, log metrics, search, delete', async () => {
    await ok('CreateExperiment', { ExperimentName: 'conformance-exp', DisplayName: 'Conformance', Description: 'checks', Tags: [{ Key: 'k', Value: 'v' }] });
    await fails('CreateExperiment', { ExperimentName: 'conformance-exp' }, 'ValidationException');
    expect(await ok('DescribeExperiment', { ExperimentName: 'conformance-exp' })).toMatchObject({ DisplayName: 'Conformance', Description: 'checks' });
    for (const SortBy of ['Name', 'CreationTime']) await ok('ListExperiments', { SortBy, SortOrder: 'Ascending', MaxResults: 5 });
    await ok('CreateTrial', { TrialName: 'conformance-trial', ExperimentName: 'conformance-exp' });
    await fails('CreateTrial', { TrialName: 'orphan', ExperimentName: 'no-such-exp' }, 'ResourceNotFound');
    await ok('DescribeTrial', { TrialName: 'conformance-trial' });
    await ok('CreateTrialComponent', {
      TrialComponentName: 'conformance-run',
      Status: { PrimaryStatus: 'InProgress', Message: 'running' },
      StartTime: new Date().toISOString(),
      Parameters: { rate: { NumberValue: 0.1 }, optimizer: { StringValue: 'adam' } },
      InputArtifacts: { data: { MediaType: 'text/csv', Value: 's3://sluice-local/data.csv' } },
    });
    await ok('UpdateTrialComponent', {
      TrialComponentName: 'conformance-run',
      Status: { PrimaryStatus: 'Completed' },
      EndTime: new Date().toISOString(),
      Parameters: { epochs: { NumberValue: 3 } },
      ParametersToRemove: ['optimizer'],
      OutputArtifacts: { model: { Value: 's3://sluice-local/model.tar.gz' } },
    });
    await ok('AssociateTrialComponent', { TrialComponentName: 'conformance-run', TrialName: 'conformance-trial' });
    const names = (response: Record<string, unknown>) => (response.TrialSummaries as { TrialName: string }[]).map((trial) => trial.TrialName);
    expect(names(await ok('ListTrials', { ExperimentName: 'conformance-exp' }))).toEqual(['conformance-trial']);
    expect(names(await ok('ListTrials', { TrialComponentName: 'conformance-run' }))).toEqual(['conformance-trial']);
    const held = await ok('ListTrialComponents', { ExperimentName: 'conformance-exp', SortBy: 'Name', SortOrder: 'Ascending' });
    expect((held.TrialComponentSummaries as { TrialComponentName: string }[]).map((summary) => summary.TrialComponentName)).toEqual(['conformance-run']);
    await ok('ListTrialComponents', { TrialName: 'conformance-trial' });
    const now = Date.now() / 1000;
    const put = await ok(
      'BatchPutMetrics',
      {
        TrialComponentName: 'conformance-run',
        MetricData: [
          { MetricName: 'loss', Timestamp: new Date(now * 1000).toISOString(), Step: 0, Value: 0.5 },
          { MetricName: 'loss', Timestamp: new Date(now * 1000 + 1000).toISOString(), Step: 1, Value: 0.25 },
        ],
      },
      'sagemaker-metrics',
    );
    expect(put.Errors ?? []).toEqual([]);
    const described = await ok('DescribeTrialComponent', { TrialComponentName: 'conformance-run' });
    expect(described).toMatchObject({
      Status: { PrimaryStatus: 'Completed' },
      Parameters: { rate: { NumberValue: 0.1 }, epochs: { NumberValue: 3 } },
      InputArtifacts: { data: { MediaType: 'text/csv', Value: 's3://sluice-local/data.csv' } },
      OutputArtifacts: { model: { Value: 's3://sluice-local/model.tar.gz' } },
      Metrics: [{ MetricName: 'loss', Count: 2, Min: 0.25, Max: 0.5, Last: 0.25, Avg: 0.375 }],
    });
    expect(Object.keys(described.Parameters as object)).not.toContain('optimizer');
    const searched = await ok('Search', {
      Resource: 'ExperimentTrialComponent',
      SearchExpression: { Filters: [{ Name: 'Parents.ExperimentName', Value: 'conformance-exp' }] },
    });
    expect(searched.Results).toEqual([
      {
        TrialComponent: expect.objectContaining({
          TrialComponentName: 'conformance-run',
          Parents: [{ TrialName: 'conformance-trial', ExperimentName: 'conformance-exp' }],
        }),
      },
    ]);
    await ok('Search', { Resource: 'Experiment', SearchExpression: { Filters: [{ Name: 'Tags.k', Value: 'v' }] } });
    await ok('Search', { Resource: 'ExperimentTrial' });
    await ok('Search', { Resource: 'ExperimentTrialComponent', MaxResults: 100 });
    await fails('DeleteTrial', { TrialName: 'conformance-trial' }, 'ValidationException');
    await fails('DeleteTrialComponent', { TrialComponentName: 'conformance-run' }, 'ValidationException');
    await ok('DisassociateTrialComponent', { TrialComponentName: 'conformance-run', TrialName: 'conformance-trial' });
    await fails('DisassociateTrialComponent', { TrialComponentName: 'conformance-run', TrialName: 'conformance-trial' }, 'ResourceNotFound');
    await ok('DeleteTrialComponent', { TrialComponentName: 'conformance-run' });
    await fails('DeleteExperiment', { ExperimentName: 'conformance-exp' }, 'ValidationException');
    await ok('DeleteTrial', { TrialName: 'conformance-trial' });
    await ok('DeleteExperiment', { ExperimentName: 'conformance-exp' });
  });

  it('answers a request for something missing with the error docs/differences.md names', async () => {
    const missing: [string, Record<string, unknown>][] = [
      ['DescribePipeline', { PipelineName: 'Ghost' }],
      ['DescribePipelineExecution', { PipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/ghost/execution/zzzzzzzzzzzz' }],
      ['DescribeProcessingJob', { ProcessingJobName: 'ghost' }],
      ['DescribeTrainingJob', { TrainingJobName: 'ghost' }],
      ['DescribeTransformJob', { TransformJobName: 'ghost' }],
      ['DescribeHyperParameterTuningJob', { HyperParameterTuningJobName: 'ghost' }],
      ['DescribeModel', { ModelName: 'ghost' }],
      ['DeleteModel', { ModelName: 'ghost' }],
      ['DescribeEndpoint', { EndpointName: 'ghost' }],
      ['DescribeEndpointConfig', { EndpointConfigName: 'ghost' }],
      ['DescribeModelPackageGroup', { ModelPackageGroupName: 'ghost' }],
      ['DescribeModelPackage', { ModelPackageName: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/ghost/1' }],
      ['DescribeProject', { ProjectName: 'ghost' }],
      ['DescribeArtifact', { ArtifactArn: 'arn:aws:sagemaker:us-east-1:000000000000:artifact/00000000000000000000000000000000' }],
      ['DescribeAction', { ActionName: 'ghost' }],
      ['DescribeContext', { ContextName: 'ghost' }],
      ['DescribeTrialComponent', { TrialComponentName: 'ghost' }],
      ['ListTags', { ResourceArn: 'arn:aws:sagemaker:us-east-1:000000000000:training-job/ghost' }],
      ['AddTags', { ResourceArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/ghost', Tags: [{ Key: 'k', Value: 'v' }] }],
      ['DeleteTags', { ResourceArn: 'arn:aws:sagemaker:us-east-1:000000000000:model/ghost', TagKeys: ['k'] }],
      ['DescribeExperiment', { ExperimentName: 'ghost' }],
      ['DescribeTrial', { TrialName: 'ghost' }],
      ['UpdateTrialComponent', { TrialComponentName: 'ghost' }],
      ['ListTrialComponents', { ExperimentName: 'ghost' }],
    ];
    for (const [operation, params] of missing) await fails(operation, params, missingResource(operation, '').code);
  });

  it("refuses a value outside the model's enum in every enum member of the operations that need no other input", async () => {
    const sageMaker = Object.keys(operations)
      .filter((target) => target.startsWith('SageMaker.'))
      .map((target) => target.slice('SageMaker.'.length));
    const script = join(repoRoot, 'test', 'conformance', 'conformance.py');
    const listed = spawnSync(testVenvPython, [script, 'http://127.0.0.1:9', 'key', 'secret', 'us-east-1', '--input-enums', ...sageMaker], { encoding: 'utf8' });
    const members = JSON.parse(listed.stdout) as [string, string][];
    expect(members.length).toBeGreaterThan(30);
    const accepted: string[] = [];
    for (const [operation, member] of members) {
      const result = await boto.call(operation, { [member]: 'Bogus' });
      note(result);
      if (result.error !== 'ValidationException') accepted.push(`${operation}.${member}: ${result.error ?? 'accepted'}`);
    }
    expect(accepted).toEqual([]);
  });

  it("answers EventBridge Scheduler's schedule operations (its REST API) in Scheduler's shapes", async () => {
    const definition = { Version: '2020-12-01', Parameters: [], Steps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'stop' } }] };
    await ok('CreatePipeline', {
      PipelineName: 'Scheduled',
      PipelineDefinition: JSON.stringify(definition),
      RoleArn: role,
      ClientRequestToken: token('scheduled'),
    });
    const target = {
      Arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/scheduled',
      RoleArn: role,
      SageMakerPipelineParameters: { PipelineParameterList: [] },
      RetryPolicy: { MaximumEventAgeInSeconds: 60, MaximumRetryAttempts: 0 },
    };
    const schedule = { Name: 'nightly', ScheduleExpression: 'cron(0 2 * * ? *)', FlexibleTimeWindow: { Mode: 'OFF' }, Target: target };
    await ok('CreateSchedule', { ...schedule, StartDate: '2030-01-01T00:00:00Z' }, 'scheduler');
    await ok('UpdateSchedule', { ...schedule, State: 'DISABLED' }, 'scheduler');
    expect(await ok('GetSchedule', { Name: 'nightly' }, 'scheduler')).toMatchObject({ State: 'DISABLED', ScheduleExpression: 'cron(0 2 * * ? *)' });
    expect(await ok('ListSchedules', { NamePrefix: 'night' }, 'scheduler')).toMatchObject({ Schedules: [{ Name: 'nightly', GroupName: 'default' }] });
    await ok('DeleteSchedule', { Name: 'nightly' }, 'scheduler');
    const missing = await boto.call('GetSchedule', { Name: 'nightly' }, 'scheduler');
    note(missing);
    expect(missing.error).toBe('ResourceNotFoundException');
    const invalid = await boto.call('CreateSchedule', { ...schedule, ScheduleExpression: 'cron(0 2 * * * *)' }, 'scheduler');
    expect({ error: invalid.error, message: invalid.message }).toEqual({
      error: 'ValidationException',
      message: expect.stringContaining('day-of-week must be "?"'),
    });
  });

  it('covers every SageMaker and CloudWatch Logs operation in the handler table (SluiceLocal extras are exempt)', () => {
    const modelled = Object.keys(operations).filter((target) => !target.startsWith(localTargetPrefix));
    expect(modelled.filter((target) => !covered.has(target))).toEqual([]);
    // The extras are listed (and documented) in service/differences.ts; differences.test.ts checks that list.
    expect(Object.keys(operations).filter((target) => target.startsWith(localTargetPrefix)).length).toBeGreaterThan(0);
  });
});
