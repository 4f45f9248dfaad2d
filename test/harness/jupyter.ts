import { join } from 'node:path';
import { findFreePort, startJupyterLab, type JupyterLabServer } from '../../scripts/lib/jupyter-server.mjs';
import { makeTestWorkspace, testOutputDir } from './workspace.js';

export interface TestJupyterLab extends JupyterLabServer {
  workspace: string;
}

/**
 * JupyterLab exactly as `npm start` runs it (venv, extension, tslab kernel), on its own port and token,
 * serving a fresh workspace, with `env` added to its environment. Call `stop()` in afterAll: it ends the server and
 * every kernel it started.
 */
export async function startTestJupyterLab(name: string, env: Record<string, string> = {}): Promise<TestJupyterLab> {
  const workspace = makeTestWorkspace(name);
  const server = await startJupyterLab({
    workspace,
    // Away from 8888, so a developer's own `npm start` and the tests do not meet.
    port: await findFreePort(19000),
    logFile: join(testOutputDir, 'logs', `${name}-jupyterlab.log`),
    env,
    // Layout and settings of the user's own JupyterLab must not leak into a test, nor a test's into theirs.
    extraArgs: [`--LabApp.workspaces_dir=${join(workspace, '.lab', 'workspaces')}`, `--LabApp.user_settings_dir=${join(workspace, '.lab', 'user-settings')}`],
  });
  return { ...server, workspace };
}
