// Event triggers on the local service: an approved model version starts the deploy pipeline with the version's ARN,
// and an object put under a prefix (through S3's API) starts its pipeline with the object's key.
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateModelPackageCommand, CreateModelPackageGroupCommand, UpdateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { ConditionEquals, ConditionStep, FailStep, ParameterString, Pipeline, Session, fromEvent } from '../../kernel-lib/src/index.js';
import { writeState } from '../../kernel-lib/src/home/instance.js';
import { version } from '../../kernel-lib/src/version.js';
import { s3Client } from '../s3/s3-harness.js';
import { extrasClient } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

/** A one-step pipeline that fails when its parameter is empty: the executions show the value it was started with. */
function pipelineReading(name: string, parameterName: string): Pipeline {
  const parameter = new ParameterString({ name: parameterName, defaultValue: '' });
  const empty = new ConditionEquals({ left: parameter, right: '' });
  return new Pipeline({
    name,
    parameters: [parameter],
    steps: [new ConditionStep({ name: 'Check', conditions: [empty], ifSteps: [new FailStep({ name: 'NoValue', errorMessage: `no ${parameterName}` })] })],
  });
}

describe('event triggers on the local service', () => {
  let test: TestService;
  let session: Session;

  /** The executions of a pipeline that a trigger started: the trigger's name and the parameter's value. */
  async function triggered(pipeline: string, parameter: string, count: number): Promise<{ trigger?: string; value?: string }[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const listed = await extrasClient(test.service).call('ListPipelineExecutions', { PipelineName: pipeline, SortOrder: 'Ascending' });
      const found = listed.PipelineExecutionSummaries.filter((summary) => summary.StartedBy?.Kind === 'Trigger').map((summary) => ({
        trigger: summary.StartedBy?.Name,
        value: summary.PipelineParameters.find((entry) => entry.Name === parameter)?.Value,
      }));
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    test = await startTestService();
    const { service } = test;
    writeState({ pid: process.pid, port: service.port, endpoint: service.endpoint, home: service.home, startedAt: new Date().toISOString(), version });
    session = Session.local({ home: service.home });
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('starts the deploy pipeline when a version of the model group is approved, with the version from the event', async () => {
    const deploy = pipelineReading('DeployChurn', 'ModelPackageArn');
    await deploy.upsert({ session });
    await deploy.trigger({
      name: 'deploy-approved',
      on: { modelPackageApproved: { group: 'Churn' } },
      parameters: { ModelPackageArn: fromEvent('$.detail.ModelPackageArn') },
      session,
    });

    await test.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Churn' }));
    await test.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Other' }));
    const container = {
      InferenceSpecification: { Containers: [{ Image: 'xgboost:1.7-1' }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] },
    };
    const pending = await test.client.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'Churn', ...container }));
    const elsewhere = await test.client.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'Other', ModelApprovalStatus: 'Approved', ...container }));
    expect(elsewhere.ModelPackageArn).toBeDefined();
    // Registered pending: nothing starts until someone approves it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await triggered('DeployChurn', 'ModelPackageArn', 0)).toEqual([]);

    await test.client.send(new UpdateModelPackageCommand({ ModelPackageArn: pending.ModelPackageArn, ModelApprovalStatus: 'Approved' }));
    expect(await triggered('DeployChurn', 'ModelPackageArn', 1)).toEqual([{ trigger: 'deploy-approved', value: pending.ModelPackageArn }]);
    // Approving again is no new approval.
    await test.client.send(
      new UpdateModelPackageCommand({ ModelPackageArn: pending.ModelPackageArn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'again' }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await triggered('DeployChurn', 'ModelPackageArn', 1)).toHaveLength(1);
  });

  it('starts the ingest pipeline when an object lands under its prefix, with the key from the event', async () => {
    const ingest = pipelineReading('Ingest', 'InputKey');
    await ingest.upsert({ session });
    await ingest.trigger({
      name: 'new-data',
      on: { s3ObjectCreated: { bucket: 'landing', prefix: 'incoming/' } },
      parameters: { InputKey: fromEvent('$.detail.object.key') },
      session,
    });
    const s3 = s3Client(test.service);
    await s3.send(new CreateBucketCommand({ Bucket: 'landing' }));
    await s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'elsewhere/day0.csv', Body: 'a,b\n' }));
    await s3.send(new PutObjectCommand({ Bucket: 'landing', Key: 'incoming/day1.csv', Body: 'a,b\n1,2\n' }));
    expect(await triggered('Ingest', 'InputKey', 1)).toEqual([{ trigger: 'new-data', value: 'incoming/day1.csv' }]);
    s3.destroy();
  });

  it('refuses a trigger on the AWS session with a clear message, and a bad one on the local service', async () => {
    const aws = Session.aws({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/R', endpoint: 'http://127.0.0.1:9' });
    await expect(pipelineReading('Ingest', 'InputKey').trigger({ name: 't', on: { s3ObjectCreated: { bucket: 'b' } }, session: aws })).rejects.toThrow(
      /not yet on the AWS session/,
    );
    await expect(
      extrasClient(test.service).call('PutTrigger', {
        Name: 't',
        PipelineName: 'Missing',
        Event: { S3ObjectCreated: { Bucket: 'landing', Prefix: '' } },
        Parameters: [],
      }),
    ).rejects.toThrow(/Pipeline 'Missing' does not exist/);
    expect(() => fromEvent('detail.key')).toThrow(/not a path such as \$\.detail\.ModelPackageArn/);
  });
});
