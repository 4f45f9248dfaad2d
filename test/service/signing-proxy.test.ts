// The panel's signing proxy signs for whoever reaches it, so only its owner may reach it: a unix socket with
// mode 0600, never a TCP port, and only the Host that jupyter-server-proxy is told to send.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSigningProxy, type RunningProxy } from '../../kernel-lib/src/service/proxy.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { startTestService, type TestService } from './service-harness.js';

interface Answer {
  status: number;
  body: string;
}

function throughSocket(socketPath: string, host: string, target = 'SageMaker.ListPipelines'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = request(
      { socketPath, method: 'POST', path: '/', headers: { host, 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' } },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    sent.once('error', reject);
    sent.end('{}');
  });
}

/** The same request made by another local user: `nobody`, through the same socket. */
function asNobody(socketPath: string): { status: number | null; output: string } {
  const script = `
    const req = require('node:http').request({ socketPath: ${JSON.stringify(socketPath)}, method: 'POST', path: '/', headers: { host: 'localhost', 'x-amz-target': 'SageMaker.ListPipelines' } }, (res) => { console.log('answered ' + res.statusCode); });
    req.on('error', (error) => { console.log('refused ' + error.code); });
    req.end('{}');`;
  const run = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', script], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the signing proxy for the panel', () => {
  let running: TestService;
  let folder: string;
  let proxy: RunningProxy;

  beforeAll(async () => {
    running = await startTestService();
    folder = mkdtempSync(join(tmpdir(), 'sluice-proxy-'));
    // Open to look into (0755), so that the socket's own mode is what stops another user.
    chmodSync(folder, 0o755);
    proxy = await startSigningProxy({
      socket: join(folder, 'socket'),
      resolveTarget: async () => ({ endpoint: running.service.endpoint, credentials: running.service.credentials }),
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await proxy?.close();
    await running?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('listens on a socket only its owner can open, and signs what its owner sends', async () => {
    expect(statSync(proxy.socket).isSocket()).toBe(true);
    expect(statSync(proxy.socket).mode & 0o777).toBe(0o600);
    const answer = await throughSocket(proxy.socket, 'localhost');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ PipelineSummaries: [] });
  });

  it('refuses another local user, who cannot even connect', () => {
    const other = asNobody(proxy.socket);
    expect(other.output).toContain('refused EACCES');
    expect(other.output).not.toContain('answered');
  });

  it('refuses a request whose Host is not the one jupyter-server-proxy sends (a rebound web page)', async () => {
    for (const host of ['evil.example', 'evil.example:8888', '127.0.0.1.nip.io']) {
      const answer = await throughSocket(proxy.socket, host);
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('is not served here');
      expect(answer.body).not.toContain('PipelineSummaries');
    }
  });

  it('will not listen in a folder that other users can write to', async () => {
    const open = mkdtempSync(join(tmpdir(), 'sluice-proxy-open-'));
    chmodSync(open, 0o777);
    try {
      await expect(
        startSigningProxy({
          socket: join(open, 'socket'),
          resolveTarget: async () => ({ endpoint: running.service.endpoint, credentials: running.service.credentials }),
        }),
      ).rejects.toThrow(/writable by other users/);
    } finally {
      rmSync(open, { recursive: true, force: true });
    }
  });

  it('`sluice service proxy` refuses a TCP port and asks for a socket', () => {
    const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
    const withPort = spawnSync(process.execPath, [cli, 'service', 'proxy', '--port', '8123'], { encoding: 'utf8' });
    expect(withPort.status).toBe(2);
    expect(withPort.stderr).toContain('proxy serves only a unix socket');
    const withNothing = spawnSync(process.execPath, [cli, 'service', 'proxy'], { encoding: 'utf8' });
    expect(withNothing.status).toBe(2);
    expect(withNothing.stderr).toContain('proxy needs --socket PATH');
  });
});
