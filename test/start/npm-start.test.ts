import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findFreePort } from '../../scripts/lib/jupyter-server.mjs';
import { descendants, isAlive, waitFor } from '../../scripts/lib/processes.mjs';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { listeningAddresses } from '../harness/network.js';
import { makeTestWorkspace } from '../harness/workspace.js';

/** Resolves with the first match of `pattern` in the child's stdout, or rejects after `timeoutMs`. */
function waitForOutput(child: ChildProcess, output: { text: string }, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const finish = (outcome: () => void) => {
      clearInterval(poll);
      clearTimeout(deadline);
      child.off('exit', onExit);
      outcome();
    };
    const poll = setInterval(() => {
      const match = output.text.match(pattern);
      if (match) finish(() => resolve(match));
    }, 100);
    const deadline = setTimeout(() => finish(() => reject(new Error(`no ${pattern} in ${timeoutMs} ms; output so far:\n${output.text}`))), timeoutMs);
    const onExit = (code: number | null) => finish(() => reject(new Error(`exited (${code}) before printing ${pattern}; output:\n${output.text}`)));
    child.once('exit', onExit);
  });
}

describe('npm start', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    // Only reached with something still running when an assertion failed half-way.
    if (child?.pid !== undefined && isAlive(child.pid)) for (const pid of [child.pid, ...descendants(child.pid)]) process.kill(pid, 'SIGKILL');
  });

  it('serves JupyterLab on 127.0.0.1 with a token, and Ctrl-C stops it and its kernels', async () => {
    const port = await findFreePort(19100);
    // A workspace that does not exist yet: npm start creates it with the starter notebooks.
    const workspace = join(makeTestWorkspace('npm-start'), 'new-workspace');
    const output = { text: '' };
    const started = Date.now();
    // Its own process group, like a terminal's foreground job, so "Ctrl-C" can signal the whole group.
    child = spawn('npm', ['start', '--', '--port', String(port), '--workspace', workspace], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output.text += chunk.toString()));

    const [url, token] = await waitForOutput(
      child,
      output,
      new RegExp(`http://127\\.0\\.0\\.1:${port}/lab/tree/getting-started\\.ipynb\\?token=([0-9a-f]+)`),
      120000,
    );
    console.log(`npm start (set-up already done) was serving after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(output.text).toContain(`Workspace: ${workspace}`);
    expect(existsSync(join(workspace, 'getting-started.ipynb'))).toBe(true);
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);

    const api = `http://127.0.0.1:${port}/api`;
    expect((await fetch(`${api}/status`)).status).toBe(403);
    expect((await fetch(url)).status).toBe(200);
    const kernel = (await (
      await fetch(`${api}/kernels`, { method: 'POST', headers: { Authorization: `token ${token}` }, body: JSON.stringify({ name: 'tslab' }) })
    ).json()) as { id: string; name: string };
    expect(kernel.name).toBe('tslab');
    // The tslab kernel is a node process somewhere below npm.
    const npmPid = child.pid!;
    const kernelStarted = await waitFor(() => descendants(npmPid).some((pid) => isTslab(pid)), 30000);
    expect(kernelStarted).toBe(true);
    const tree = [npmPid, ...descendants(npmPid)];

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    process.kill(-npmPid, 'SIGINT');
    await exited;

    expect(await waitFor(() => tree.every((pid) => !isAlive(pid)), 20000)).toBe(true);
    expect(output.text).toContain('Stopped.');
    expect(listeningAddresses(port)).toEqual([]);
  });
});

function isTslab(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tslab');
  } catch {
    return false;
  }
}
