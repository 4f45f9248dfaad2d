// S3 and the engine share one store: an object put through S3 is a pipeline's s3:// input as it is, and a
// step's output is an S3 object the moment the step uploads it, with no copy between the two.
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { createPipeline, extrasClient, role, runToEnd } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { s3Client } from './s3-harness.js';

describe('S3 objects and pipelines share one store', () => {
  let test: TestService;
  let s3: S3Client;
  beforeAll(async () => {
    test = await startTestService();
    s3 = s3Client(test.service);
  });
  afterAll(async () => {
    s3?.destroy();
    await test?.stop();
  });

  it('runs a step on an object put through S3 and serves its output through S3', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'shared-store' }));
    const rows = 'a,b\n1,2\n3,4\n';
    await s3.send(new PutObjectCommand({ Bucket: 'shared-store', Key: 'in/data.csv', Body: rows }));
    // The object is the store's file, not a copy kept elsewhere.
    const stored = join(test.service.home, 's3', 'shared-store', 'in', 'data.csv');
    expect(readFileSync(stored, 'utf8')).toBe(rows);
    const inode = statSync(stored).ino;

    const step = new ProcessingStep({
      name: 'Count',
      imageUri: 'python:3.11',
      roleArn: role,
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      code: join(repoRoot, 'test', 's3', 'fixtures', 'count_rows.py'),
      inputs: [{ source: 's3://shared-store/in/data.csv', destination: '/opt/ml/processing/input' }],
      outputs: [{ outputName: 'result', source: '/opt/ml/processing/output', destination: 's3://shared-store/out' }],
    });
    const pipeline = new Pipeline({ name: 'SharedStore', steps: [step], defaultBucket: 'shared-store' });
    await createPipeline(test.client, extrasClient(test.service), pipeline);
    const run = await runToEnd(test.client, 'SharedStore');
    expect(run.failureReason).toBeUndefined();
    expect(run.steps.map((s) => s.StepStatus)).toEqual(['Succeeded']);

    // The engine read the object in place: the file is the same one.
    expect(statSync(stored).ino).toBe(inode);
    const result = await s3.send(new GetObjectCommand({ Bucket: 'shared-store', Key: 'out/result.txt' }));
    expect(await result.Body!.transformToString()).toBe('rows=3\n');
    // An object the engine wrote gets its ETag (the MD5) on first sight.
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'shared-store', Key: 'out/result.txt' }));
    expect(head.ETag).toBe(`"${createHash('md5').update('rows=3\n').digest('hex')}"`);
    expect(readFileSync(join(test.service.home, 's3', 'shared-store', 'out', 'result.txt'), 'utf8')).toBe('rows=3\n');
  });
});
