// A job process in its sandbox, started the way every runner starts one (runHostJob): what it can see,
// write and reach, and how its limits end it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HostJobOptions } from '../../kernel-lib/src/engine/jobs/host-process.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';
import { memoryLimitSupport } from '../../kernel-lib/src/engine/jobs/memory-limit.js';
import { venvPython } from '../../scripts/lib/paths.mjs';
import { runNodeJob } from '../harness/host-job.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const home = makeTestWorkspace('sandbox');
const jobsDir = join(home, 'jobs');
const sandboxed = sandboxSupport().available;
const whenSandboxed = sandboxed ? it : it.skip;
const runtimes = { python: venvPython, node: process.execPath, sandbox: { hide: [home], readOnly: [] } };

const runJob = (name: string, script: string, extra: Partial<HostJobOptions> = {}) => runNodeJob(jobsDir, name, script, runtimes, extra);

describe('a job in its sandbox', () => {
  whenSandboxed(
    'cannot write to /etc, another job or SLUICE_HOME; / and $HOME are its own; nothing appears on the host; its own /opt/ml is written',
    async () => {
      const other = join(jobsDir, 'other-job', 'ml');
      mkdirSync(other, { recursive: true });
      writeFileSync(join(home, 'credentials.json'), '{"secret":"s"}');
      const marker = `sandbox-probe-${process.pid}`;
      const userHome = join(process.env.HOME ?? '/root', marker);
      const root = join('/', marker);
      const targets = ['/etc', other, home, '/opt', '/usr/lib'].map((folder) => join(folder, marker));
      const { result, log, ml } = await runJob(
        'writer',
        `import { writeFileSync, existsSync, mkdirSync } from 'node:fs';
      const report = {};
      for (const file of ${JSON.stringify([...targets, userHome, root])}) {
        try { writeFileSync(file, 'x'); report[file] = 'written'; } catch (error) { report[file] = error.code; }
      }
      report.credentials = existsSync(${JSON.stringify(join(home, 'credentials.json'))});
      report.otherJob = existsSync(${JSON.stringify(other)});
      mkdirSync('/opt/ml/processing/out', { recursive: true });
      writeFileSync('/opt/ml/processing/out/result.json', JSON.stringify(report));
      writeFileSync('/tmp/scratch', 'private');`,
      );
      expect(result.outcome).toBe('completed');
      const report = JSON.parse(readFileSync(join(ml, 'processing', 'out', 'result.json'), 'utf8')) as Record<string, unknown>;
      for (const file of targets) {
        expect([file, report[file]]).not.toEqual([file, 'written']);
        expect(existsSync(file)).toBe(false);
      }
      // A private root and an empty home: a seed script's extractall(".") and tools' caches work; nothing reaches the host.
      // (A $HOME the host does not have is not there in the sandbox either.)
      for (const own of existsSync(process.env.HOME ?? '/root') ? [userHome, root] : [root]) {
        expect([own, report[own]]).toEqual([own, 'written']);
        expect(existsSync(own)).toBe(false);
      }
      expect(report.credentials).toBe(false);
      expect(report.otherJob).toBe(false);
      expect(existsSync('/tmp/scratch')).toBe(false);
      expect(log).toMatch(/sandboxed: the host read-only/);
    },
  );

  whenSandboxed("sees a minimal /proc: none of the service's processes", async () => {
    const { result, ml } = await runJob(
      'proc',
      `import { readdirSync, writeFileSync } from 'node:fs';
      writeFileSync('/opt/ml/pids.json', JSON.stringify(readdirSync('/proc').filter((name) => /^\\d+$/.test(name))));`,
    );
    expect(result.outcome).toBe('completed');
    const pids = JSON.parse(readFileSync(join(ml, 'pids.json'), 'utf8')) as string[];
    expect(pids).not.toContain(String(process.pid));
    expect(pids.length).toBeLessThan(5);
  });

  describe('network', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((socket) => socket.end('hello'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const connect = () => `import { connect } from 'node:net';
      const socket = connect(${'${PORT}'}, '127.0.0.1');
      socket.on('data', (data) => { console.log('connected: ' + data); process.exit(0); });
      socket.on('error', (error) => { console.log('refused: ' + error.code); process.exit(2); });`;

    whenSandboxed('a job reaches the service on loopback; with EnableNetworkIsolation it cannot open a connection', async () => {
      const open = await runJob('net-open', connect().replace('${PORT}', String(port)));
      expect(open.log).toMatch(/connected: hello/);
      expect(open.result.outcome).toBe('completed');
      const isolated = await runJob('net-isolated', connect().replace('${PORT}', String(port)), { limits: { networkIsolation: true } });
      expect(isolated.log).toMatch(/refused: (ECONNREFUSED|ENETUNREACH)/);
      expect(isolated.log).toMatch(/network none \(EnableNetworkIsolation\)/);
      expect(isolated.result.outcome).toBe('failed');
    });
  });

  const withMemoryLimits = sandboxed && memoryLimitSupport().available ? it : it.skip;
  withMemoryLimits('is killed when it allocates past its memory limit, with a reason that names memory; one under it runs', async () => {
    const allocate = (mib: number) => `const blocks = [];
      for (let i = 0; i < ${mib}; i++) blocks.push(Buffer.alloc(1024 * 1024, 1));
      console.log('allocated ${mib} MiB');`;
    const limits = { networkIsolation: false, memoryBytes: 96 * 1024 * 1024, instanceType: 'ml.test.small' };
    const under = await runJob('memory-under', allocate(16), { limits });
    expect(under.result.outcome).toBe('completed');
    expect(under.log).toMatch(/memory limit 0.09 GiB/);
    const over = await runJob('memory-over', allocate(400), { limits });
    expect(over.result.outcome).toBe('out-of-memory');
    expect(over.log).toMatch(/more memory than its instance type has/);
    // A sandbox built for its job (a name a shell cannot export) is placed in its limit before it runs, too.
    const built = await runJob('memory-over-built', allocate(400), { limits, env: { 'MY-VAR': 'x' } });
    expect(built.result.outcome).toBe('out-of-memory');
  });

  whenSandboxed('is stopped with everything it started: SIGTERM to its process group, SIGKILL after the grace', async () => {
    const marker = String(900000 + (process.pid % 99999));
    const stopping = new AbortController();
    const job = runJob(
      'stubborn',
      `import { spawn } from 'node:child_process';
      spawn('sleep', ['${marker}'], { stdio: 'ignore' });
      process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
      console.log('started');
      setInterval(() => undefined, 1000);`,
      { signal: stopping.signal, stopGraceMs: 500 },
    );
    const running = () => spawnSync('pgrep', ['-f', `sleep ${marker}`]).status === 0;
    for (let i = 0; i < 100 && !running(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running()).toBe(true);
    const abortedAt = Date.now();
    stopping.abort();
    const { result, log } = await job;
    // It had its grace period (its SIGTERM handler ran) before SIGKILL.
    expect(Date.now() - abortedAt).toBeGreaterThanOrEqual(450);
    expect(result.outcome).toBe('stopped');
    expect(log).toMatch(/ignoring SIGTERM/);
    for (let i = 0; i < 40 && running(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(running()).toBe(false);
  });

  whenSandboxed('gets SIGTERM first, so it can save its work before it ends', async () => {
    const stopping = new AbortController();
    const job = runJob(
      'graceful',
      `import { writeFileSync, mkdirSync } from 'node:fs';
      process.on('SIGTERM', () => { mkdirSync('/opt/ml/checkpoints', { recursive: true }); writeFileSync('/opt/ml/checkpoints/last', 'saved'); process.exit(0); });
      console.log('started');
      setInterval(() => undefined, 1000);`,
      { signal: stopping.signal, stopGraceMs: 5000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    stopping.abort();
    const { result, ml } = await job;
    expect(result.outcome).toBe('stopped');
    expect(readFileSync(join(ml, 'checkpoints', 'last'), 'utf8')).toBe('saved');
  });

  whenSandboxed('cannot write more than its volume to / or /tmp', async () => {
    const fill = (path: string) => `import { writeFileSync } from 'node:fs';
      try { writeFileSync(${JSON.stringify(path)}, Buffer.alloc(16 * 1024 * 1024)); console.log('wrote 16 MiB'); } catch (error) { console.log('refused: ' + error.code); process.exit(3); }`;
    const limits = { networkIsolation: false, volumeBytes: 8 * 1024 * 1024 };
    for (const path of ['/tmp/fill', '/fill']) {
      const { result, log } = await runJob(`volume-${path.length}`, fill(path), { limits });
      expect(log).toMatch(/refused: ENOSPC/);
      expect(result.outcome).toBe('failed');
    }
    const small = await runJob('volume-small', fill('/tmp/fill').replace('16 * 1024 * 1024', '1024 * 1024'), { limits });
    expect(small.result.outcome).toBe('completed');
  });

  afterAll(() => rmSync(home, { recursive: true, force: true }));
});
