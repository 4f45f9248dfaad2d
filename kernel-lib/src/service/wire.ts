import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AwsError, bodyTooLarge, serializationError } from './errors.js';
import type { RequestBody } from './input.js';

export const jsonContentType = 'application/x-amz-json-1.1';

/**
 * Reads the whole body, refusing more than `limit` bytes. The rest of an oversized body is drained rather
 * than the socket cut, so the client reads the error instead of a connection reset.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? '0');
    let tooLarge = declared > limit;
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => (tooLarge ? reject(bodyTooLarge(limit)) : resolve(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}

/** The body as a JSON object; an empty body is `{}`, as AWS clients send for operations without input. */
export function parseJsonBody(body: Buffer): RequestBody {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw serializationError(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serializationError('The request body must be a JSON object');
  }
  return parsed as RequestBody;
}

/**
 * Dates become epoch seconds, which both the JS SDK and boto3 parse as timestamps. A member that is null is left
 * out: SageMaker's model has no null, and clients read a null member as a value of the wrong type.
 */
export function toWireJson(value: object): string {
  // One walk to a plain copy, then the native stringify: a replacer function costs a call per member.
  return JSON.stringify(wireValue(value));
}

function wireValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(wireValue);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return wireValue((value as { toJSON: () => unknown }).toJSON());
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== null) copy[key] = wireValue(member);
  }
  return copy;
}

/** Every JSON response names itself, as AWS's do: clients show it as ResponseMetadata.RequestId. */
const requestIdHeader = (): Record<string, string> => ({ 'x-amzn-RequestId': randomUUID() });

export function sendJson(response: ServerResponse, status: number, value: object): void {
  const body = toWireJson(value);
  response.writeHead(status, { 'Content-Type': jsonContentType, 'Content-Length': Buffer.byteLength(body), ...requestIdHeader() });
  response.end(body);
}

export function sendError(response: ServerResponse, error: AwsError): void {
  const body = JSON.stringify({ __type: error.code, message: error.message });
  response.writeHead(error.httpStatus, {
    'Content-Type': jsonContentType,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-ErrorType': error.code,
    ...requestIdHeader(),
  });
  response.end(body);
}
