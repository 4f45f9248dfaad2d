// Runs the built sluice CLI, as a user's shell would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

export const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');

export function sluice(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1)];
      }),
  );
}
