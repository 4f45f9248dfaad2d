/**
 * ListObjectsV2 and ListObjects over the store's folders, a page at a time: folders are walked in S3's key
 * order (UTF-8 bytes; a folder `a` sorts as `a/`), and a folder whose keys all fall before the page's start,
 * outside the prefix, or under one common prefix is never opened. So a page costs about its own size, not
 * the bucket's.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { invalidArgument } from './errors.js';
import type { S3Files, StoredObject } from './files.js';
import { xmlDocument, type XmlObject } from './xml.js';

export interface ListRequest {
  readonly prefix: string;
  readonly delimiter: string;
  readonly maxKeys: number;
  /** Keys up to and including this one are skipped; when `afterIsPrefix`, so is every key starting with it. */
  readonly after: string;
  readonly afterIsPrefix: boolean;
}

export interface ListPage {
  readonly objects: StoredObject[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  /** The last key or common prefix on the page, where the next page starts. */
  readonly last?: { readonly value: string; readonly isPrefix: boolean };
}

const compare = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface Found {
  readonly key: string;
  readonly path: string;
  readonly folder: boolean;
}

async function* walk(folder: string, base: string, request: ListRequest): AsyncGenerator<Found | { readonly commonPrefix: string }> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  if (entries.length === 0 && base !== '') {
    if (base.startsWith(request.prefix) && after(base, request)) yield { key: base, path: folder, folder: true };
    return;
  }
  const items = entries
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map((entry) => ({ name: entry.name, folder: entry.isDirectory(), key: `${base}${entry.name}${entry.isDirectory() ? '/' : ''}` }))
    .sort((a, b) => compare(a.key, b.key));
  for (const item of items) {
    const path = join(folder, item.name);
    if (!item.folder) {
      if (item.key.startsWith(request.prefix) && after(item.key, request)) yield { key: item.key, path, folder: false };
      continue;
    }
    // Every key in this folder starts with item.key.
    if (!item.key.startsWith(request.prefix) && !request.prefix.startsWith(item.key)) continue;
    if (request.afterIsPrefix && item.key.startsWith(request.after)) continue;
    if (request.after !== '' && compare(request.after, item.key) >= 0 && !request.after.startsWith(item.key)) continue;
    if (request.delimiter === '/' && item.key.length > request.prefix.length && item.key.startsWith(request.prefix)) {
      yield { commonPrefix: item.key };
      continue;
    }
    yield* walk(path, item.key, request);
  }
}

function after(key: string, request: ListRequest): boolean {
  if (request.after === '') return true;
  if (request.afterIsPrefix && key.startsWith(request.after)) return false;
  return compare(key, request.after) > 0;
}

export async function listPage(files: S3Files, bucket: string, request: ListRequest): Promise<ListPage> {
  const root = await files.requireBucket(bucket);
  const objects: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let last: ListPage['last'];
  let truncated = false;
  if (request.maxKeys === 0) return { objects, commonPrefixes, truncated };
  for await (const found of walk(root, '', request)) {
    let prefix: string | undefined;
    if ('commonPrefix' in found) prefix = found.commonPrefix;
    else if (request.delimiter !== '') {
      const at = found.key.indexOf(request.delimiter, request.prefix.length);
      if (at >= 0) prefix = found.key.slice(0, at + request.delimiter.length);
    }
    if (prefix !== undefined && prefix === last?.value && last.isPrefix) continue;
    if (objects.length + commonPrefixes.length >= request.maxKeys) {
      truncated = true;
      break;
    }
    if (prefix !== undefined) {
      commonPrefixes.push(prefix);
      last = { value: prefix, isPrefix: true };
    } else if (!('commonPrefix' in found)) {
      const stats = await lstat(found.path).catch(() => undefined);
      if (stats === undefined) continue; // deleted while listing
      objects.push(await files.describe(bucket, found.key, found.path, stats));
      last = { value: found.key, isPrefix: false };
    }
  }
  return { objects, commonPrefixes, truncated, ...(last === undefined ? {} : { last }) };
}

export function encodeToken(last: NonNullable<ListPage['last']>): string {
  return Buffer.from(JSON.stringify({ a: last.value, p: last.isPrefix })).toString('base64url');
}

export function decodeToken(token: string): { after: string; afterIsPrefix: boolean } {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { a?: unknown; p?: unknown };
    if (typeof parsed.a === 'string' && typeof parsed.p === 'boolean') return { after: parsed.a, afterIsPrefix: parsed.p };
  } catch {
    // falls through to the error
  }
  throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token.slice(0, 100));
}

export function parseMaxKeys(text: string | null): number {
  if (text === null || text === '') return 1000;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text.slice(0, 20));
  return Math.min(value, 1000);
}

/** S3's `EncodingType=url`: clients ask for it so any key survives XML. */
export function encoderFor(encodingType: string | null): (text: string) => string {
  if (encodingType === null || encodingType === '') return (text) => text;
  if (encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType.slice(0, 20));
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

export function objectEntry(object: StoredObject, encode: (text: string) => string, owner: boolean): XmlObject {
  return {
    Key: encode(object.key),
    LastModified: object.lastModified.toISOString(),
    ETag: object.etag,
    Size: object.size,
    ...(object.checksum === undefined ? {} : { ChecksumAlgorithm: object.checksum.algorithm.toUpperCase() }),
    StorageClass: 'STANDARD',
    ...(owner ? { Owner: { ID: localOwnerId, DisplayName: 'sluice' } } : {}),
  };
}

/** The one owner of every local bucket. */
export const localOwnerId = '0000000000000000000000000000000000000000000000000000000000000000';

export function sendXml(response: ServerResponse, status: number, root: string, body: XmlObject, headers: Record<string, string> = {}): void {
  const text = xmlDocument(root, body);
  response.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
