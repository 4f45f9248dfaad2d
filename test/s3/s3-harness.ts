// What the S3 tests share: a service with its env for Python and the aws CLI, and raw signed S3 requests.
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { request } from 'node:http';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { RunningService } from '../../kernel-lib/src/service/server.js';
import { testVenvDir, testVenvPython } from '../../scripts/lib/paths.mjs';

export const awsCli = join(testVenvDir, 'bin', 'aws');
export { testVenvPython };

/** The environment a user's shell has after `service env`: keys, region and endpoint, and no other AWS config. */
export function awsEnv(
  service: RunningService,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = service.credentials,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_REGION: service.credentials.region,
    AWS_DEFAULT_REGION: service.credentials.region,
    AWS_ENDPOINT_URL: service.endpoint,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  if (credentials.sessionToken !== undefined) env['AWS_SESSION_TOKEN'] = credentials.sessionToken;
  return env;
}

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function s3Client(service: RunningService, options: { forcePathStyle?: boolean; endpoint?: string } = {}): S3Client {
  return new S3Client({
    endpoint: options.endpoint ?? service.endpoint,
    region: service.credentials.region,
    forcePathStyle: options.forcePathStyle ?? true,
    credentials: { accessKeyId: service.credentials.accessKeyId, secretAccessKey: service.credentials.secretAccessKey },
    maxAttempts: 1,
  });
}

export interface RawS3Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
  /** `<Code>` of an S3 error document, or undefined. */
  code?: string;
}

export interface RawS3Request {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sign it with the service's keys (the default); `false` sends it unsigned. */
  sign?: boolean;
  /** The payload hash to declare and sign (default: the body's SHA-256). */
  payloadHash?: string;
  /** Bytes sent after signing instead of `body` (a body changed after signing). */
  sendBody?: string | Buffer;
  secret?: string;
  accessKeyId?: string;
  /** Extra headers added after signing (so not signed). */
  unsignedHeaders?: Record<string, string>;
  /** Sign without adding x-amz-content-sha256. */
  noContentHash?: boolean;
  service?: string;
  region?: string;
  host?: string;
}

/** A raw S3 request, signed as a client would (or altered after signing), with the response read whole. */
export async function s3Request(service: RunningService, options: RawS3Request): Promise<RawS3Response> {
  const method = options.method ?? 'GET';
  const body = options.body ?? '';
  const [path = '/', queryText = ''] = options.path.split('?');
  let headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${service.port}`, ...options.headers };
  if (options.sign !== false) {
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: options.accessKeyId ?? service.credentials.accessKeyId,
        secretAccessKey: options.secret ?? service.credentials.secretAccessKey,
      },
      region: options.region ?? service.credentials.region,
      service: options.service ?? 's3',
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: options.noContentHash !== true,
    });
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(queryText)) query[name] = value;
    if (options.payloadHash !== undefined) headers['x-amz-content-sha256'] = options.payloadHash;
    const signed = await signer.sign({ method, protocol: 'http:', hostname: '127.0.0.1', port: service.port, path, query, headers, body });
    headers = signed.headers as Record<string, string>;
  }
  headers = { ...headers, ...options.unsignedHeaders };
  const sent = options.sendBody ?? body;
  if (headers['content-length'] === undefined && method !== 'GET' && method !== 'HEAD') headers['content-length'] = String(Buffer.byteLength(sent));
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port: service.port, method, path: options.path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const all = Buffer.concat(chunks);
        const text = all.toString('utf8');
        const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: all, text, ...(code === undefined ? {} : { code }) });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(sent);
  });
}

export type ChunkedMode = 'signed' | 'signed-trailer' | 'unsigned-trailer';

export interface ChunkedOptions {
  /** Flip one bit of this chunk's signature (the final, empty chunk is chunks.length). */
  corruptChunk?: number;
  /** Cut this many bytes off the end (HTTP's Content-Length still honest). */
  truncate?: number;
  /** The CRC32 to send in the trailer instead of the right one. */
  trailerChecksum?: string;
  corruptTrailerSignature?: boolean;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
export const crc32Base64 = (data: string | Buffer): string => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
};

/**
 * A PutObject with an `aws-chunked` body, encoded and signed as the SDKs do over HTTPS: chunk signatures
 * chained from the request's (signed modes), and an x-amz-checksum-crc32 trailer (trailer modes).
 */
export async function chunkedPut(
  service: RunningService,
  path: string,
  chunks: string[],
  mode: ChunkedMode,
  options: ChunkedOptions = {},
): Promise<RawS3Response> {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const region = service.credentials.region;
  const decoded = chunks.join('');
  const signed = mode !== 'unsigned-trailer';
  const trailer = mode !== 'signed';
  const checksum = options.trailerChecksum ?? crc32Base64(decoded);
  const placeholder = '0'.repeat(64);
  const encode = (signatures: string[], trailerSignatureValue: string): string => {
    let body = '';
    [...chunks, ''].forEach((chunk, index) => {
      body += `${chunk.length.toString(16)}${signed ? `;chunk-signature=${signatures[index]}` : ''}\r\n`;
      if (chunk !== '') body += `${chunk}\r\n`;
    });
    if (trailer) body += `x-amz-checksum-crc32:${checksum}\r\n${signed ? `x-amz-trailer-signature:${trailerSignatureValue}\r\n` : ''}`;
    return `${body}\r\n`;
  };
  const length = encode(chunks.map(() => placeholder).concat(placeholder), placeholder).length - (options.truncate ?? 0);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${service.port}`,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': {
      signed: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      'unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
    }[mode],
    'content-encoding': 'aws-chunked',
    'x-amz-decoded-content-length': String(decoded.length),
    'content-length': String(length),
  };
  if (trailer) headers['x-amz-trailer'] = 'x-amz-checksum-crc32';
  const signer = new SignatureV4({ credentials: service.credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const request = await signer.sign({ method: 'PUT', protocol: 'http:', hostname: '127.0.0.1', port: service.port, path, query: {}, headers });
  let previous = /Signature=([0-9a-f]{64})/.exec(String(request.headers['authorization']))![1]!;
  const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();
  const key = hmac(hmac(hmac(hmac(`AWS4${service.credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  const scope = `${day}/${region}/s3/aws4_request`;
  const signatures = [...chunks, ''].map((chunk, index) => {
    let signature = hmac(key, ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, sha256(''), sha256(chunk)].join('\n')).toString('hex');
    if (index === options.corruptChunk) signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    previous = signature;
    return signature;
  });
  let trailerSignatureValue = hmac(
    key,
    ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256(`x-amz-checksum-crc32:${checksum}\n`)].join('\n'),
  ).toString('hex');
  if (options.corruptTrailerSignature === true) trailerSignatureValue = trailerSignatureValue.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  const body = encode(signatures, trailerSignatureValue).slice(0, length);
  return s3Request(service, { method: 'PUT', path, sign: false, headers: request.headers as Record<string, string>, body });
}
