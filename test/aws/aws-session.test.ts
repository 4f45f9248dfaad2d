// The AWS session against a real moto server: upsert, code upload, big definitions, executions and
// the model registry, as far as moto emulates them (see shared/reference/emulator-and-caching.md).
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CreateModelPackageCommand, CreateModelPackageGroupCommand, DescribePipelineCommand, ListPipelinesCommand } from '@aws-sdk/client-sagemaker';
import { ModelRegistry, Pipeline, ProcessingStep, Session, type AwsSession } from '../../kernel-lib/src/index.js';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { motoSession, startMoto, type MotoServer } from './moto-harness.js';

describe('the AWS session against moto', () => {
  let moto: MotoServer;
  let session: AwsSession;
  let sent: string[];

  beforeAll(async () => {
    moto = await startMoto();
    ({ session, sent } = await motoSession(moto, '111122223333'));
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it("names the default bucket after the region and the role's account, and needs one of them", () => {
    expect(session.defaultBucket).toBe('sagemaker-us-east-1-111122223333');
    expect(Session.aws({ region: 'eu-west-1', roleArn: 'arn:aws:iam::444455556666:role/R' }).defaultBucket).toBe('sagemaker-eu-west-1-444455556666');
    expect(Session.aws({ region: 'eu-west-1', roleArn: 'r', defaultBucket: 'mine' }).defaultBucket).toBe('mine');
    expect(() => Session.aws({ region: 'eu-west-1', roleArn: 'SageMakerRole' })).toThrow(/give defaultBucket/);
  });

  it('creates the abalone pipeline, then updates it, uploading its code only once', async () => {
    const pipeline = abalonePipeline({
      name: 'Abalone',
      bucket: session.defaultBucket,
      inputDataUrl: 's3://data/abalone.csv',
      modelPackageGroupName: 'AbaloneModels',
    });
    const { definition, codeAssets } = pipeline.compileFor(session.defaultBucket);
    expect(codeAssets.length).toBeGreaterThan(0);

    sent.length = 0;
    expect(await pipeline.upsert({ session, description: 'first' })).toMatchObject({
      created: true,
      pipelineArn: 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/Abalone',
    });
    expect(sent.filter((call) => call === 'S3.PutObject')).toHaveLength(codeAssets.length);
    expect(sent).toContain('S3.CreateBucket');

    sent.length = 0;
    expect(await pipeline.upsert({ session, description: 'second' })).toMatchObject({ created: false });
    expect(sent.filter((call) => call === 'S3.HeadObject')).toHaveLength(codeAssets.length);
    expect(sent).not.toContain('S3.PutObject');
    expect(sent).toEqual(expect.arrayContaining(['SageMaker.CreatePipeline', 'SageMaker.UpdatePipeline']));

    const described = await (await session.client()).send(new DescribePipelineCommand({ PipelineName: 'Abalone' }));
    expect(described.PipelineDefinition).toBe(definition);
    expect(described.PipelineDescription).toBe('second');
  });

  it('starts an execution with overrides, describes it, reads its parameters back and lists it', async () => {
    const pipeline = abalonePipeline({
      name: 'Abalone',
      bucket: session.defaultBucket,
      inputDataUrl: 's3://data/abalone.csv',
      modelPackageGroupName: 'AbaloneModels',
    });
    const execution = await pipeline.start({ session, parameters: { MseThreshold: 7.5, ModelApprovalStatus: 'Approved' }, displayName: 'first-run' });
    expect(execution.arn).toMatch(/^arn:aws:sagemaker:us-east-1:111122223333:pipeline\/Abalone\/execution\/\w+$/);

    const described = await execution.describe();
    // Moto does not run anything: every execution is Succeeded at once.
    expect(described).toMatchObject({ PipelineExecutionStatus: 'Succeeded', PipelineExecutionDisplayName: 'first-run' });
    expect(await execution.parameters()).toEqual({ MseThreshold: '7.5', ModelApprovalStatus: 'Approved' });

    const second = await pipeline.start({ session });
    const listed = (await pipeline.listExecutions({ session })).map((summary) => summary.PipelineExecutionArn);
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(expect.arrayContaining([execution.arn, second.arn]));
  });

  it('reports what moto does not emulate with a readable message, not "undefined"', async () => {
    const pipeline = abalonePipeline({
      name: 'Abalone',
      bucket: session.defaultBucket,
      inputDataUrl: 's3://data/abalone.csv',
      modelPackageGroupName: 'AbaloneModels',
    });
    const execution = await pipeline.start({ session });
    // wait() lists the steps of a finished execution; moto answers ListPipelineExecutionSteps with an HTML 500.
    await expect(execution.wait({ delayMs: 10 })).rejects.toThrow(
      /^SageMaker ListPipelineExecutionSteps failed with HTTP 500 \(text\/html[^)]*\): the endpoint did not answer with an AWS error; it may not implement ListPipelineExecutionSteps$/,
    );
    await expect(execution.stop()).rejects.toThrow(/StopPipelineExecution failed with HTTP 500/);
    await expect(execution.retry()).rejects.toThrow(/RetryPipelineExecution failed with HTTP 500/);
  });

  it("passes moto's own error messages through", async () => {
    const client = await session.client();
    await expect(client.send(new DescribePipelineCommand({ PipelineName: 'Missing' }))).rejects.toMatchObject({
      // SageMaker answers ResourceNotFound here; moto says ValidationException. Either way, the message arrives.
      name: 'ValidationException',
      message: expect.stringContaining('Missing'),
    });
    await expect(client.send(new ListPipelinesCommand({ MaxResults: 1000 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/\S/),
    });
  });

  it('sends a definition over 100 KiB through S3', async () => {
    const steps = Array.from(
      { length: 120 },
      (_, i) =>
        new ProcessingStep({
          name: `Step-${i}`,
          imageUri: 'node',
          roleArn: session.roleArn,
          instanceType: 'ml.m5.large',
          instanceCount: 1,
          entrypoint: ['node', '-e', `console.log(${i})`],
          env: { PADDING: 'x'.repeat(800) },
        }),
    );
    const big = new Pipeline({ name: 'Big', steps });
    const { definition } = big.compileFor(session.defaultBucket);
    expect(Buffer.byteLength(definition)).toBeGreaterThan(100 * 1024);

    sent.length = 0;
    await big.upsert({ session });
    expect(sent.filter((call) => call === 'S3.PutObject' || call.startsWith('SageMaker.'))).toEqual(['S3.PutObject', 'SageMaker.CreatePipeline']);
    const described = await (await session.client()).send(new DescribePipelineCommand({ PipelineName: 'Big' }));
    const [stored] = (await session.s3().send(new ListObjectsV2Command({ Bucket: session.defaultBucket, Prefix: 'Big/definition/' }))).Contents ?? [];
    const object = await session.s3().send(new GetObjectCommand({ Bucket: session.defaultBucket, Key: stored?.Key }));
    expect(await object.Body?.transformToString()).toBe(definition);
    // Moto 5.2.5 reads the object and hands it back as a Python repr ({'Version': …}), so only look inside.
    expect(String(described.PipelineDefinition)).toContain('Step-119');
  });

  it('deletes a pipeline', async () => {
    const small = new Pipeline({
      name: 'Short-lived',
      steps: [
        new ProcessingStep({ name: 'Only', imageUri: 'node', roleArn: session.roleArn, instanceType: 'ml.m5.large', instanceCount: 1, entrypoint: ['true'] }),
      ],
    });
    await small.upsert({ session });
    await small.delete({ session });
    await expect((await session.client()).send(new DescribePipelineCommand({ PipelineName: 'Short-lived' }))).rejects.toThrow(/Short-lived/);
  });

  it('lists model groups and versions, and approves or rejects a version with a comment', async () => {
    const client = await session.client();
    await client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'AbaloneModels' }));
    const inference = {
      Containers: [{ Image: 'sluice/node:20', ModelDataUrl: `s3://${session.defaultBucket}/model.tar.gz` }],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
    };
    const first = await client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'AbaloneModels',
        InferenceSpecification: inference,
        ModelApprovalStatus: 'PendingManualApproval',
      }),
    );
    const second = await client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'AbaloneModels',
        InferenceSpecification: inference,
        ModelApprovalStatus: 'PendingManualApproval',
      }),
    );

    const registry = new ModelRegistry(session);
    expect((await registry.listGroups()).map((group) => group.ModelPackageGroupName)).toEqual(['AbaloneModels']);
    expect((await registry.listVersions('AbaloneModels')).map((version) => version.ModelPackageArn).sort()).toEqual(
      [first.ModelPackageArn, second.ModelPackageArn].sort(),
    );

    await registry.approve(second.ModelPackageArn!, 'MSE 4.1 beats the threshold');
    await registry.reject(first.ModelPackageArn!, 'superseded');
    expect(await registry.describe(second.ModelPackageArn!)).toMatchObject({
      ModelApprovalStatus: 'Approved',
      ApprovalDescription: 'MSE 4.1 beats the threshold',
    });
    expect(await registry.describe(first.ModelPackageArn!)).toMatchObject({ ModelApprovalStatus: 'Rejected', ApprovalDescription: 'superseded' });
    expect((await registry.listVersions('AbaloneModels', { approvalStatus: 'Approved' })).map((version) => version.ModelPackageArn)).toEqual([
      second.ModelPackageArn,
    ]);
  });

  it('takes credentials from the standard provider chain when none are given', async () => {
    const saved = { key: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };
    process.env['AWS_ACCESS_KEY_ID'] = 'from-the-environment';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'testing';
    try {
      const fromChain = Session.aws({ region: 'us-east-1', roleArn: session.roleArn, endpoint: moto.endpoint });
      const client = await fromChain.client();
      expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'from-the-environment' });
      await expect(client.send(new ListPipelinesCommand({}))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
    } finally {
      for (const [name, value] of [
        ['AWS_ACCESS_KEY_ID', saved.key],
        ['AWS_SECRET_ACCESS_KEY', saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
