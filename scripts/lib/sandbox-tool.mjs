// @ts-check
// bubblewrap, the job sandbox's one tool: installed where set-up can (root with apt-get), otherwise set-up says
// once how to install it and goes on; jobs then run unsandboxed, and their logs and `sluice doctor` say so.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from './paths.mjs';
import { runCommand } from './run-command.mjs';

const advised = join(stateDir, 'bubblewrap-advised');

function hasBwrap() {
  return spawnSync('bwrap', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** @param {(line: string) => void} log */
function advise(log) {
  log('  bubblewrap is not installed, so jobs will run without their sandbox (they can write what you can).');
  log(
    '  Install it with your package manager (sudo apt-get install bubblewrap, or dnf install bubblewrap), then run `node kernel-lib/dist/cli/main.js doctor`.',
  );
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(advised, `${new Date().toISOString()}\n`);
}

/** @returns {import('./setup-steps.mjs').SetupStep} */
export function bubblewrapStep() {
  return {
    id: 'bubblewrap',
    title: 'bubblewrap, the job sandbox (Debian package)',
    fingerprint: () => 'bubblewrap',
    // Said once: a machine without it and without root is told, not asked again on every start.
    outputsPresent: () => hasBwrap() || existsSync(advised),
    run: async () => {
      if (hasBwrap()) return;
      const log = (/** @type {string} */ line) => process.stdout.write(`${line}\n`);
      const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
      if (!canApt) return advise(log);
      try {
        await runCommand('apt-get', ['update', '-qq']);
        await runCommand('apt-get', ['install', '-y', '-qq', 'bubblewrap'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      } catch (error) {
        log(`  apt-get could not install bubblewrap: ${error instanceof Error ? error.message : error}`);
      }
      if (!hasBwrap()) advise(log);
    },
  };
}
