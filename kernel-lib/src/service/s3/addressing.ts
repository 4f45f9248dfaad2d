/**
 * Which bucket and key a request names. Path-style (`/bucket/key`, what clients send to 127.0.0.1 or with
 * forcePathStyle) and virtual-hosted-style (`Host: bucket.localhost:port`, path `/key`). The key is the
 * percent-decoded rest of the path, checked later against the store's limits.
 */
import type { HostMatch } from '../host-check.js';
import { S3Error } from './errors.js';

export interface S3Address {
  readonly bucket?: string;
  readonly key?: string;
  readonly query: URLSearchParams;
  /** The path without the query, for `<Resource>` in errors. */
  readonly resource: string;
}

export function addressOf(url: string, host: HostMatch): S3Address {
  const at = url.indexOf('?');
  const rawPath = at < 0 ? url : url.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : url.slice(at + 1));
  if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400);
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
  if (host.kind === 'bucket') {
    const key = path.slice(1);
    return { bucket: host.bucket, ...(key === '' ? {} : { key }), query, resource: `/${host.bucket}${path}` };
  }
  const rest = path.slice(1);
  if (rest === '') return { query, resource: '/' };
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest, query, resource: path };
  const bucket = rest.slice(0, slash);
  const key = rest.slice(slash + 1);
  return { bucket, ...(key === '' ? {} : { key }), query, resource: path };
}
