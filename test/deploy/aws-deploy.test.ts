// Deploying through the AWS session, against moto's endpoint control plane and its canned InvokeEndpoint answers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { Model, ModelRegistry, type AwsSession } from '../../kernel-lib/src/index.js';
import { motoSession, startMoto, type MotoServer } from '../aws/moto-harness.js';
import { extrasClient } from '../service/execution-harness.js';
import { startTestService } from '../service/service-harness.js';
import { endpointWhen, inferenceCode, packedModel } from './deploy-harness.js';

/** The paths in a .tar.gz. */
async function tarListing(folder: string, archive: Uint8Array): Promise<string[]> {
  const file = join(folder, 'listing.tar.gz');
  writeFileSync(file, archive);
  return new Promise((resolve, reject) => {
    let out = '';
    const tar = spawn('tar', ['-tzf', file]);
    tar.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    tar.once('error', reject);
    tar.once('close', (code) => (code === 0 ? resolve(out.split('\n').filter((line) => line !== '')) : reject(new Error(`tar ${code}`))));
  });
}

const account = '222233334444';

describe('deploying through the AWS session (moto)', () => {
  let moto: MotoServer;
  let session: AwsSession;
  let sent: string[];
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-aws-deploy-'));

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
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Moto answers InvokeEndpoint from a queue of canned results. */
  async function cannedAnswer(body: string): Promise<void> {
    const response = await fetch(`${moto.endpoint}/moto-api/static/sagemaker/endpoint-results`, {
      method: 'POST',
      body: JSON.stringify({
        account_id: account,
        region: 'us-east-1',
        results: [{ Body: body, ContentType: 'text/csv', InvokedProductionVariant: 'AllTraffic' }],
      }),
    });
    expect(response.status).toBe(201);
  }

  it('packs the inference program into model.tar.gz, creates the model, configuration and endpoint, and predicts through SageMaker Runtime', async () => {
    await session.putObject(session.defaultBucket, 'training/abalone/model.tar.gz', await packedModel(scratch, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const model = new Model({
      imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/sluice-node:20',
      modelData: `s3://${session.defaultBucket}/training/abalone/model.tar.gz`,
      roleArn: session.roleArn,
      code: inferenceCode,
    });
    sent.length = 0;
    const predictor = await model.deploy({ endpointName: 'abalone', session, modelName: 'abalone-v1' });

    expect(sent).toEqual(
      expect.arrayContaining([
        'S3.GetObject',
        'S3.PutObject',
        'SageMaker.CreateModel',
        'SageMaker.CreateEndpointConfig',
        'SageMaker.CreateEndpoint',
        'SageMaker.DescribeEndpoint',
      ]),
    );
    const client = await session.client();
    const described = await client.send(new DescribeModelCommand({ ModelName: 'abalone-v1' }));
    expect(described.PrimaryContainer).toMatchObject({
      ModelDataUrl: `s3://${session.defaultBucket}/abalone-v1/model.tar.gz`,
      Environment: { SAGEMAKER_PROGRAM: 'inference.mjs', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
    });
    const repacked = await session.s3().send(new GetObjectCommand({ Bucket: session.defaultBucket, Key: 'abalone-v1/model.tar.gz' }));
    const listing = await tarListing(scratch, await repacked.Body!.transformToByteArray());
    expect(listing).toEqual(expect.arrayContaining(['./model.json', './code/inference.mjs']));
    const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'abalone-v1' }));
    expect(config.ProductionVariants).toEqual([expect.objectContaining({ VariantName: 'AllTraffic', ModelName: 'abalone-v1', InitialInstanceCount: 1 })]);
    expect((await predictor.describe()).EndpointStatus).toBe('InService');

    await cannedAnswer('9.5\n10.25\n');
    expect(
      await predictor.predict([
        [0.1, 0.2],
        [0.3, 0.4],
      ]),
    ).toEqual([9.5, 10.25]);
  });

  it('serves the same packed model.tar.gz on this machine, as the image would', async () => {
    const repacked = await session.s3().send(new GetObjectCommand({ Bucket: session.defaultBucket, Key: 'abalone-v1/model.tar.gz' }));
    const local = await startTestService();
    try {
      await extrasClient(local.service).putArtifact('s3://models/abalone-v1/model.tar.gz', await repacked.Body!.transformToByteArray());
      await local.client.send(
        new CreateModelCommand({
          ModelName: 'packed',
          PrimaryContainer: {
            Image: 'sluice/node:20',
            ModelDataUrl: 's3://models/abalone-v1/model.tar.gz',
            Environment: { SAGEMAKER_PROGRAM: 'inference.mjs', SAGEMAKER_SUBMIT_DIRECTORY: '/opt/ml/model/code' },
          },
        }),
      );
      await local.client.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'packed',
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'packed', InitialInstanceCount: 1 }],
        }),
      );
      await local.client.send(new CreateEndpointCommand({ EndpointName: 'packed', EndpointConfigName: 'packed' }));
      expect((await endpointWhen(local, 'packed', (d) => d.EndpointStatus !== 'Creating')).EndpointStatus).toBe('InService');
      const runtime = new SageMakerRuntimeClient({
        endpoint: local.service.endpoint,
        region: local.service.credentials.region,
        credentials: local.service.credentials,
      });
      const answer = await runtime.send(
        new InvokeEndpointCommand({ EndpointName: 'packed', Body: new TextEncoder().encode('0.5,0,0,0,0,0,0,0,0,0'), ContentType: 'text/csv' }),
      );
      expect(new TextDecoder().decode(answer.Body)).toBe('2\n');
      runtime.destroy();
    } finally {
      await local.stop();
    }
  });

  it('refuses to replace an endpoint that exists unless asked to update it', async () => {
    const model = new Model({ imageUri: 'sluice/node:20', modelData: 's3://models/abalone/model.tar.gz', roleArn: session.roleArn });
    await expect(model.deploy({ endpointName: 'abalone', session, modelName: 'abalone-v2' })).rejects.toThrow(
      'Endpoint abalone exists (InService); pass update: true to deploy this model to it',
    );
  });

  it('deploys a registered version by its ARN and deletes the endpoint with its configuration and model', async () => {
    const client = await session.client();
    await client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'AbaloneModels' }));
    const registered = await client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'AbaloneModels',
        ModelApprovalStatus: 'Approved',
        InferenceSpecification: {
          Containers: [{ Image: 'sluice/node:20', ModelDataUrl: 's3://models/abalone/model.tar.gz' }],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      }),
    );
    const predictor = await new ModelRegistry(session)
      .modelPackage(registered.ModelPackageArn!)
      .deploy({ endpointName: 'abalone-registered', modelName: 'abalone-registered-v1' });
    const model = await client.send(new DescribeModelCommand({ ModelName: 'abalone-registered-v1' }));
    expect(model.PrimaryContainer?.ModelPackageName).toBe(registered.ModelPackageArn);

    sent.length = 0;
    await predictor.delete({ all: true });
    expect(sent).toEqual([
      'SageMaker.DescribeEndpoint',
      'SageMaker.DeleteEndpoint',
      // Until the endpoint is gone (at once in moto), then its configuration and model.
      'SageMaker.DescribeEndpoint',
      'SageMaker.DescribeEndpointConfig',
      'SageMaker.DeleteEndpointConfig',
      'SageMaker.DeleteModel',
    ]);
    await expect(predictor.describe()).rejects.toThrow(/abalone-registered/);
  });
});
