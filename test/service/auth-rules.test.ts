// The tightened SigV4 rules (issue 16) and the Host check: what must be signed, which scope is accepted,
// that the JSON API's body hash is always checked, that a foreign Host (DNS rebinding) is refused, and that
// unauthenticated connections are capped.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { connect, type Socket } from 'node:net';
import { matchHost } from '../../kernel-lib/src/service/host-check.js';
import { rawRequest, startTestService, type TestService } from './service-harness.js';

describe('SigV4 rules and the Host check', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(async () => {
    await running?.stop();
  });

  /** A JSON API request signed with chosen rules; `after` headers are added once signed. */
  async function send(options: {
    target?: string;
    path?: string;
    service?: string;
    region?: string;
    unsignable?: string[];
    after?: Record<string, string>;
    host?: string;
    body?: string;
  }) {
    const signer = new SignatureV4({
      credentials: running.service.credentials,
      region: options.region ?? 'us-east-1',
      service: options.service ?? 'sagemaker',
      sha256: Sha256,
      applyChecksum: false,
    });
    const headers: Record<string, string> = { host: options.host ?? `127.0.0.1:${running.service.port}`, 'content-type': 'application/x-amz-json-1.1' };
    if (options.target !== undefined) headers['x-amz-target'] = options.target;
    const body = options.body ?? '{}';
    const signed = await signer.sign(
      { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: options.path ?? '/', query: {}, headers, body },
      { unsignableHeaders: new Set(options.unsignable ?? []) },
    );
    return rawRequest(running.service, { path: options.path ?? '/', headers: { ...(signed.headers as Record<string, string>), ...options.after }, body });
  }

  it('answers a well-signed request', async () => {
    expect((await send({ target: 'SageMaker.ListPipelines' })).status).toBe(200);
  });

  it('refuses a request whose X-Amz-Target was not signed (it could be swapped)', async () => {
    const response = await send({ unsignable: ['x-amz-target'], after: { 'x-amz-target': 'SageMaker.DeletePipeline' } });
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ __type: 'InvalidSignatureException', message: expect.stringContaining('x-amz-target must be signed') });
  });

  it('refuses a request whose Host was not signed', async () => {
    const response = await send({ target: 'SageMaker.ListPipelines', unsignable: ['host'] });
    expect(response.status).toBe(403);
    expect(response.json['message']).toMatch(/host must be signed/);
  });

  it('refuses a credential scope for another region or service', async () => {
    const region = await send({ target: 'SageMaker.ListPipelines', region: 'eu-west-1' });
    expect(region.json).toMatchObject({ __type: 'InvalidSignatureException', message: expect.stringContaining("region is 'eu-west-1'") });
    const service = await send({ target: 'SageMaker.ListPipelines', service: 's3' });
    expect(service.json).toMatchObject({ __type: 'InvalidSignatureException', message: expect.stringContaining("service is 's3'") });
  });

  it('refuses UNSIGNED-PAYLOAD on the JSON API: the body is always part of the signature', async () => {
    const signer = new SignatureV4({
      credentials: running.service.credentials,
      region: 'us-east-1',
      service: 'sagemaker',
      sha256: Sha256,
      applyChecksum: false,
    });
    const headers = { host: `127.0.0.1:${running.service.port}`, 'x-amz-target': 'SageMaker.ListPipelines', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', query: {}, headers, body: '{"MaxResults": 1}' });
    const response = await rawRequest(running.service, { headers: signed.headers as Record<string, string>, body: '{"MaxResults": 1}' });
    expect(response.status).toBe(403);
    expect(response.json['__type']).toBe('InvalidSignatureException');
  });

  it("checks InvokeEndpoint's scope (signed as sagemaker) before looking at the endpoint", async () => {
    const wrong = await send({ path: '/endpoints/none/invocations', service: 's3' });
    expect(wrong.status).toBe(403);
    const right = await send({ path: '/endpoints/none/invocations' });
    expect(right.status).toBe(400);
    expect(right.json['__type']).toBe('ValidationError');
  });

  it('refuses a foreign Host header, signed or not, and accepts the loopback names it serves', async () => {
    const foreign = await send({ target: 'SageMaker.ListPipelines', host: `attacker.example:${running.service.port}` });
    expect(foreign.status).toBe(421);
    expect(foreign.json['__type']).toBe('InvalidHostHeader');
    const otherPort = await send({ target: 'SageMaker.ListPipelines', host: `127.0.0.1:${running.service.port + 1}` });
    expect(otherPort.status).toBe(421);
    const ping = await rawRequest(running.service, { method: 'GET', path: '/sluice/ping', headers: { host: 'rebound.example' } });
    expect(ping.status).toBe(421);
    for (const host of [`localhost:${running.service.port}`, `[::1]:${running.service.port}`, `LOCALHOST:${running.service.port}`]) {
      expect((await send({ target: 'SageMaker.ListPipelines', host })).status).toBe(200);
    }
  });

  it('closes connections beyond 64 that have not authenticated, and serves again once they go', async () => {
    const idle: Socket[] = [];
    for (let i = 0; i < 64; i++) {
      const socket = connect(running.service.port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise((resolve) => socket.once('connect', resolve));
      idle.push(socket);
    }
    const extra = connect(running.service.port, '127.0.0.1');
    extra.on('error', () => undefined);
    const closed = await new Promise<boolean>((resolve) => {
      extra.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 2000);
    });
    expect(closed).toBe(true);
    for (const socket of idle) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await send({ target: 'SageMaker.ListPipelines' })).status).toBe(200);
  });
});

describe('matchHost', () => {
  it.each([
    ['127.0.0.1:8080', { kind: 'loopback' }],
    ['localhost:8080', { kind: 'loopback' }],
    ['[::1]:8080', { kind: 'loopback' }],
    ['my-bucket.localhost:8080', { kind: 'bucket', bucket: 'my-bucket' }],
    ['127.0.0.1:8081', undefined],
    ['127.0.0.1', undefined],
    ['evil.com:8080', undefined],
    ['localhost.evil.com:8080', undefined],
    ['127.0.0.1.nip.io:8080', undefined],
    ['Bad_Bucket.localhost:8080', undefined],
    ['', undefined],
  ])('%s → %j', (host, expected) => {
    expect(matchHost(host, 8080)).toEqual(expected);
  });
});
