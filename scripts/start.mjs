// @ts-check
// `npm start`: set-up (skipping what is done), then JupyterLab on 127.0.0.1 with a token, serving the
// workspace folder. Ctrl-C (or SIGINT/SIGTERM to npm) stops JupyterLab, its kernels and everything else it
// started, the local service included when this session started it.
import { spawnSync } from 'node:child_process';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startJupyterLab } from './lib/jupyter-server.mjs';
import { defaultWorkspace, repoRoot, stateDir } from './lib/paths.mjs';
import { describeSetupFailure } from './lib/prerequisites.mjs';
import { runSetup } from './lib/setup-steps.mjs';
import { prepareWorkspace } from './lib/workspace.mjs';

const usage = `Usage: npm start [-- --workspace DIR] [--port N]

  --workspace DIR  the folder JupyterLab serves (default: workspace/, or $SLUICE_WORKSPACE)
  --port N         the port on 127.0.0.1 (default: the first free one from 8888, or $SLUICE_PORT)`;

/** @returns {{ workspace: string, port: number | undefined }} */
function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { workspace: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const workspaceOption = values.workspace ?? process.env.SLUICE_WORKSPACE;
  const workspace = workspaceOption ? resolve(workspaceOption) : defaultWorkspace;
  const portOption = values.port ?? process.env.SLUICE_PORT;
  let port;
  if (portOption !== undefined) {
    port = Number(portOption);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      console.error(`--port must be a whole number from 1 to 65535, not "${portOption}"`);
      process.exit(2);
    }
  }
  return { workspace, port };
}

const sluiceCli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
const sluiceHome = process.env.SLUICE_HOME ?? join(homedir(), '.sluice');

/** Whether the local service of SLUICE_HOME answers (`sluice service status` exits 0 only then). */
function serviceRunning() {
  return spawnSync(process.execPath, [sluiceCli, 'service', 'status'], { stdio: 'ignore' }).status === 0;
}

const options = readOptions();
try {
  await runSetup();
} catch (error) {
  console.error(describeSetupFailure(error));
  process.exit(1);
}

const insideRepo = relative(repoRoot, options.workspace);
if (insideRepo.startsWith('..') || isAbsolute(insideRepo)) {
  // tslab resolves packages only from node_modules folders above the notebook.
  console.warn(`Warning: ${options.workspace} is outside ${repoRoot}; notebooks there cannot import "sluice".`);
}

const added = prepareWorkspace(options.workspace);
if (added.length > 0) console.log(`New workspace: added ${added.join(', ')}`);
// A new workspace opens on the tour.
const firstNotebook = added.includes('getting-started.ipynb') ? 'getting-started.ipynb' : undefined;

// A service that was already running belongs to someone else (a terminal's `service start`, another lab): left alone.
const serviceWasRunning = serviceRunning();

const logFile = join(stateDir, 'logs', 'jupyterlab.log');
console.log(`Starting JupyterLab (log: ${relative(process.cwd(), logFile)})…`);
/** @type {import('./lib/jupyter-server.mjs').JupyterLabServer} */
let server;
try {
  server = await startJupyterLab({ workspace: options.workspace, port: options.port, logFile });
} catch (error) {
  console.error(`JupyterLab did not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}

console.log(`
Sluice is running. Open JupyterLab:

    ${firstNotebook ? `${server.baseUrl}lab/tree/${firstNotebook}?token=${server.token}` : server.labUrl}

Workspace: ${options.workspace}
${
  serviceWasRunning
    ? `Press Ctrl-C to stop JupyterLab and its kernels. The local service (${sluiceHome}) was already running and keeps
running after Ctrl-C, with its executions and endpoints; stop it with \`node ${relative(process.cwd(), sluiceCli)} service stop\`.`
    : 'Press Ctrl-C to stop JupyterLab, its kernels and the local service they start.'
}`);

let stopping = false;
/** @param {string} reason */
const shutdown = async (reason) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${reason}: stopping JupyterLab and its kernels…`);
  await server.stop();
  // Running executions are kept in the store and resume when the service next starts.
  if (!serviceWasRunning && serviceRunning()) {
    spawnSync(process.execPath, [sluiceCli, 'service', 'stop'], { stdio: 'ignore' });
    console.log('Stopped the local service this session started (running executions resume when it starts again).');
  }
  console.log('Stopped.');
  process.exit(0);
};
for (const name of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(name, () => void shutdown(name));
server.exited.then(async (code) => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  if (!serviceWasRunning && serviceRunning()) spawnSync(process.execPath, [sluiceCli, 'service', 'stop'], { stdio: 'ignore' });
  console.error(`JupyterLab exited unexpectedly (code ${code}); see ${logFile}`);
  process.exit(1);
});
