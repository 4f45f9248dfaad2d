/** What every S3 operation receives: the authenticated request, its address and the store. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import type { Authenticated } from '../signature.js';
import type { S3Address } from './addressing.js';
import type { S3Files } from './files.js';
import { planPayload, receiveBody } from './payload.js';
import { entityTooLarge, S3Error } from './errors.js';

export interface S3Call {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly address: S3Address;
  readonly auth: Authenticated;
  readonly files: S3Files;
  readonly region: string;
}

/** A call that names a bucket and (for object operations) a key. */
export type BucketCall = S3Call & { readonly bucket: string };
export type ObjectCall = BucketCall & {
  readonly key: string;
  /** The key's file in the store, checked once by the router. */
  readonly path: string;
};

export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** A small request body (an XML document), checked like any other body, at most `limit` bytes. */
export async function smallBody(call: S3Call, limit = 2 * 1024 * 1024): Promise<string> {
  const plan = planPayload(call.request, call.auth);
  if (plan.length !== undefined && plan.length > limit) throw entityTooLarge(limit);
  const staged = await call.files.stagingFile();
  try {
    await receiveBody(call.request, plan, call.auth, staged, limit);
    return await readFile(staged, 'utf8');
  } finally {
    await rm(staged, { force: true });
  }
}

export function requireQuery(call: S3Call, name: string): string {
  const value = call.address.query.get(name);
  if (value === null || value === '') throw new S3Error('InvalidArgument', `The parameter ${name} is required`, 400);
  return value;
}
