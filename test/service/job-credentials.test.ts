// A job gets what a SageMaker container gets from its execution role: credentials of its own, the endpoint
// and the region in its environment, so boto3 and @aws-sdk/* inside step code reach the local S3 unchanged;
// and those credentials stop working when the job ends.
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListPipelinesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { createPipeline, extrasClient, role, runToEnd } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'job-credentials');
const bucket = 'job-data';

function s3Client(
  test: TestService,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = test.service.credentials,
): S3Client {
  return new S3Client({ endpoint: test.service.endpoint, region: test.service.credentials.region, forcePathStyle: true, credentials, maxAttempts: 1 });
}

describe('credentials inside jobs', () => {
  let test: TestService;
  let s3: S3Client;

  beforeAll(async () => {
    // The steps' image is a plain Python one; here its python is the test venv's, which has boto3.
    test = await startTestService({ engine: { runtimes: { python: testVenvPython } } });
    s3 = s3Client(test);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/abalone.csv', Body: readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')) }));
  });

  afterAll(async () => {
    s3?.destroy();
    await test?.stop();
  });

  it('let a Python step (boto3) and a Node step (@aws-sdk/client-s3) read and write S3 with nothing configured', async () => {
    const step = (name: string, code: string) =>
      new ProcessingStep({
        name,
        imageUri: code.endsWith('.py') ? 'python:3.11' : 'node:20',
        roleArn: role,
        instanceType: 'ml.m5.large',
        instanceCount: 1,
        code: join(fixtures, code),
        arguments: [bucket, 'in/abalone.csv', `out/${name}.txt`],
        outputs: [{ outputName: 'keys', source: '/opt/ml/processing/keys', destination: `s3://${bucket}/keys/${name}` }],
      });
    const pipeline = new Pipeline({
      name: 'JobCredentials',
      steps: [step('Python', 'copy_with_boto3.py'), step('Node', 'copy-with-sdk.ts')],
      defaultBucket: bucket,
    });
    await createPipeline(test.client, extrasClient(test.service), pipeline);

    const run = await runToEnd(test.client, 'JobCredentials');

    expect(run.failureReason).toBeUndefined();
    expect(run.steps.map((s) => `${s.StepName}:${s.StepStatus}`).sort()).toEqual(['Node:Succeeded', 'Python:Succeeded']);
    for (const name of ['Python', 'Node']) {
      const written = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `out/${name}.txt` }));
      expect(await written.Body!.transformToString()).toBe('rows=4178\n');
    }
  });

  it("are each job's own, not the home's, and are refused once the job has ended", async () => {
    const keysOf = async (name: string, file: string) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `keys/${name}/${file}` }));
      const [accessKeyId, secretAccessKey, sessionToken] = (await object.Body!.transformToString()).split('\n');
      return { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, sessionToken: sessionToken! };
    };
    const python = await keysOf('Python', 'python.txt');
    const node = await keysOf('Node', 'node.txt');
    expect(python.accessKeyId).not.toBe(test.service.credentials.accessKeyId);
    expect(python.accessKeyId).not.toBe(node.accessKeyId);
    expect(python.sessionToken.length).toBeGreaterThan(20);

    for (const keys of [python, node]) {
      const late = s3Client(test, keys);
      await expect(late.send(new GetObjectCommand({ Bucket: bucket, Key: 'in/abalone.csv' }))).rejects.toMatchObject({ name: 'ExpiredToken' });
      late.destroy();
      const sagemaker = new SageMakerClient({ endpoint: test.service.endpoint, region: test.service.credentials.region, credentials: keys, maxAttempts: 1 });
      await expect(sagemaker.send(new ListPipelinesCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
      sagemaker.destroy();
    }
  });
});
