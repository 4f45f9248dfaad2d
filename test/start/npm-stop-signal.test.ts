import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../../scripts/lib/jupyter-server.mjs';
import { descendants, isAlive, waitFor } from '../../scripts/lib/processes.mjs';
import { repoRoot, venvBin } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
// npm start first runs set-up, which rebuilds what changed since the last run: give it room.
const startTimeoutMs = 300000;
const testTimeoutMs = startTimeoutMs + 120000;

/** Runs `code` in a running kernel through its connection file, as a notebook cell would; returns its stdout. */
function runInKernel(connectionFile: string, code: string): string {
  const client = `
import sys
from jupyter_client import BlockingKernelClient
client = BlockingKernelClient(connection_file=sys.argv[1])
client.load_connection_file()
# tslab's heartbeat is not what says the kernel is up: its kernel_info reply is.
client.start_channels(hb=False)
client.wait_for_ready(timeout=60)
reply = client.execute_interactive(sys.argv[2], timeout=120)
sys.exit(0 if reply["content"]["status"] == "ok" else 1)
`;
  const run = spawnSync(join(venvBin, 'python'), ['-c', client, connectionFile, code], { encoding: 'utf8', timeout: 150000 });
  if (run.status !== 0) throw new Error(`the cell failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

function servicePid(home: string): number | undefined {
  const status = spawnSync(process.execPath, [cli, 'service', 'status', '--home', home], { encoding: 'utf8' });
  return status.status === 0 ? (JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number }).pid : undefined;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

const isTslab = (pid: number): boolean => commandLine(pid).includes('tslab');

describe('SIGINT sent to the npm process alone (an IDE or process manager stop button)', () => {
  let child: ChildProcess | undefined;
  let home = '';

  afterEach(() => {
    // Only reached with something still running when an assertion failed half-way.
    if (child?.pid !== undefined && isAlive(child.pid)) {
      // A set-up step half-way (npm ci) is left to finish: killing it would leave node_modules half-installed.
      const setUp = descendants(child.pid).filter((pid) => commandLine(pid).startsWith('npm ci'));
      const spared = new Set(setUp.flatMap((pid) => [pid, ...descendants(pid)]));
      for (const pid of [child.pid, ...descendants(child.pid)]) if (!spared.has(pid)) process.kill(pid, 'SIGKILL');
    }
    if (home) spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home], { stdio: 'ignore' });
  });

  it(
    'stops JupyterLab, its kernels and the local service a kernel started',
    async () => {
      const port = await findFreePort(19200);
      const root = makeTestWorkspace('npm-stop');
      const workspace = join(root, 'workspace');
      // A home of its own, so the test neither meets nor stops anyone else's service.
      home = join(root, 'sluice-home');
      const runtimeDir = join(root, 'jupyter-runtime');
      mkdirSync(runtimeDir);
      const output = { text: '' };
      // Detached only so that cleanup can find it; every signal below goes to npm's pid alone.
      child = spawn('npm', ['start', '--', '--port', String(port), '--workspace', workspace], {
        cwd: repoRoot,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SLUICE_HOME: home, JUPYTER_RUNTIME_DIR: runtimeDir },
      });
      child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      const npmPid = child.pid!;

      await waitFor(() => output.text.includes('Press Ctrl-C'), startTimeoutMs);
      expect(output.text).toMatch(/token=[0-9a-f]+/);
      const token = output.text.match(/token=([0-9a-f]+)/)![1];
      expect(output.text).toContain('Press Ctrl-C to stop JupyterLab, its kernels and the local service they start.');

      const kernel = (await (
        await fetch(`http://127.0.0.1:${port}/api/kernels`, {
          method: 'POST',
          headers: { Authorization: `token ${token}` },
          body: JSON.stringify({ name: 'tslab' }),
        })
      ).json()) as { id: string };
      expect(await waitFor(() => descendants(npmPid).some(isTslab), 30000)).toBe(true);
      // What a notebook's first pipeline call does: start the local service, detached from the kernel.
      runInKernel(join(runtimeDir, `kernel-${kernel.id}.json`), 'import { Session } from "sluice";\nawait Session.local().connect();');
      const service = servicePid(home);
      expect(service).toBeDefined();
      const tree = [npmPid, ...descendants(npmPid)];

      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      process.kill(npmPid, 'SIGINT');
      expect(await exited).toBe(0);

      expect(await waitFor(() => tree.every((pid) => !isAlive(pid)), 20000)).toBe(true);
      expect(isAlive(service!)).toBe(false);
      expect(servicePid(home)).toBeUndefined();
      expect(output.text).toContain('Stopped the local service this session started');
      expect(output.text).toContain('Stopped.');
    },
    testTimeoutMs,
  );

  it(
    'leaves a service that was already running alone, and says so',
    async () => {
      const port = await findFreePort(19250);
      const root = makeTestWorkspace('npm-stop-running');
      home = join(root, 'sluice-home');
      // stdio ignored: the detached service keeps inherited pipes open, and spawnSync would wait for it.
      expect(spawnSync(process.execPath, [cli, 'service', 'start', '--home', home], { stdio: 'ignore' }).status).toBe(0);
      const service = servicePid(home)!;
      const output = { text: '' };
      child = spawn('npm', ['start', '--', '--port', String(port), '--workspace', join(root, 'workspace')], {
        cwd: repoRoot,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SLUICE_HOME: home },
      });
      child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      await waitFor(() => output.text.includes('Press Ctrl-C'), startTimeoutMs);
      expect(output.text).toContain('was already running and keeps\nrunning after Ctrl-C');
      expect(output.text).toContain('service stop');

      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      // SIGTERM, as a process manager sends it.
      process.kill(child.pid!, 'SIGTERM');
      expect(await exited).toBe(0);
      expect(isAlive(service)).toBe(true);
    },
    testTimeoutMs,
  );
});
