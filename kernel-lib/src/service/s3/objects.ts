/** PutObject, GetObject (with Range), HeadObject, DeleteObject, DeleteObjects and CopyObject. */
import { constants } from 'node:fs';
import { copyFile, open, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { header, smallBody, type BucketCall, type ObjectCall } from './call.js';
import { invalidArgument, invalidRequest, noSuchKey, S3Error } from './errors.js';
import type { ObjectMeta, StoredObject } from './files.js';
import { sendXml } from './listing.js';
import { planPayload, receiveBody } from './payload.js';
import { children, childText, parseXml } from './xml.js';

/** Headers S3 keeps with an object and returns on GET and HEAD. */
const storedHeaders = ['content-encoding', 'content-disposition', 'cache-control', 'content-language', 'expires'] as const;
/** S3's limit on user metadata (x-amz-meta-*), names and values together. */
const maxMetadataBytes = 2048;

/** Content-Type, user metadata and stored headers as the request sends them. */
export function metaFromRequest(request: IncomingMessage): Omit<ObjectMeta, 'etag'> {
  const metadata: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(request.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    metadata[name.slice('x-amz-meta-'.length)] = text;
    size += name.length - 'x-amz-meta-'.length + Buffer.byteLength(text);
  }
  if (size > maxMetadataBytes)
    throw new S3Error('MetadataTooLarge', `Your metadata headers exceed the maximum allowed metadata size (${maxMetadataBytes} bytes).`, 400);
  const headers: Record<string, string> = {};
  for (const name of storedHeaders) {
    let value = header(request, name);
    // aws-chunked is how the body travelled, not what it is.
    if (name === 'content-encoding' && value !== undefined)
      value = value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== 'aws-chunked' && part !== '')
        .join(',');
    if (value !== undefined && value !== '') headers[name] = value;
  }
  return { contentType: header(request, 'content-type') ?? 'application/octet-stream', metadata, headers };
}

export async function putObject(call: ObjectCall): Promise<void> {
  // The key was checked by the router; the bucket is checked before any body is read.
  await call.files.requireBucket(call.bucket);
  const plan = planPayload(call.request, call.auth);
  const staged = await call.files.stagingFile();
  let committed = false;
  try {
    const received = await receiveBody(call.request, plan, call.auth, staged);
    const etag = `"${received.md5}"`;
    if (call.key.endsWith('/')) {
      if (received.size > 0)
        throw invalidArgument('A key ending in "/" is a folder in the local store and must have an empty body', 'key', call.key.slice(0, 100));
      await call.files.makeFolder(call.bucket, call.key);
    } else {
      await call.files.commit(
        call.bucket,
        call.key,
        staged,
        { ...metaFromRequest(call.request), etag, ...(received.checksum === undefined ? {} : { checksum: received.checksum }) },
        call.path,
      );
      committed = true;
    }
    const out: Record<string, string | number> = { ETag: etag, 'Content-Length': 0 };
    if (received.checksum !== undefined) out[`x-amz-checksum-${received.checksum.algorithm}`] = received.checksum.value;
    call.response.writeHead(200, out);
    call.response.end();
  } finally {
    if (!committed) await rm(staged, { force: true });
  }
}

/** HEAD and GET share these headers. */
function objectHeaders(object: StoredObject, call: ObjectCall): Record<string, string | number> {
  const out: Record<string, string | number> = {
    'Content-Type': object.contentType,
    ETag: object.etag,
    'Last-Modified': object.lastModified.toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  for (const [name, value] of Object.entries(object.headers)) out[name] = value;
  for (const [name, value] of Object.entries(object.metadata)) out[`x-amz-meta-${name}`] = value;
  if (object.parts !== undefined) out['x-amz-mp-parts-count'] = object.parts;
  if (object.checksum !== undefined && header(call.request, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED')
    out[`x-amz-checksum-${object.checksum.algorithm}`] = object.checksum.value;
  // A presigned GET may ask for other response headers.
  const overrides: [string, string][] = [
    ['response-content-type', 'Content-Type'],
    ['response-content-disposition', 'Content-Disposition'],
    ['response-content-encoding', 'Content-Encoding'],
    ['response-content-language', 'Content-Language'],
    ['response-cache-control', 'Cache-Control'],
    ['response-expires', 'Expires'],
  ];
  for (const [parameter, name] of overrides) {
    const value = call.address.query.get(parameter);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** 304 or 412 for conditional requests, as S3 answers them; undefined when the request goes on. */
function precondition(object: StoredObject, request: IncomingMessage): 304 | 412 | undefined {
  const ifMatch = header(request, 'if-match');
  const ifNoneMatch = header(request, 'if-none-match');
  const matches = (list: string) => list.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/"/g, '') === object.etag.replace(/"/g, ''));
  if (ifMatch !== undefined && !matches(ifMatch)) return 412;
  const since = (name: string) => {
    const text = header(request, name);
    const time = text === undefined ? NaN : Date.parse(text);
    return Number.isNaN(time) ? undefined : time;
  };
  const unmodifiedSince = since('if-unmodified-since');
  if (ifMatch === undefined && unmodifiedSince !== undefined && Math.floor(object.lastModified.getTime() / 1000) * 1000 > unmodifiedSince) return 412;
  if (ifNoneMatch !== undefined && matches(ifNoneMatch)) return 304;
  const modifiedSince = since('if-modified-since');
  if (ifNoneMatch === undefined && modifiedSince !== undefined && Math.floor(object.lastModified.getTime() / 1000) * 1000 <= modifiedSince) return 304;
  return undefined;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`, clamped to the object; undefined when there is no usable Range. */
export function parseRange(text: string | undefined, size: number): { start: number; end: number } | undefined {
  if (text === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(text.trim());
  // S3 ignores a Range it cannot read (several ranges included) and sends the whole object.
  if (match === null || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw invalidRangeError(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return undefined;
  }
  if (start >= size || !Number.isSafeInteger(start)) throw invalidRangeError(size);
  return { start, end };
}

function invalidRangeError(size: number): S3Error {
  return new S3Error('InvalidRange', 'The requested range is not satisfiable', 416, { ActualObjectSize: String(size), RangeRequested: '' });
}

export async function getObject(call: ObjectCall, headOnly: boolean): Promise<void> {
  const object = await call.files.get(call.bucket, call.key);
  const condition = precondition(object, call.request);
  if (condition === 412)
    throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: 'If-Match' });
  const headers = objectHeaders(object, call);
  if (condition === 304) {
    call.response.writeHead(304, { ETag: object.etag, 'Last-Modified': headers['Last-Modified']! });
    call.response.end();
    return;
  }
  const range = parseRange(header(call.request, 'range'), object.size);
  const status = range === undefined ? 200 : 206;
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size - 1;
  headers['Content-Length'] = object.size === 0 ? 0 : end - start + 1;
  if (range !== undefined) {
    headers['Content-Range'] = `bytes ${start}-${end}/${object.size}`;
    // The stored checksum is the whole object's: a client would check the range against it.
    for (const name of Object.keys(headers)) if (name.startsWith('x-amz-checksum-')) delete headers[name];
  }
  if (headOnly || object.size === 0 || object.folder) {
    call.response.writeHead(status, headers);
    call.response.end();
    return;
  }
  // O_NOFOLLOW: a link put there after the check is not followed either.
  const handle = await open(object.path, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' || error.code === 'ELOOP' ? noSuchKey(call.key) : error;
  });
  const stream = handle.createReadStream({ start, end, highWaterMark: 1024 * 1024 });
  call.response.writeHead(status, headers);
  await pipeline(stream, call.response);
}

export async function deleteObject(call: ObjectCall): Promise<void> {
  await call.files.remove(call.bucket, call.key);
  call.response.writeHead(204);
  call.response.end();
}

export async function deleteObjects(call: BucketCall): Promise<void> {
  await call.files.requireBucket(call.bucket);
  const document = parseXml(await smallBody(call), 'Delete');
  const quiet = childText(document, 'Quiet') === 'true';
  const objects = children(document, 'Object');
  if (objects.length > 1000) throw new S3Error('MalformedXML', 'A DeleteObjects request holds at most 1000 keys', 400);
  const deleted: { Key: string }[] = [];
  const errors: { Key: string; Code: string; Message: string }[] = [];
  for (const object of objects) {
    const key = childText(object, 'Key');
    if (key === undefined) throw new S3Error('MalformedXML', 'Each <Object> needs a <Key>', 400);
    try {
      await call.files.remove(call.bucket, key);
      if (!quiet) deleted.push({ Key: key });
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      errors.push({ Key: key, Code: error.code, Message: error.message });
    }
  }
  sendXml(call.response, 200, 'DeleteResult', { Deleted: deleted, Error: errors });
}

/** `x-amz-copy-source`: `bucket/key` or `/bucket/key`, URL-encoded, perhaps with `?versionId=`. */
export function copySource(text: string): { bucket: string; key: string } {
  const path = text.split('?')[0]!.replace(/^\//, '');
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw invalidArgument('Invalid copy source encoding', 'x-amz-copy-source', text.slice(0, 100));
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1)
    throw invalidArgument('Copy Source must mention the source bucket and key: sourcebucket/sourcekey', 'x-amz-copy-source', text.slice(0, 100));
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

export async function copyObject(call: ObjectCall, sourceText: string): Promise<void> {
  const from = copySource(sourceText);
  call.files.checkBucketName(from.bucket);
  const source = await call.files.get(from.bucket, from.key);
  await call.files.requireBucket(call.bucket);
  const replace = header(call.request, 'x-amz-metadata-directive')?.toUpperCase() === 'REPLACE';
  if (!replace && from.bucket === call.bucket && from.key === call.key) {
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const staged = await call.files.stagingFile();
  try {
    await copyFile(source.path, staged);
    const meta: ObjectMeta = replace
      ? { ...metaFromRequest(call.request), etag: source.etag }
      : {
          etag: source.etag,
          contentType: source.contentType,
          metadata: source.metadata,
          headers: source.headers,
          ...(source.checksum === undefined ? {} : { checksum: source.checksum }),
          ...(source.parts === undefined ? {} : { parts: source.parts }),
        };
    const stored = await call.files.commit(call.bucket, call.key, staged, meta, call.path);
    sendXml(call.response, 200, 'CopyObjectResult', { LastModified: stored.lastModified.toISOString(), ETag: stored.etag });
  } finally {
    await rm(staged, { force: true });
  }
}
