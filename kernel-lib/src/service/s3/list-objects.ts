/** ListObjectsV2 and ListObjects (v1): the same page walk, answered in each version's shape. */
import type { BucketCall } from './call.js';
import { decodeToken, encodeToken, encoderFor, listPage, objectEntry, parseMaxKeys, sendXml } from './listing.js';

export async function listObjectsV2(call: BucketCall): Promise<void> {
  const query = call.address.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(query.get('max-keys'));
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? '';
  const encode = encoderFor(query.get('encoding-type'));
  const from = token !== null && token !== '' ? decodeToken(token) : { after: startAfter, afterIsPrefix: false };
  const page = await listPage(call.files, call.bucket, { prefix, delimiter, maxKeys, ...from });
  sendXml(call.response, 200, 'ListBucketResult', {
    Name: call.bucket,
    Prefix: encode(prefix),
    ...(delimiter === '' ? {} : { Delimiter: encode(delimiter) }),
    MaxKeys: maxKeys,
    KeyCount: page.objects.length + page.commonPrefixes.length,
    IsTruncated: page.truncated,
    ...(query.get('encoding-type') === 'url' ? { EncodingType: 'url' } : {}),
    ...(token === null ? {} : { ContinuationToken: token }),
    ...(page.truncated && page.last !== undefined ? { NextContinuationToken: encodeToken(page.last) } : {}),
    ...(startAfter === '' ? {} : { StartAfter: encode(startAfter) }),
    Contents: page.objects.map((object) => objectEntry(object, encode, query.get('fetch-owner') === 'true')),
    CommonPrefixes: page.commonPrefixes.map((value) => ({ Prefix: encode(value) })),
  });
}

export async function listObjectsV1(call: BucketCall): Promise<void> {
  const query = call.address.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(query.get('max-keys'));
  const marker = query.get('marker') ?? '';
  const encode = encoderFor(query.get('encoding-type'));
  // A marker that is a common prefix (S3 hands those out as NextMarker) skips everything under it.
  const afterIsPrefix = delimiter !== '' && marker.endsWith(delimiter);
  const page = await listPage(call.files, call.bucket, { prefix, delimiter, maxKeys, after: marker, afterIsPrefix });
  sendXml(call.response, 200, 'ListBucketResult', {
    Name: call.bucket,
    Prefix: encode(prefix),
    Marker: encode(marker),
    ...(delimiter === '' ? {} : { Delimiter: encode(delimiter) }),
    MaxKeys: maxKeys,
    IsTruncated: page.truncated,
    ...(query.get('encoding-type') === 'url' ? { EncodingType: 'url' } : {}),
    ...(page.truncated && page.last !== undefined ? { NextMarker: encode(page.last.value) } : {}),
    Contents: page.objects.map((object) => objectEntry(object, encode, true)),
    CommonPrefixes: page.commonPrefixes.map((value) => ({ Prefix: encode(value) })),
  });
}
