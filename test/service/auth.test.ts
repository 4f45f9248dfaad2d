import { ListPipelinesCommand } from '@aws-sdk/client-sagemaker';
import { statSync } from 'node:fs';
import { request } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { join } from 'node:path';
import { listeningAddresses } from '../harness/network.js';
import { rawRequest, sageMakerClient, startTestService, type TestService } from './service-harness.js';

describe('the local service transport and SigV4 auth', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(listeningAddresses(running.service.port)).toEqual(['127.0.0.1']);
  });

  it('creates credentials.json on first start, readable by its owner only', () => {
    const mode = statSync(join(running.service.home, 'credentials.json')).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(running.service.credentials.accessKeyId).toMatch(/^[A-Z0-9]{16,}$/);
  });

  it('answers a request signed with the local credentials', async () => {
    const result = await running.client.send(new ListPipelinesCommand({}));
    expect(result.PipelineSummaries).toEqual([]);
  });

  it('refuses an unsigned request with 403 UnrecognizedClientException', async () => {
    const response = await rawRequest(running.service, {
      headers: { 'X-Amz-Target': 'SageMaker.ListPipelines', 'Content-Type': 'application/x-amz-json-1.1' },
      body: '{}',
    });
    expect(response.status).toBe(403);
    expect(response.json['__type']).toBe('UnrecognizedClientException');
    expect(response.headers['x-amzn-errortype']).toBe('UnrecognizedClientException');
  });

  it('refuses an unknown access key with 403 UnrecognizedClientException', async () => {
    const stranger = sageMakerClient(running.service, running.service.credentials.secretAccessKey, 'AKIAUNKNOWNKEY000000');
    await expect(stranger.send(new ListPipelinesCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });

  it('refuses a wrong signature with 403 InvalidSignatureException', async () => {
    const forger = sageMakerClient(running.service, 'not-the-secret');
    await expect(forger.send(new ListPipelinesCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    });
    forger.destroy();
  });

  it('refuses a request signed more than 15 minutes ago', async () => {
    const late = sageMakerClient(running.service);
    // systemClockOffset shifts the signing time the way a skewed clock would.
    late.config.systemClockOffset = -20 * 60 * 1000;
    await expect(late.send(new ListPipelinesCommand({}))).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      message: expect.stringContaining('expired'),
    });
    late.destroy();
  });

  it('refuses a body changed after signing', async () => {
    const signer = new SignatureV4({ credentials: running.service.credentials, region: 'us-east-1', service: 'sagemaker', sha256: Sha256 });
    const headers = { host: `127.0.0.1:${running.service.port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.ListPipelines' };
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: {}, headers, body: '{}' });
    // The JS signer also signs x-amz-content-sha256, the hash of the original body.
    const tampered = await rawRequest(running.service, { headers: signed.headers, body: '{"MaxResults": 1}' });
    expect(tampered.status).toBe(403);
    expect(tampered.json['__type']).toBe('InvalidSignatureException');
    const { ['x-amz-content-sha256']: _hash, ...withoutHash } = signed.headers;
    const resigned = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: {}, headers: withoutHash, body: '{}' },
      { unsignableHeaders: new Set(['x-amz-content-sha256']) },
    );
    const { ['x-amz-content-sha256']: _again, ...plain } = resigned.headers;
    const swapped = await rawRequest(running.service, { headers: plain, body: '{"MaxResults": 1}' });
    expect(swapped.status).toBe(403);
    expect(swapped.json['__type']).toBe('InvalidSignatureException');
  });

  /** Streams 11 MB in 1 MB chunks with these headers; resolves with the status and error type. */
  function sendOversized(headers: Record<string, string>): Promise<{ status: number; type: unknown }> {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    return new Promise((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port: running.service.port, method: 'POST', path: '/', headers }, (incoming) => {
        const parts: Buffer[] = [];
        incoming.on('data', (part: Buffer) => parts.push(part));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, type: (JSON.parse(Buffer.concat(parts).toString()) as Record<string, unknown>)['__type'] }),
        );
      });
      // The service may answer and close before the whole body is sent.
      outgoing.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      const write = (i: number): void => {
        if (i >= 11 || outgoing.destroyed) {
          outgoing.end();
          return;
        }
        outgoing.write(chunk, () => write(i + 1));
      };
      write(0);
    });
  }

  it('refuses an unsigned body before reading it (issue 16: no memory for strangers)', async () => {
    expect(await sendOversized({ 'x-amz-target': 'SageMaker.ListPipelines' })).toEqual({ status: 403, type: 'UnrecognizedClientException' });
  });

  it('refuses an oversized body of a signed request, and keeps serving', async () => {
    const signer = new SignatureV4({ credentials: running.service.credentials, region: 'us-east-1', service: 'sagemaker', sha256: Sha256 });
    const headers = { host: `127.0.0.1:${running.service.port}`, 'x-amz-target': 'SageMaker.ListPipelines' };
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: {}, headers, body: '{}' });
    expect(await sendOversized(signed.headers)).toEqual({ status: 413, type: 'RequestEntityTooLargeException' });
  });

  it('keeps serving after refusing requests', async () => {
    await expect(running.client.send(new ListPipelinesCommand({}))).resolves.toBeDefined();
  });
});
