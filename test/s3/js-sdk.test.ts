// @aws-sdk/client-s3 against the service's S3, path-style and virtual-hosted: the everyday operations.
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Agent, type AgentOptions } from 'node:http';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startTestService, type TestService } from '../service/service-harness.js';
import { s3Client } from './s3-harness.js';

describe('@aws-sdk/client-s3 against the local S3', () => {
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

  it('creates a bucket, puts, lists with prefix and delimiter, gets a range, copies and deletes', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'js-bucket' }));
    await s3.send(new PutObjectCommand({ Bucket: 'js-bucket', Key: 'data/a.csv', Body: 'a,b\n1,2\n', ContentType: 'text/csv', Metadata: { owner: 'me' } }));
    await s3.send(new PutObjectCommand({ Bucket: 'js-bucket', Key: 'data/sub/b.csv', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'js-bucket', Key: 'top.txt', Body: 'top' }));

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'js-bucket', Prefix: 'data/', Delimiter: '/' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['data/a.csv']);
    expect(listed.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['data/sub/']);

    const range = await s3.send(new GetObjectCommand({ Bucket: 'js-bucket', Key: 'data/a.csv', Range: 'bytes=4-6' }));
    expect(await range.Body?.transformToString()).toBe('1,2');
    expect(range.ContentRange).toBe('bytes 4-6/8');

    await s3.send(new CopyObjectCommand({ Bucket: 'js-bucket', Key: 'copy/a.csv', CopySource: 'js-bucket/data/a.csv' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'js-bucket', Key: 'copy/a.csv' }));
    expect(head.ContentType).toBe('text/csv');
    expect(head.Metadata).toEqual({ owner: 'me' });
    expect(head.ETag).toBe(`"${createHash('md5').update('a,b\n1,2\n').digest('hex')}"`);

    await s3.send(new DeleteObjectCommand({ Bucket: 'js-bucket', Key: 'copy/a.csv' }));
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'js-bucket', Key: 'copy/a.csv' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'js-bucket', Key: 'copy/a.csv' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('answers virtual-hosted-style requests (Host: <bucket>.localhost:<port>), as the JS SDK sends them for http://localhost', async () => {
    // RFC 6761 names every *.localhost loopback; this machine's resolver does not, so the test's agent does.
    const lookup: AgentOptions['lookup'] = (_host, options, callback) => {
      if ((options as { all?: boolean }).all === true)
        (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else (callback as (error: null, address: string, family: number) => void)(null, '127.0.0.1', 4);
    };
    const virtual = new S3Client({
      endpoint: `http://localhost:${test.service.port}`,
      region: test.service.credentials.region,
      credentials: test.service.credentials,
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpAgent: new Agent({ lookup }) }),
    });
    await virtual.send(new CreateBucketCommand({ Bucket: 'virtual-bucket' }));
    await virtual.send(new PutObjectCommand({ Bucket: 'virtual-bucket', Key: 'dir/v.txt', Body: 'virtual' }));
    const listed = await virtual.send(new ListObjectsV2Command({ Bucket: 'virtual-bucket' }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(['dir/v.txt']);
    // The same object, path-style.
    const got = await s3.send(new GetObjectCommand({ Bucket: 'virtual-bucket', Key: 'dir/v.txt' }));
    expect(await got.Body?.transformToString()).toBe('virtual');
    virtual.destroy();
  });
});
