// ListObjectsV2 and ListObjects walk the store's folders in S3's order (UTF-8 bytes, so `a-b` < `a/b` < `a0`
// and `z` < `é` < `中` < `😀`), page by page: whatever the page size, the pages joined are the whole listing.
import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startTestService, type TestService } from '../service/service-harness.js';
import { s3Client } from './s3-harness.js';

const keys = [
  'a-b',
  'a/b',
  'a/c/d',
  'a/c/e',
  'a/d',
  'a0',
  'b/x/y/z',
  'b/x/y/zz',
  'b/y',
  'c',
  'z',
  'é/1',
  'é/2',
  '中',
  '😀',
  'q/r-s',
  'q/r/s',
  'q/r/t',
  'folder/',
];
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** What S3 answers for a prefix and delimiter, computed from the key list. */
function expected(prefix: string, delimiter: string): { keys: string[]; prefixes: string[] } {
  const matching = keys.filter((key) => key.startsWith(prefix)).sort(byteOrder);
  const found: string[] = [];
  const prefixes = new Set<string>();
  for (const key of matching) {
    const at = delimiter === '' ? -1 : key.indexOf(delimiter, prefix.length);
    if (at >= 0) prefixes.add(key.slice(0, at + delimiter.length));
    else found.push(key);
  }
  return { keys: found, prefixes: [...prefixes] };
}

describe('listing in S3 order, page by page', () => {
  let test: TestService;
  let s3: S3Client;
  beforeAll(async () => {
    test = await startTestService();
    s3 = s3Client(test.service);
    await s3.send(new CreateBucketCommand({ Bucket: 'order' }));
    for (const key of keys)
      await s3.send(
        new PutObjectCommand({
          Bucket: 'order',
          Key: key,
          Body: Buffer.from(key.endsWith('/') ? '' : key),
          ContentLength: key.endsWith('/') ? 0 : Buffer.byteLength(key),
        }),
      );
  });
  afterAll(async () => {
    s3?.destroy();
    await test?.stop();
  });

  async function allV2(prefix: string, delimiter: string, maxKeys: number) {
    const found = { keys: [] as string[], prefixes: [] as string[] };
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: 'order', Prefix: prefix, Delimiter: delimiter || undefined, MaxKeys: maxKeys, ContinuationToken: token }),
      );
      expect((page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0)).toBeLessThanOrEqual(maxKeys);
      found.keys.push(...(page.Contents ?? []).map((object) => object.Key!));
      found.prefixes.push(...(page.CommonPrefixes ?? []).map((entry) => entry.Prefix!));
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return found;
  }

  it.each([
    ['', '', 1000],
    ['', '', 2],
    ['', '/', 1000],
    ['', '/', 1],
    ['a', '/', 1],
    ['a/', '/', 2],
    ['b/x/', '/', 1],
    ['q/r', '/', 1],
    ['', '-', 3],
    ['q/', 'r', 1],
    ['é', '', 1],
    ['nothing', '/', 5],
  ])('ListObjectsV2 prefix %j delimiter %j, %i a page', async (prefix, delimiter, maxKeys) => {
    expect(await allV2(prefix, delimiter, maxKeys)).toEqual(expected(prefix, delimiter));
  });

  it('ListObjects (v1) pages with Marker and NextMarker', async () => {
    const found: string[] = [];
    const prefixes: string[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await s3.send(new ListObjectsCommand({ Bucket: 'order', Delimiter: '/', MaxKeys: 2, Marker: marker }));
      found.push(...(page.Contents ?? []).map((object) => object.Key!));
      prefixes.push(...(page.CommonPrefixes ?? []).map((entry) => entry.Prefix!));
      if (page.IsTruncated !== true) break;
      marker = page.NextMarker;
    }
    expect({ keys: found, prefixes }).toEqual(expected('', '/'));
  });

  it('starts after StartAfter', async () => {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'order', StartAfter: 'b/y' }));
    expect(page.Contents?.map((object) => object.Key)).toEqual(keys.filter((key) => byteOrder(key, 'b/y') > 0).sort(byteOrder));
  });
});
