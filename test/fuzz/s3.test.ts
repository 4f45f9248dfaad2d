// Property-based, against the running service's S3 surface and the SigV4 reader: generated S3 requests
// (methods, bucket and key paths with hostile characters and encodings, sub-resources, headers, bodies),
// each signed so that it reaches the parsers, answer 2xx/3xx or S3's XML error with a code (501 only as
// NotImplemented), never a 500, a crash or a hang; generated Authorization headers, dates and presigned
// queries are accepted or refused with a SignatureFailure, nothing else. SLUICE_FUZZ_SEED replays a failure
// (fast-check prints the seed and the counterexample).
import fc from 'fast-check';
import { KeyRing } from '../../kernel-lib/src/service/keyring.js';
import { authenticate, SignatureFailure } from '../../kernel-lib/src/service/signature.js';
import { s3Rules } from '../../kernel-lib/src/service/s3/router.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { s3Request } from '../s3/s3-harness.js';

const seed = Number(process.env['SLUICE_FUZZ_SEED'] ?? 20261203);

const segment = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => encodeURIComponent(text)),
  fc.constantFrom('..', '.', '%2e%2e', '%00', '%zz', '%', 'a%2Fb', 'k'.repeat(300), '', '~', "!'()*", 'bucket', 'data', 'x.csv'),
);
const bucket = fc.oneof(
  { arbitrary: fc.constant('fuzz'), weight: 8 },
  fc.constantFrom('fuzz', 'fuzz-bucket', 'Fuzz', 'a', 'ab', '-x-', '127.0.0.1', 'a..b', 'x'.repeat(70)),
  fc.stringMatching(/^[a-z0-9.-]{0,12}$/),
);
const path = fc
  .tuple(bucket, fc.array(segment, { maxLength: 4 }), fc.boolean())
  .map(([name, parts, slash]) => `/${name}${parts.length > 0 ? '/' : ''}${parts.join('/')}${slash ? '/' : ''}`);
const subresource = fc.constantFrom(
  '',
  'uploads',
  'delete',
  'location',
  'list-type=2',
  'versioning',
  'acl',
  'uploadId=0123456789abcdef0123456789abcdef',
  'uploadId=../x',
  'partNumber=1&uploadId=zz',
  'partNumber=0',
  'max-keys=-1',
  'max-keys=abc',
  'continuation-token=%%%',
  'continuation-token=eyJhIjoxfQ',
  'encoding-type=zip',
  'prefix=a&delimiter=/',
  'marker=zz',
  'start-after=%00',
);
const header = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['range', 'bytes=0-'],
    ['range', 'bytes=-0'],
    ['range', 'bytes=5-2'],
    ['range', 'bytes=99999999999999999999-'],
    ['range', 'chars=1-2'],
    ['content-md5', 'AAAAAAAAAAAAAAAAAAAAAA=='],
    ['content-md5', '!!'],
    ['x-amz-copy-source', 'fuzz/x.csv'],
    ['x-amz-copy-source', '/..%2f..%2fetc/passwd'],
    ['x-amz-copy-source', '%zz'],
    ['x-amz-trailer', 'x-amz-checksum-crc32'],
    ['x-amz-trailer', 'x-amz-checksum-nope'],
    ['x-amz-checksum-crc32', 'AAAAAA=='],
    ['x-amz-checksum-crc32c', 'AAAAAA=='],
    ['x-amz-checksum-crc64nvme', 'AAAAAAAAAAA='],
    ['x-amz-checksum-sha1', 'x'],
    ['x-amz-decoded-content-length', '10'],
    ['x-amz-decoded-content-length', '-1'],
    ['content-encoding', 'aws-chunked'],
    ['x-amz-metadata-directive', 'REPLACE'],
    ['if-match', '"x"'],
    ['if-none-match', '*'],
    ['if-modified-since', 'not a date'],
    ['x-amz-meta-big', 'm'.repeat(3000)],
    ['content-type', 'text/plain'],
  ),
  fc.tuple(fc.constantFrom('x-amz-meta-a', 'cache-control', 'content-disposition'), fc.stringMatching(/^[ -~]{0,40}$/)),
);
const payloadHash = fc.constantFrom(
  undefined,
  'UNSIGNED-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'nonsense',
);
const body = fc.oneof(
  fc.constant(''),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    '<Delete><Object><Key>x.csv</Key></Object></Delete>',
    '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"x"</ETag></Part></CompleteMultipartUpload>',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&b;</Key></Object></Delete>',
    '<CreateBucketConfiguration><LocationConstraint>mars-1</LocationConstraint></CreateBucketConfiguration>',
    '5\r\nhello\r\n0\r\n\r\n',
    'zz;chunk-signature=00\r\n',
  ),
);

describe('the S3 surface and SigV4 reader on generated input', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
    await s3Request(running.service, { method: 'PUT', path: '/fuzz' });
    await s3Request(running.service, { method: 'PUT', path: '/fuzz/x.csv', body: 'a,b\n' });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('answers 3,000 generated S3 requests with a success or a typed S3 error, and keeps serving', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
        path,
        subresource,
        fc.array(header, { maxLength: 4 }),
        payloadHash,
        body,
        async (method, target, query, headers, hash, content) => {
          const response = await s3Request(running.service, {
            method,
            path: query === '' ? target : `${target}?${query}`,
            headers: Object.fromEntries(headers),
            ...(hash === undefined ? {} : { payloadHash: hash }),
            body: method === 'GET' || method === 'HEAD' ? '' : content,
          });
          const outcome = response.code ?? String(response.status);
          seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
          if (response.status < 400) return true;
          if (response.status >= 500 && response.code !== 'NotImplemented') return false;
          return method === 'HEAD' || response.code !== undefined;
        },
      ),
      { seed, numRuns: 3000 },
    );
    // The generated requests got past authentication into the operations, not only refused at the door.
    expect(seen.get('200') ?? 0).toBeGreaterThan(50);
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['NoSuchKey', 'InvalidArgument', 'NoSuchBucket']));
    // Generated requests may have deleted anything: the check writes its own object.
    expect((await s3Request(running.service, { method: 'PUT', path: '/after-fuzz' })).status).toBe(200);
    expect((await s3Request(running.service, { method: 'PUT', path: '/after-fuzz/ok.txt', body: 'ok' })).status).toBe(200);
    expect((await s3Request(running.service, { path: '/after-fuzz/ok.txt' })).text).toBe('ok');
  });

  it('reads 10,000 generated Authorization headers, dates and presigned queries: accepted or a SignatureFailure', () => {
    const keys = new KeyRing({ accessKeyId: 'SLUICEFUZZ0000', secretAccessKey: 'secret', region: 'us-east-1' });
    const credential = fc.oneof(
      fc.constantFrom(
        'SLUICEFUZZ0000/20261203/us-east-1/s3/aws4_request',
        'SLUICEFUZZ0000/2026/us-east-1/s3/aws4_request',
        'NOPE/20261203/us-east-1/s3/aws4_request',
        'SLUICEFUZZ0000/20261203/eu-west-1/sts/aws4_request',
      ),
      fc.string({ maxLength: 60 }),
    );
    const signedHeaders = fc.oneof(
      fc.constantFrom('host;x-amz-content-sha256;x-amz-date', 'host', 'x-amz-date', 'host;x-amz-date;x-amz-content-sha256', ''),
      fc.stringMatching(/^[a-z0-9;._-]{0,40}$/),
    );
    const signature = fc.oneof(fc.stringMatching(/^[0-9a-f]{64}$/), fc.string({ maxLength: 70 }));
    const authorization = fc.oneof(
      fc.tuple(credential, signedHeaders, signature).map(([c, h, s]) => `AWS4-HMAC-SHA256 Credential=${c}, SignedHeaders=${h}, Signature=${s}`),
      fc.string({ maxLength: 200 }),
      fc.constant(undefined),
    );
    const date = fc.oneof(
      fc.constantFrom('20261203T000000Z', '20261303T000000Z', '99999999T999999Z', ''),
      fc.string({ maxLength: 20 }),
      fc.constant(undefined),
    );
    const presign = fc.oneof(
      fc.constant(''),
      fc
        .tuple(credential, signedHeaders, signature, date, fc.oneof(fc.integer().map(String), fc.string({ maxLength: 8 })))
        .map(
          ([c, h, s, d, e]) =>
            `?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(c)}&X-Amz-Date=${encodeURIComponent(d ?? '')}&X-Amz-Expires=${encodeURIComponent(e)}&X-Amz-SignedHeaders=${encodeURIComponent(h)}&X-Amz-Signature=${encodeURIComponent(s)}`,
        ),
      fc.string({ maxLength: 100 }).map((text) => `?${text}`),
    );
    fc.assert(
      fc.property(authorization, date, presign, fc.constantFrom(undefined, 'token', ''), (auth, amzDate, query, token) => {
        const headers: Record<string, string> = { host: '127.0.0.1:1' };
        if (auth !== undefined) headers['authorization'] = auth;
        if (amzDate !== undefined) headers['x-amz-date'] = amzDate;
        if (token !== undefined) headers['x-amz-security-token'] = token;
        try {
          authenticate({ method: 'GET', url: `/fuzz/x${query}`, headers }, keys, s3Rules, Date.UTC(2026, 11, 3));
          return true;
        } catch (error) {
          return error instanceof SignatureFailure;
        }
      }),
      { seed, numRuns: 10_000 },
    );
  });
});
