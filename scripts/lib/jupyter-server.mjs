// @ts-check
// Starts JupyterLab from the project's venv on 127.0.0.1 and stops it with everything it started.
// `npm start` and the test harness both use this, so tests exercise what users run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { descendants, isAlive, processGroup, signal, waitFor } from './processes.mjs';
import { jupyterEnv, venvBin } from './paths.mjs';

/** @param {number} port @returns {Promise<boolean>} */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * The first free port on 127.0.0.1, counting up from `first`.
 * @param {number} first
 */
export async function findFreePort(first) {
  for (let port = first; port < first + 100; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port on 127.0.0.1 between ${first} and ${first + 99}`);
}

/**
 * @typedef {object} JupyterLabServer
 * @property {string} baseUrl  e.g. http://127.0.0.1:8888/
 * @property {string} labUrl   the /lab URL with the token, for a browser
 * @property {string} token
 * @property {number} port
 * @property {number} pid
 * @property {string} logFile
 * @property {() => Promise<void>} stop  stops the server, its kernels and every other process it started
 * @property {Promise<number | null>} exited  resolves with the exit code when the server process ends
 */

/**
 * @param {object} options
 * @param {string} options.workspace  the folder JupyterLab serves (root_dir)
 * @param {string} options.logFile    where the server's own log goes
 * @param {number} [options.port]     a fixed port; otherwise the first free one from 8888
 * @param {string} [options.token]    otherwise a fresh random one
 * @param {string[]} [options.extraArgs]
 * @param {Record<string, string>} [options.env]
 * @param {number} [options.readyTimeoutMs]
 * @returns {Promise<JupyterLabServer>}
 */
export async function startJupyterLab(options) {
  const port = options.port ?? (await findFreePort(8888));
  const token = options.token ?? randomBytes(24).toString('hex');
  mkdirSync(options.workspace, { recursive: true });
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = openSync(options.logFile, 'a');
  const args = [
    'lab',
    '--no-browser',
    '--ip=127.0.0.1',
    `--port=${port}`,
    '--ServerApp.port_retries=0',
    `--ServerApp.root_dir=${options.workspace}`,
    ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ...(options.extraArgs ?? []),
  ];
  // The token goes through the environment, not argv, so `ps` does not show it.
  const child = spawn(join(venvBin, 'jupyter'), args, {
    cwd: options.workspace,
    env: jupyterEnv({ JUPYTER_TOKEN: token, ...options.env }),
    stdio: ['ignore', log, log],
    detached: true,
  });
  closeSync(log);
  const pid = /** @type {number} */ (child.pid);
  /** @type {Promise<number | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  exited.then(() => (running = false));

  const baseUrl = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    const tree = [pid, ...descendants(pid)];
    const group = tree.filter((member) => processGroup(member) === pid);
    // SIGTERM lets Jupyter shut its kernels down cleanly; then make sure nothing it started survives.
    signal(-pid, 'SIGTERM');
    if (!(await waitFor(() => !running, 15000))) signal(-pid, 'SIGKILL');
    await exited;
    // The rest of Jupyter's group had the same SIGTERM (the panel's proxy: it removes its socket and folder), and
    // Jupyter may exit before them: give them a moment to finish before anything is killed.
    await waitFor(() => group.every((member) => !isAlive(member)), 3000, 20);
    for (const leftover of tree) signal(leftover, 'SIGKILL');
    await waitFor(() => tree.every((p) => !isAlive(p)), 5000);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60000);
  for (;;) {
    if (!running) {
      throw new Error(`JupyterLab exited before it was ready; its log (${options.logFile}) ends with:\n${tail(options.logFile, 20)}`);
    }
    try {
      const response = await fetch(`${baseUrl}api/status`, { headers: { Authorization: `token ${token}` } });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`JupyterLab did not answer on ${baseUrl} in time; its log (${options.logFile}) ends with:\n${tail(options.logFile, 20)}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return { baseUrl, labUrl: `${baseUrl}lab?token=${token}`, token, port, pid, logFile: options.logFile, stop, exited };
}

/** @param {string} file @param {number} lines */
export function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
