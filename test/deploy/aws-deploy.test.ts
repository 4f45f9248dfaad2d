// Deploying through the AWS session, against moto's endpoint control plane and its canned InvokeEndpoint answers.
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { CreateModelPackageCommand, CreateModelPackageGroupCommand, DescribeEndpointConfigCommand, DescribeModelCommand } from '@aws-sdk/client-sagemaker';
import { Model, ModelRegistry, type AwsSession } from '../../kernel-lib/src/index.js';
import { motoSession, startMoto, type MotoServer } from '../aws/moto-harness.js';
import { inferenceCode } from './deploy-harness.js';

const account = '222233334444';

describe('deploying through the AWS session (moto)', () => {
  let moto: MotoServer;
  let session: AwsSession;
  let sent: string[];

  beforeAll(async () => {
    moto = await startMoto();
    ({ session, sent } = await motoSession(moto, account));
    (await session.runtime()).middlewareStack.add(
      (next) => (args) => {
        (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
        return next(args);
      },
      { step: 'build', name: 'motoAccount' },
    );
  });
  afterAll(async () => {
    await moto?.stop();
  });

  /** Moto answers InvokeEndpoint from a queue of canned results. */
  async function cannedAnswer(body: string): Promise<void> {
    const response = await fetch(`${moto.endpoint}/moto-api/static/sagemaker/endpoint-results`, {
      method: 'POST',
      body: JSON.stringify({ account_id: account, region: 'us-east-1', results: [{ Body: body, ContentType: 'text/csv', InvokedProductionVariant: 'AllTraffic' }] }),
    });
    expect(response.status).toBe(201);
  }

  it('creates the model with its code uploaded, the configuration and the endpoint, and predicts through SageMaker Runtime', async () => {
    const model = new Model({ imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/sluice-node:20', modelData: 's3://models/abalone/model.tar.gz', roleArn: session.roleArn, code: inferenceCode });
    sent.length = 0;
    const predictor = await model.deploy({ endpointName: 'abalone', session, modelName: 'abalone-v1' });

    expect(sent).toEqual(expect.arrayContaining(['S3.PutObject', 'SageMaker.CreateModel', 'SageMaker.CreateEndpointConfig', 'SageMaker.CreateEndpoint', 'SageMaker.DescribeEndpoint']));
    const client = await session.client();
    const described = await client.send(new DescribeModelCommand({ ModelName: 'abalone-v1' }));
    const environment = described.PrimaryContainer?.Environment ?? {};
    expect(environment.SAGEMAKER_PROGRAM).toBe('inference.mjs');
    const code = /^s3:\/\/([^/]+)\/(.+)$/.exec(environment.SAGEMAKER_SUBMIT_DIRECTORY ?? '')!;
    expect(code[1]).toBe(session.defaultBucket);
    await expect(session.s3().send(new HeadObjectCommand({ Bucket: code[1], Key: code[2] }))).resolves.toBeDefined();
    const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'abalone-v1' }));
    expect(config.ProductionVariants).toEqual([expect.objectContaining({ VariantName: 'AllTraffic', ModelName: 'abalone-v1', InitialInstanceCount: 1 })]);
    expect((await predictor.describe()).EndpointStatus).toBe('InService');

    await cannedAnswer('9.5\n10.25\n');
    expect(await predictor.predict([[0.1, 0.2], [0.3, 0.4]])).toEqual([9.5, 10.25]);
  });

  it('refuses to replace an endpoint that exists unless asked to update it', async () => {
    const model = new Model({ imageUri: 'sluice/node:20', modelData: 's3://models/abalone/model.tar.gz', roleArn: session.roleArn });
    await expect(model.deploy({ endpointName: 'abalone', session, modelName: 'abalone-v2' })).rejects.toThrow('Endpoint abalone exists (InService); pass update: true to deploy this model to it');
  });

  it('deploys a registered version by its ARN and deletes the endpoint with its configuration and model', async () => {
    const client = await session.client();
    await client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'AbaloneModels' }));
    const registered = await client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'AbaloneModels',
        ModelApprovalStatus: 'Approved',
        InferenceSpecification: { Containers: [{ Image: 'sluice/node:20', ModelDataUrl: 's3://models/abalone/model.tar.gz' }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] },
      }),
    );
    const predictor = await new ModelRegistry(session).modelPackage(registered.ModelPackageArn!).deploy({ endpointName: 'abalone-registered', modelName: 'abalone-registered-v1' });
    const model = await client.send(new DescribeModelCommand({ ModelName: 'abalone-registered-v1' }));
    expect(model.PrimaryContainer?.ModelPackageName).toBe(registered.ModelPackageArn);

    sent.length = 0;
    await predictor.delete({ all: true });
    expect(sent).toEqual(['SageMaker.DescribeEndpoint', 'SageMaker.DeleteEndpoint', 'SageMaker.DescribeEndpointConfig', 'SageMaker.DeleteEndpointConfig', 'SageMaker.DeleteModel']);
    await expect(predictor.describe()).rejects.toThrow(/abalone-registered/);
  });
});
