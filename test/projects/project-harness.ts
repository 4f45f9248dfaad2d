import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalSession, Session } from '../../kernel-lib/src/index.js';
import { makeTestWorkspace } from '../harness/workspace.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';

/** The abalone data the tests use: the shared copy, never the UCI download. */
export const abaloneCsv = join(process.cwd(), '..', 'shared', 'data', 'abalone.csv');

export interface ProjectSandbox {
  /** A fresh SLUICE_HOME. */
  readonly home: string;
  /** The folder projects are made in: inside the repository, so tslab resolves `sluice` there. */
  readonly workspace: string;
  readonly session: LocalSession;
  /** Every file and folder in the workspace. */
  entries(): string[];
  /** Stops the service and removes the home and the workspace. */
  close(): void;
}

export function projectSandbox(name: string): ProjectSandbox {
  const { home, remove } = temporaryHome();
  const workspace = makeTestWorkspace(name);
  const session = Session.local({ home });
  return {
    home,
    workspace,
    session,
    entries: () => readdirSync(workspace),
    close: () => {
      sluice('service', 'stop', '--home', home);
      remove();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

/** Runs a command in a project's folder, as its README says to. */
export function runIn(
  dir: string,
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(command, args, { cwd: dir, encoding: 'utf8', timeout: 180000, env: { ...process.env, ...env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
