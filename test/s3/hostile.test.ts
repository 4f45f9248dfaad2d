// Malformed and hostile S3 requests: each gets S3's error with the right code and status, and nothing
// stored before is lost or changed (the bucket's files are compared byte for byte after every request).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startTestService, type TestService } from '../service/service-harness.js';
import { chunkedPut, s3Request, type RawS3Response } from './s3-harness.js';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const md5Base64 = (data: string) => createHash('md5').update(data).digest('base64');

describe('hostile and malformed S3 requests', () => {
  let test: TestService;
  let outside: string;
  const bucketFolder = () => join(test.service.home, 's3', 'keep');

  /** Every file under the bucket with its hash: what must not change. */
  function snapshot(): Record<string, string> {
    const found: Record<string, string> = {};
    const walk = (folder: string, base: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path, `${base}${entry.name}/`);
        else if (entry.isFile()) found[`${base}${entry.name}`] = sha256(readFileSync(path));
        else found[`${base}${entry.name}`] = 'link';
      }
    };
    walk(bucketFolder(), '');
    return found;
  }

  let baseline: Record<string, string>;
  let uploadId: string;
  let partEtag: string;

  beforeAll(async () => {
    test = await startTestService();
    outside = mkdtempSync(join(tmpdir(), 'sluice-outside-'));
    expect((await s3Request(test.service, { method: 'PUT', path: '/keep' })).status).toBe(200);
    for (const [key, body] of [
      ['data/a.txt', 'original'],
      ['data/b.txt', 'second'],
      ['top', 'top'],
    ] as const) {
      expect((await s3Request(test.service, { method: 'PUT', path: `/keep/${key}`, body })).status).toBe(200);
    }
    const created = await s3Request(test.service, { method: 'POST', path: '/keep/multi.bin?uploads' });
    uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.text)![1]!;
    const part = await s3Request(test.service, { method: 'PUT', path: `/keep/multi.bin?partNumber=1&uploadId=${uploadId}`, body: 'part one' });
    partEtag = String(part.headers['etag']);
    // What a job could leave behind: links out of the store, to a file and to a folder.
    symlinkSync('/etc/hostname', join(bucketFolder(), 'link-to-file'));
    symlinkSync(outside, join(bucketFolder(), 'link-to-folder'));
    baseline = snapshot();
  });
  afterAll(async () => {
    await test?.stop();
    rmSync(outside, { recursive: true, force: true });
  });

  const cases: [string, () => Promise<RawS3Response>, number, string | undefined][] = [
    [
      'a wrong secret',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', secret: 'not-the-secret' }),
      403,
      'SignatureDoesNotMatch',
    ],
    [
      'an unknown access key',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', accessKeyId: 'AKIAUNKNOWN000000000' }),
      403,
      'InvalidAccessKeyId',
    ],
    ['no signature at all', () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', sign: false }), 403, 'AccessDenied'],
    [
      'a body changed after signing',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'good', sendBody: 'evil' }),
      400,
      'XAmzContentSHA256Mismatch',
    ],
    [
      'x-amz-content-sha256 left out of the signature',
      () =>
        s3Request(test.service, {
          method: 'PUT',
          path: '/keep/data/a.txt',
          body: 'evil',
          noContentHash: true,
          unsignedHeaders: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        }),
      403,
      'AccessDenied',
    ],
    [
      'a wrong Content-MD5',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', headers: { 'content-md5': md5Base64('something else') } }),
      400,
      'BadDigest',
    ],
    [
      'a malformed Content-MD5',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', headers: { 'content-md5': 'not-base64' } }),
      400,
      'InvalidDigest',
    ],
    [
      'a wrong x-amz-checksum-crc32',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } }),
      400,
      'BadDigest',
    ],
    [
      'a wrong x-amz-checksum-sha256',
      () =>
        s3Request(test.service, {
          method: 'PUT',
          path: '/keep/data/a.txt',
          body: 'evil',
          headers: { 'x-amz-checksum-sha256': Buffer.from(sha256('x'), 'hex').toString('base64') },
        }),
      400,
      'BadDigest',
    ],
    [
      'a truncated aws-chunked body',
      () => chunkedPut(test.service, '/keep/data/a.txt', ['x'.repeat(100), 'y'.repeat(100)], 'signed', { truncate: 90 }),
      400,
      'IncompleteBody',
    ],
    [
      'an aws-chunked chunk with a bad signature',
      () => chunkedPut(test.service, '/keep/data/a.txt', ['x'.repeat(100), 'y'.repeat(100)], 'signed', { corruptChunk: 1 }),
      403,
      'SignatureDoesNotMatch',
    ],
    [
      'a signed-trailer body whose trailer signature is forged',
      () => chunkedPut(test.service, '/keep/data/a.txt', ['evil'], 'signed-trailer', { corruptTrailerSignature: true }),
      403,
      'SignatureDoesNotMatch',
    ],
    [
      'a signed-trailer body whose final chunk is forged',
      () => chunkedPut(test.service, '/keep/data/a.txt', ['evil'], 'signed-trailer', { corruptChunk: 1 }),
      403,
      'SignatureDoesNotMatch',
    ],
    [
      'a signed-trailer body with a wrong checksum (signed as sent)',
      () => chunkedPut(test.service, '/keep/data/a.txt', ['evil'], 'signed-trailer', { trailerChecksum: 'AAAAAA==' }),
      400,
      'BadDigest',
    ],
    [
      'an unsigned-trailer body whose trailing checksum is wrong',
      () =>
        s3Request(test.service, {
          method: 'PUT',
          path: '/keep/data/a.txt',
          payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
          headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '4', 'x-amz-trailer': 'x-amz-checksum-crc32' },
          body: '4\r\nevil\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n',
        }),
      400,
      'BadDigest',
    ],
    ['a key with ".." parts', () => s3Request(test.service, { method: 'PUT', path: '/keep/data/../../escape', body: 'evil' }), 400, 'InvalidArgument'],
    [
      'a key with encoded ".." parts',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/%2e%2e/%2e%2e/escape', body: 'evil' }),
      400,
      'InvalidArgument',
    ],
    ['a NUL byte in a key', () => s3Request(test.service, { method: 'PUT', path: '/keep/a%00b', body: 'evil' }), 400, 'InvalidArgument'],
    ['a 1,100-byte key', () => s3Request(test.service, { method: 'PUT', path: `/keep/${'k'.repeat(1100)}`, body: 'evil' }), 400, 'KeyTooLongError'],
    ['an invalid bucket name', () => s3Request(test.service, { method: 'PUT', path: '/Bad_Bucket' }), 400, 'InvalidBucketName'],
    ['a range past the end', () => s3Request(test.service, { path: '/keep/data/a.txt', headers: { range: 'bytes=100-200' } }), 416, 'InvalidRange'],
    [
      'a Complete with a wrong ETag',
      () =>
        s3Request(test.service, {
          method: 'POST',
          path: `/keep/multi.bin?uploadId=${uploadId}`,
          body: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"0000"</ETag></Part></CompleteMultipartUpload>',
        }),
      400,
      'InvalidPart',
    ],
    [
      'a Complete with parts out of order',
      () =>
        s3Request(test.service, {
          method: 'POST',
          path: `/keep/multi.bin?uploadId=${uploadId}`,
          body: `<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>${partEtag}</ETag></Part><Part><PartNumber>1</PartNumber><ETag>${partEtag}</ETag></Part></CompleteMultipartUpload>`,
        }),
      400,
      'InvalidPartOrder',
    ],
    [
      'a Complete that is not XML',
      () => s3Request(test.service, { method: 'POST', path: `/keep/multi.bin?uploadId=${uploadId}`, body: '<CompleteMultipartUpload><Part>' }),
      400,
      'MalformedXML',
    ],
    [
      'an unknown upload id',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt?partNumber=1&uploadId=0123456789abcdef0123456789abcdef', body: 'evil' }),
      404,
      'NoSuchUpload',
    ],
    ['an upload id that is a path', () => s3Request(test.service, { method: 'DELETE', path: '/keep/data/a.txt?uploadId=../../s3/keep' }), 404, 'NoSuchUpload'],
    ['a foreign Host (DNS rebinding)', () => s3Request(test.service, { path: '/keep/data/a.txt', host: `evil.example:${test.service.port}` }), 421, undefined],
    ['deleting a bucket that holds objects', () => s3Request(test.service, { method: 'DELETE', path: '/keep' }), 409, 'BucketNotEmpty'],
    ['creating a bucket again', () => s3Request(test.service, { method: 'PUT', path: '/keep' }), 409, 'BucketAlreadyOwnedByYou'],
    ['a bucket that does not exist', () => s3Request(test.service, { path: '/nothing-here/data/a.txt' }), 404, 'NoSuchBucket'],
    ['a key that does not exist', () => s3Request(test.service, { path: '/keep/data/none.txt' }), 404, 'NoSuchKey'],
    ['an object where a prefix of other keys is', () => s3Request(test.service, { method: 'PUT', path: '/keep/data', body: 'evil' }), 409, 'KeyConflict'],
    ['an object under another object', () => s3Request(test.service, { method: 'PUT', path: '/keep/top/child', body: 'evil' }), 409, 'KeyConflict'],
    [
      'a credential scope for another region',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', region: 'eu-west-1' }),
      400,
      'AuthorizationHeaderMalformed',
    ],
    [
      'a credential scope for another service',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/data/a.txt', body: 'evil', service: 'sagemaker' }),
      400,
      'AuthorizationHeaderMalformed',
    ],
    [
      'a DeleteObjects body that is not XML',
      () => s3Request(test.service, { method: 'POST', path: '/keep?delete', body: '<Delete><Object><Key>data/a.txt' }),
      400,
      'MalformedXML',
    ],
    ['a method S3 does not have', () => s3Request(test.service, { method: 'PATCH', path: '/keep/data/a.txt', body: 'evil' }), 405, 'MethodNotAllowed'],
    [
      'a declared length over 5 GB',
      () =>
        s3Request(test.service, {
          method: 'PUT',
          path: '/keep/data/a.txt',
          body: 'evil',
          payloadHash: 'UNSIGNED-PAYLOAD',
          unsignedHeaders: { 'content-length': String(6 * 1024 ** 3) },
        }),
      400,
      'EntityTooLarge',
    ],
    ['reading through a link to a file outside', () => s3Request(test.service, { path: '/keep/link-to-file' }), 403, 'AccessDenied'],
    [
      'writing through a link to a folder outside',
      () => s3Request(test.service, { method: 'PUT', path: '/keep/link-to-folder/planted', body: 'evil' }),
      403,
      'AccessDenied',
    ],
    ['reading through a link to a folder outside', () => s3Request(test.service, { path: '/keep/link-to-folder/anything' }), 403, 'AccessDenied'],
    ['a presigned URL past its expiry', async () => presigned('/keep/data/a.txt', -3600), 403, 'AccessDenied'],
    ['a presigned URL for another key', async () => presigned('/keep/data/a.txt', 300, '/keep/data/b.txt'), 403, 'SignatureDoesNotMatch'],
  ];

  async function presigned(path: string, expiresIn: number, sendTo = path): Promise<RawS3Response> {
    const signer = new SignatureV4({
      credentials: test.service.credentials,
      region: test.service.credentials.region,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
    });
    const signingDate = new Date(Date.now() + (expiresIn < 0 ? expiresIn * 1000 - 60_000 : 0));
    const url = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: test.service.port,
        path,
        query: {},
        headers: { host: `127.0.0.1:${test.service.port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { expiresIn: Math.abs(expiresIn) < 60 ? 60 : Math.abs(expiresIn), signingDate },
    );
    const query = new URLSearchParams(url.query as Record<string, string>).toString();
    return s3Request(test.service, { path: `${sendTo}?${query}`, sign: false });
  }

  it.each(cases)('refuses %s', async (_name, send, status, code) => {
    const response = await send();
    expect({ status: response.status, code: response.code }).toEqual({ status, code });
    expect(response.text).not.toContain('root:');
    expect(snapshot()).toEqual(baseline);
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(join(test.service.home, 'escape'))).toBe(false);
  });

  it('tells a client that sends Expect: 100-continue to send its body only once it is authenticated', async () => {
    const attempt = async (secret: string) => {
      const signing = new SignatureV4({
        credentials: { ...test.service.credentials, secretAccessKey: secret },
        region: test.service.credentials.region,
        service: 's3',
        sha256: Sha256,
        uriEscapePath: false,
      });
      const headers = { host: `127.0.0.1:${test.service.port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': '8', expect: '100-continue' };
      const signed = await signing.sign({
        method: 'PUT',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: test.service.port,
        path: '/keep/expect.txt',
        query: {},
        headers,
      });
      return new Promise<{ continued: boolean; status: number }>((resolve, reject) => {
        let continued = false;
        const outgoing = request({ host: '127.0.0.1', port: test.service.port, method: 'PUT', path: '/keep/expect.txt', headers: signed.headers });
        outgoing.on('continue', () => {
          continued = true;
          outgoing.end('expected');
        });
        outgoing.on('response', (response) => {
          response.resume();
          response.on('end', () => resolve({ continued, status: response.statusCode ?? 0 }));
        });
        outgoing.on('error', reject);
        outgoing.flushHeaders();
      });
    };
    expect(await attempt('not-the-secret')).toEqual({ continued: false, status: 403 });
    expect(await attempt(test.service.credentials.secretAccessKey)).toEqual({ continued: true, status: 200 });
    expect((await s3Request(test.service, { method: 'DELETE', path: '/keep/expect.txt' })).status).toBe(204);
    expect(snapshot()).toEqual(baseline);
  });

  it('leaves no part of an upload that the client abandoned', async () => {
    const signer = new SignatureV4({
      credentials: test.service.credentials,
      region: test.service.credentials.region,
      service: 's3',
      sha256: Sha256,
      uriEscapePath: false,
    });
    const headers = { host: `127.0.0.1:${test.service.port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'content-length': String(4 * 1024 * 1024) };
    const signed = await signer.sign({
      method: 'PUT',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: test.service.port,
      path: '/keep/data/a.txt',
      query: {},
      headers,
    });
    await new Promise<void>((resolve) => {
      const outgoing = request({ host: '127.0.0.1', port: test.service.port, method: 'PUT', path: '/keep/data/a.txt', headers: signed.headers });
      outgoing.on('error', () => resolve());
      outgoing.write(Buffer.alloc(1024 * 1024, 0x41), () => setTimeout(() => outgoing.destroy(), 100));
      outgoing.on('close', () => resolve());
    });
    // The service notices the reset, refuses the body and removes its staging file.
    const staging = join(test.service.home, 's3-staging');
    for (let i = 0; i < 50 && existsSync(staging) && readdirSync(staging).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(staging)).toEqual([]);
    expect(snapshot()).toEqual(baseline);
  });

  it('still serves every object as it was, and a presigned URL within its time works', async () => {
    expect((await s3Request(test.service, { path: '/keep/data/a.txt' })).text).toBe('original');
    expect((await presigned('/keep/data/b.txt', 300)).text).toBe('second');
    const listing = await s3Request(test.service, { path: '/keep?list-type=2' });
    expect([...listing.text.matchAll(/<Key>([^<]+)<\/Key>/g)].map((match) => match[1])).toEqual(['data/a.txt', 'data/b.txt', 'top']);
  });
});
