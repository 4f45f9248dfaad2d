import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SignatureV4 } from '@smithy/signature-v4';
import { startService, type RunningService } from '../../kernel-lib/src/service/server.js';
import type { Runtimes } from '../../kernel-lib/src/engine/index.js';
import { testEnvsDir } from '../harness/workspace.js';

// The JS SDK warns that its 2027 releases need Node 22; that is noise for these tests.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/** A temporary SLUICE_HOME, never the user's. */
export function temporaryHome(): { home: string; remove: () => void } {
  const home = mkdtempSync(join(tmpdir(), 'sluice-home-'));
  return { home, remove: () => rmSync(home, { recursive: true, force: true }) };
}

export interface TestService {
  service: RunningService;
  client: SageMakerClient;
  stop: () => Promise<void>;
}

/** An in-process service on 127.0.0.1 with a real SageMaker client pointed at it. */
export async function startTestService(
  options: { bodyLimit?: number; engine?: { stopGraceMs?: number; runtimes?: Partial<Runtimes>; envsDir?: string } } = {},
): Promise<TestService> {
  const { home, remove } = temporaryHome();
  // Framework images' environments outlive the temporary home: tests create each one once.
  const service = await startService({ home, port: 0, ...options, engine: { envsDir: testEnvsDir, ...options.engine }, log: () => undefined });
  const client = sageMakerClient(service);
  return {
    service,
    client,
    stop: async () => {
      client.destroy();
      await service.close();
      remove();
    },
  };
}

export function sageMakerClient(
  service: RunningService,
  secretAccessKey = service.credentials.secretAccessKey,
  accessKeyId = service.credentials.accessKeyId,
): SageMakerClient {
  return new SageMakerClient({
    endpoint: service.endpoint,
    region: service.credentials.region,
    credentials: { accessKeyId, secretAccessKey },
    // Errors are asserted on; retrying them only slows the tests.
    maxAttempts: 1,
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: Record<string, unknown>;
}

/** A raw HTTP request to the service, for what no well-behaved client would send. */
export function rawRequest(
  service: RunningService,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port: service.port, method: options.method ?? 'POST', path: options.path ?? '/', headers: options.headers ?? {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          // A body that is not JSON (S3's XML, a plain refusal) comes back as { text }, never a throw that would hang the test.
          let json: Record<string, unknown>;
          try {
            json = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
          } catch {
            json = { text };
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, json });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** A minimal valid definition: one Fail step. */
export function definition(steps: unknown[] = [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'stop' } }], parameters: unknown[] = []): string {
  return JSON.stringify({ Version: '2020-12-01', Metadata: {}, Parameters: parameters, PipelineExperimentConfig: null, Steps: steps });
}

export const roleArn = 'arn:aws:iam::000000000000:role/SluiceLocal';

/** A Lambda step as the SDK writes it; `extra` adds DependsOn, Arguments and the like. */
export function lambdaStep(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Name: name,
    Type: 'Lambda',
    Arguments: {},
    FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
    OutputParameters: [{ OutputName: 'ok', OutputType: 'String' }],
    ...extra,
  };
}

/** A request signed with the service's credentials but with any target, headers and body. */
export async function signedRequest(
  service: RunningService,
  target: string | undefined,
  body: string | Buffer,
  extraHeaders: Record<string, string> = {},
): Promise<RawResponse> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: service.credentials.accessKeyId, secretAccessKey: service.credentials.secretAccessKey },
    region: service.credentials.region,
    service: 'sagemaker',
    sha256: Sha256,
  });
  const headers: Record<string, string> = { host: `127.0.0.1:${service.port}`, 'content-type': 'application/x-amz-json-1.1', ...extraHeaders };
  if (target !== undefined) headers['x-amz-target'] = target;
  const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: service.port, path: '/', query: {}, headers, body });
  return rawRequest(service, { headers: signed.headers, body });
}
