// The panel's signing proxy signs for whoever reaches it, so only its owner may reach it: a unix socket with
// mode 0600, never a TCP port, and only the Host that jupyter-server-proxy is told to send.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSigningProxy, type RunningProxy } from '../../kernel-lib/src/service/proxy.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { startTestService, temporaryHome, type TestService } from './service-harness.js';

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

  it('`sluice service proxy` says why the service cannot start, serves once the cause is gone, and leaves no folder behind', async () => {
    const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
    const { home, remove } = temporaryHome();
    // A folder made for the socket alone, as jupyter-server-proxy makes one for {unix_socket}.
    const own = mkdtempSync(join(tmpdir(), 'sluice-proxy-own-'));
    const socket = join(own, 'socket');
    writeFileSync(join(home, 'credentials.json'), 'not json', { mode: 0o600 });
    const child = spawn(process.execPath, [cli, 'service', 'proxy', '--socket', socket, '--own-folder'], {
      env: { ...process.env, SLUICE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => (said += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (said += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      // It listens although the service cannot start: jupyter-server-proxy's readiness check passes at once.
      const deadline = Date.now() + 30_000;
      while (!said.includes('sluice service proxy on unix socket') && child.exitCode === null && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(said).toContain(`sluice service proxy on unix socket ${socket}`);

      const refused = await throughSocket(socket, 'localhost');
      expect(refused.status).toBe(503);
      const problem = JSON.parse(refused.body) as { __type: string; message: string };
      expect(problem.__type).toBe('ServiceUnreachable');
      expect(problem.message).toMatch(/^The service did not start: /);
      expect(problem.message).toContain('is not valid JSON');
      expect(problem.message).toContain(`(its log: ${home}/service.log)`);

      rmSync(join(home, 'credentials.json'));
      const served = await throughSocket(socket, 'localhost');
      expect(served.status).toBe(200);
      expect(JSON.parse(served.body)).toEqual({ PipelineSummaries: [] });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(socket)).toBe(false);
      expect(existsSync(own)).toBe(false);
    } finally {
      child.kill('SIGKILL');
      spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home]);
      rmSync(own, { recursive: true, force: true });
      remove();
    }
  });

  it('`sluice service proxy --own-folder` removes only an empty folder', async () => {
    const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
    const shared = mkdtempSync(join(tmpdir(), 'sluice-proxy-shared-'));
    writeFileSync(join(shared, 'keep.txt'), 'mine');
    // No service is needed to listen: an unreadable home makes it answer 503, which is enough here.
    const { home, remove } = temporaryHome();
    writeFileSync(join(home, 'credentials.json'), 'not json', { mode: 0o600 });
    const child = spawn(process.execPath, [cli, 'service', 'proxy', '--socket', join(shared, 'socket'), '--own-folder'], {
      env: { ...process.env, SLUICE_HOME: home },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!existsSync(join(shared, 'socket')) && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(existsSync(join(shared, 'socket'))).toBe(false);
      expect(existsSync(join(shared, 'keep.txt'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
      rmSync(shared, { recursive: true, force: true });
      remove();
    }
  });
});
