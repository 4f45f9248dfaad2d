// JupyterLab as `npm start` runs it, with SLUICE_HOME pointing at a temporary folder so that the panel's
// proxy (and the service it starts) never touch the user's ~/.sluice.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { findFreePort, startJupyterLab, type JupyterLabServer } from '../../scripts/lib/jupyter-server.mjs';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { LocalExtrasClient, type LocalServiceAddress } from '../../kernel-lib/src/session/local-extras-client.js';
import { makeTestWorkspace, testOutputDir } from '../harness/workspace.js';

// The JS SDK warns that its 2027 releases need Node 22; that is noise for these tests.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');

export function sluiceCli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return sluiceCliWith({}, ...args);
}

/** The CLI with more variables: a test's own process.env does not reach the processes it starts. */
function sluiceCliWith(env: Record<string, string>, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface LabWithService extends JupyterLabServer {
  home: string;
  /** A host folder every job of the service may write (SLUICE_JOB_WRITABLE): tests leave markers there. */
  scratch: string;
  workspace: string;
  /** The service's address and keys, read from the home once the service runs. */
  address(): LocalServiceAddress;
  clients(): { client: SageMakerClient; extras: LocalExtrasClient };
  /** Stops JupyterLab, then the service, then removes the home; safe to call after a failed start. */
  stopAll(): Promise<void>;
}

/** `startService: true` starts the service with the CLI first; otherwise the proxy starts it on first use. */
export async function startLabWithService(name: string, options: { startService: boolean }): Promise<LabWithService> {
  const home = mkdtempSync(join(tmpdir(), 'sluice-home-'));
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-scratch-'));
  const removeHome = (): void => {
    sluiceCli('service', 'stop', '--home', home);
    rmSync(home, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  if (options.startService) {
    const started = sluiceCliWith({ SLUICE_JOB_WRITABLE: scratch }, 'service', 'start', '--home', home);
    if (started.status !== 0) {
      removeHome();
      throw new Error(`sluice service start failed: ${started.stderr}`);
    }
  }
  const workspace = makeTestWorkspace(name);
  let server: JupyterLabServer;
  try {
    server = await startJupyterLab({
      workspace,
      // A random start: another test run on this machine may be picking ports at the same moment.
      port: await findFreePort(19100 + Math.floor(Math.random() * 800)),
      logFile: join(testOutputDir, 'logs', `${name}-jupyterlab.log`),
      env: { SLUICE_HOME: home, SLUICE_JOB_WRITABLE: scratch },
      extraArgs: [`--LabApp.workspaces_dir=${join(workspace, '.lab', 'workspaces')}`, `--LabApp.user_settings_dir=${join(workspace, '.lab', 'user-settings')}`],
    });
  } catch (error) {
    removeHome();
    throw error;
  }
  const address = (): LocalServiceAddress => {
    const state = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { endpoint: string };
    const credentials = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { accessKeyId: string; secretAccessKey: string; region: string };
    return {
      endpoint: state.endpoint,
      region: credentials.region,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    };
  };
  const made: SageMakerClient[] = [];
  return {
    ...server,
    home,
    scratch,
    workspace,
    address,
    clients: () => {
      const client = new SageMakerClient({ ...address(), maxAttempts: 1 });
      made.push(client);
      return { client, extras: new LocalExtrasClient(address()) };
    },
    stopAll: async () => {
      for (const client of made) client.destroy();
      await server.stop();
      removeHome();
    },
  };
}

/** A request to the panel's path under JupyterLab, as the browser sends it; `token: null` sends none. */
export async function throughJupyter(
  lab: JupyterLabServer,
  target: string,
  body: object,
  token: string | null = lab.token,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target };
  if (token !== null) headers['Authorization'] = `token ${token}`;
  const response = await fetch(`${lab.baseUrl}sluice/`, { method: 'POST', headers, body: JSON.stringify(body), redirect: 'manual' });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { text };
  }
  return { status: response.status, json };
}
