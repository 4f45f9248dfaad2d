/**
 * ListObjectsV2 and ListObjects over the store's folders, a page at a time: folders are walked in S3's key
 * order (UTF-8 bytes; a folder `a` sorts as `a/`), and a folder whose keys all fall before the page's start,
 * outside the prefix, or under one common prefix is never opened. So a page costs about its own size, not
 * the bucket's.
 */
import { lstatSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { invalidArgument } from './errors.js';
import type { S3Files, StoredObject } from './files.js';
import { escapeXml, InnerXml, xmlDocument, type XmlObject } from './xml.js';

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

/** A key as one character per UTF-8 byte: plain string comparison of these is S3's byte order. */
const byteOrder = (key: string): string => (/^[\x00-\x7f]*$/.test(key) ? key : Buffer.from(key).toString('latin1'));

interface Item {
  readonly name: string;
  readonly folder: boolean;
  readonly key: string;
  readonly order: string;
}

/**
 * Each folder's entries in key order, kept while the folder's mtime stays the same (adding, removing or
 * replacing an entry changes it): a page of a large folder costs no readdir or sort.
 */
const folderCache = new Map<string, { mtimeMs: number; items: Item[] }>();
const folderCacheLimit = 1000;

async function itemsOf(folder: string, base: string): Promise<Item[]> {
  const stats = await stat(folder).catch(() => undefined);
  if (stats === undefined) return [];
  const cached = folderCache.get(folder);
  if (cached !== undefined && cached.mtimeMs === stats.mtimeMs && cached.items[0]?.key.startsWith(base) !== false) return cached.items;
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const items = entries
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map((entry) => {
      const key = `${base}${entry.name}${entry.isDirectory() ? '/' : ''}`;
      return { name: entry.name, folder: entry.isDirectory(), key, order: byteOrder(key) };
    })
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  if (folderCache.size >= folderCacheLimit) folderCache.delete(folderCache.keys().next().value as string);
  folderCache.set(folder, { mtimeMs: stats.mtimeMs, items });
  return items;
}

interface Found {
  readonly key: string;
  readonly path: string;
  readonly folder: boolean;
}

interface Bounds {
  readonly after: string;
}

async function* walk(folder: string, base: string, request: ListRequest, bounds: Bounds): AsyncGenerator<Found | { readonly commonPrefix: string }> {
  const items = await itemsOf(folder, base);
  if (items.length === 0 && base !== '') {
    if (base.startsWith(request.prefix) && after(base, request, bounds)) yield { key: base, path: folder, folder: true };
    return;
  }
  for (let index = firstAfter(items, request.after, bounds); index < items.length; index += 1) {
    const item = items[index]!;
    if (!item.folder) {
      if (item.key.startsWith(request.prefix) && after(item.key, request, bounds, item.order))
        yield { key: item.key, path: join(folder, item.name), folder: false };
      continue;
    }
    // Every key in this folder starts with item.key.
    if (!item.key.startsWith(request.prefix) && !request.prefix.startsWith(item.key)) continue;
    if (request.afterIsPrefix && item.key.startsWith(request.after)) continue;
    if (bounds.after !== '' && bounds.after >= item.order && !request.after.startsWith(item.key)) continue;
    if (request.delimiter === '/' && item.key.length > request.prefix.length && item.key.startsWith(request.prefix)) {
      yield { commonPrefix: item.key };
      continue;
    }
    yield* walk(join(folder, item.name), item.key, request, bounds);
  }
}

/**
 * Where a folder's items can start to matter: those sorting at or before the page's start are skipped by a binary
 * search, not one by one (the tenth page of a 10,000-key folder used to step over 9,000 first). The one exception is
 * the folder that holds the start (`a/` sorts before `a/b`): keys after the start may follow in it.
 */
function firstAfter(items: readonly Item[], after: string, bounds: Bounds): number {
  if (bounds.after === '') return 0;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle]!.order <= bounds.after) low = middle + 1;
    else high = middle;
  }
  const before = items[low - 1];
  return before !== undefined && before.folder && after.startsWith(before.key) ? low - 1 : low;
}

function after(key: string, request: ListRequest, bounds: Bounds, order = byteOrder(key)): boolean {
  if (request.after === '') return true;
  if (request.afterIsPrefix && key.startsWith(request.after)) return false;
  return order > bounds.after;
}

export async function listPage(files: S3Files, bucket: string, request: ListRequest): Promise<ListPage> {
  const root = await files.requireBucket(bucket);
  const objects: StoredObject[] = [];
  const commonPrefixes: string[] = [];
  let last: ListPage['last'];
  let truncated = false;
  if (request.maxKeys === 0) return { objects, commonPrefixes, truncated };
  for await (const found of walk(root, '', request, { after: byteOrder(request.after) })) {
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
      // Synchronous: a thousand small lstats cost less than a thousand trips through the thread pool.
      let stats;
      try {
        stats = lstatSync(found.path);
      } catch {
        stats = undefined;
      }
      if (stats === undefined) continue; // deleted while listing
      objects.push(files.describeKnown(bucket, found.key, found.path, stats) ?? (await files.describe(bucket, found.key, found.path, stats)));
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
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value))
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text.slice(0, 20));
  return Math.min(value, 1000);
}

/** S3's `EncodingType=url`: clients ask for it so any key survives XML. */
export function encoderFor(encodingType: string | null): (text: string) => string {
  if (encodingType === null || encodingType === '') return (text) => text;
  if (encodingType !== 'url') throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType.slice(0, 20));
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

/** A listing's `<Contents>`, written directly: a page holds a thousand of them. */
export function objectEntry(object: StoredObject, encode: (text: string) => string, owner: boolean): InnerXml {
  const checksum = object.checksum === undefined ? '' : `<ChecksumAlgorithm>${object.checksum.algorithm.toUpperCase()}</ChecksumAlgorithm>`;
  return new InnerXml(
    `<Key>${escapeXml(encode(object.key))}</Key><LastModified>${object.lastModified.toISOString()}</LastModified>` +
      `<ETag>${escapeXml(object.etag)}</ETag><Size>${object.size}</Size>${checksum}<StorageClass>STANDARD</StorageClass>${owner ? ownerXml : ''}`,
  );
}

/** The one owner of every local bucket. */
export const localOwnerId = '0000000000000000000000000000000000000000000000000000000000000000';
const ownerXml = `<Owner><ID>${localOwnerId}</ID><DisplayName>sluice</DisplayName></Owner>`;

export function sendXml(response: ServerResponse, status: number, root: string, body: XmlObject, headers: Record<string, string> = {}): void {
  const text = xmlDocument(root, body);
  response.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), ...headers });
  response.end(text);
}
