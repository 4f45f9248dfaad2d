// boto3, configured by the environment alone, against the local S3: the everyday operations, multipart
// through the transfer manager, presigned URLs and DeleteObjects.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { startTestService, type TestService } from '../service/service-harness.js';
import { awsEnv, run, testVenvPython } from './s3-harness.js';

describe('boto3 against the local S3', () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService();
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('creates a bucket, puts, lists, gets a range, copies, deletes, uploads in parts and presigns', async () => {
    const ran = await run(testVenvPython, [join(repoRoot, 'test', 's3', 'fixtures', 'boto3_s3.py')], awsEnv(test.service));
    expect(ran.stderr).toBe('');
    const seen = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(seen).toMatchObject({
      again: 'BucketAlreadyOwnedByYou',
      buckets: ['py-bucket'],
      keys: ['data/a.csv'],
      prefixes: ['data/sub/'],
      v1: ['data/a.csv', 'data/sub/b.csv', 'top.txt'],
      range: '1,2',
      copy: { type: 'text/csv', meta: { owner: 'me' }, etag: `"${createHash('md5').update('a,b\n1,2\n').digest('hex')}"` },
      deleted: 'NoSuchKey',
      location: null,
      multipart_same: true,
      presigned: 'via presigned PUT',
      presigned_other_key: 403,
      not_empty: 'BucketNotEmpty',
      after_delete: [],
    });
    expect(seen['multipart_etag']).toMatch(/^"[0-9a-f]{32}-3"$/);
  });
});
