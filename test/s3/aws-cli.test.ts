// The aws CLI v1 (from PyPI; v2 is not published there), configured by the environment alone, against the
// local S3: s3api calls, a 50 MB multipart upload and download byte for byte, and `aws s3 sync` both ways.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestService, type TestService } from '../service/service-harness.js';
import { awsCli, awsEnv, run } from './s3-harness.js';

describe('the aws CLI against the local S3', () => {
  let test: TestService;
  let folder: string;
  const aws = async (...args: string[]) => {
    const ran = await run(awsCli, args, awsEnv(test.service), folder);
    if (ran.code !== 0) throw new Error(`aws ${args.join(' ')} failed (${ran.code}): ${ran.stderr}`);
    return ran.stdout;
  };
  const awsJson = async (...args: string[]) => JSON.parse(await aws(...args, '--output', 'json')) as Record<string, unknown>;

  beforeAll(async () => {
    test = await startTestService();
    folder = mkdtempSync(join(tmpdir(), 'sluice-aws-cli-'));
  });
  afterAll(async () => {
    await test?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('creates a bucket, puts, lists with prefix and delimiter, gets a range, copies and deletes', async () => {
    await aws('s3api', 'create-bucket', '--bucket', 'cli-bucket');
    writeFileSync(join(folder, 'a.csv'), 'a,b\n1,2\n');
    await aws('s3api', 'put-object', '--bucket', 'cli-bucket', '--key', 'data/a.csv', '--body', 'a.csv', '--content-type', 'text/csv');
    await aws('s3', 'cp', 'a.csv', 's3://cli-bucket/data/sub/b.csv');
    const listed = await awsJson('s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--prefix', 'data/', '--delimiter', '/');
    expect((listed['Contents'] as { Key: string }[]).map((object) => object.Key)).toEqual(['data/a.csv']);
    expect(listed['CommonPrefixes']).toEqual([{ Prefix: 'data/sub/' }]);
    expect(await aws('s3', 'ls', 's3://cli-bucket/data/')).toMatch(/PRE sub\/\n.*\s8 a\.csv/);

    await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'data/a.csv', '--range', 'bytes=4-6', 'range.out');
    expect(readFileSync(join(folder, 'range.out'), 'utf8')).toBe('1,2');

    await aws('s3', 'cp', 's3://cli-bucket/data/a.csv', 's3://cli-bucket/copy/a.csv');
    const head = await awsJson('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'copy/a.csv');
    expect(head['ContentLength']).toBe(8);
    await aws('s3', 'rm', 's3://cli-bucket/copy/a.csv');
    const gone = await run(awsCli, ['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'copy/a.csv'], awsEnv(test.service), folder);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/404/);
  });

  it('uploads and downloads a 50 MB file in parts, byte for byte', async () => {
    const data = randomBytes(50 * 1024 * 1024);
    writeFileSync(join(folder, 'big.bin'), data);
    await aws('s3', 'mb', 's3://cli-big');
    await aws('s3', 'cp', 'big.bin', 's3://cli-big/big.bin');
    const head = await awsJson('s3api', 'head-object', '--bucket', 'cli-big', '--key', 'big.bin');
    // The CLI switches to multipart above 8 MB, in 8 MB parts: 7 of them.
    expect(head['ETag']).toMatch(/^"[0-9a-f]{32}-7"$/);
    await aws('s3', 'cp', 's3://cli-big/big.bin', 'big.back');
    expect(readFileSync(join(folder, 'big.back')).equals(data)).toBe(true);
    // Copied inside S3 in parts (UploadPartCopy), then back down.
    await aws('s3', 'cp', 's3://cli-big/big.bin', 's3://cli-big/copies/big.bin');
    await aws('s3', 'cp', 's3://cli-big/copies/big.bin', 'big.copy');
    expect(readFileSync(join(folder, 'big.copy')).equals(data)).toBe(true);
  });

  it('syncs a folder up and back down', async () => {
    const up = join(folder, 'up');
    mkdirSync(join(up, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(up, 'one.txt'), 'one');
    writeFileSync(join(up, 'nested', 'two.txt'), 'two');
    writeFileSync(join(up, 'nested', 'deeper', 'three.bin'), randomBytes(100_000));
    await aws('s3', 'mb', 's3://cli-sync');
    await aws('s3', 'sync', up, 's3://cli-sync/tree');
    // A second sync has nothing to send.
    expect(await aws('s3', 'sync', up, 's3://cli-sync/tree')).toBe('');
    const down = join(folder, 'down');
    await aws('s3', 'sync', 's3://cli-sync/tree', down);
    const files = (dir: string, base = ''): string[] =>
      readdirSync(join(dir, base), { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? files(dir, join(base, entry.name)) : [join(base, entry.name)]))
        .sort();
    expect(files(down)).toEqual(files(up));
    for (const file of files(up)) expect(readFileSync(join(down, file)).equals(readFileSync(join(up, file)))).toBe(true);
  });
});
