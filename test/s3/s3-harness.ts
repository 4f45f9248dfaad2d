// What the S3 tests share: a service with its env for Python and the aws CLI, and raw signed S3 requests.
import { spawn } from 'node:child_process';
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
export function awsEnv(service: RunningService, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } = service.credentials): NodeJS.ProcessEnv {
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
      credentials: { accessKeyId: options.accessKeyId ?? service.credentials.accessKeyId, secretAccessKey: options.secret ?? service.credentials.secretAccessKey },
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
