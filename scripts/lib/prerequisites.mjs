// @ts-check
// What must be on the machine before set-up can do anything; each failure says how to fix it.
import { spawnSync } from 'node:child_process';

export class SetupError extends Error {
  /** @param {string} problem @param {string} fix */
  constructor(problem, fix) {
    super(`${problem}\n  How to fix: ${fix}`);
    this.name = 'SetupError';
  }
}

/**
 * What to tell the user when set-up stops: the problem and its fix, or the whole stack of a surprise.
 * @param {unknown} error
 */
export function describeSetupFailure(error) {
  const detail = error instanceof SetupError ? error.message : error instanceof Error ? error.stack : String(error);
  return `\nSet-up failed: ${detail}`;
}

/** @param {string} version e.g. "3.11.7" or "v20.20.2" @returns {number[]} */
function parts(version) {
  return version
    .replace(/^v/, '')
    .split('.')
    .map((part) => Number.parseInt(part, 10));
}

/** @param {string} version @param {number[]} minimum */
export function atLeast(version, minimum) {
  const have = parts(version);
  for (let i = 0; i < minimum.length; i++) {
    const a = have[i] ?? 0;
    if (a !== minimum[i]) return a > minimum[i];
  }
  return true;
}

export function checkNode() {
  // tslab loads the ESM `sluice` package through require(esm), which Node has without a flag from 20.19.
  if (!atLeast(process.version, [20, 19])) {
    throw new SetupError(`Node.js ≥ 20.19 not found (this is ${process.version})`, 'install Node.js 20 LTS (20.19 or newer) and run the command again');
  }
  return process.version;
}

/**
 * Finds a Python ≥ 3.10 that can make virtual environments.
 * @returns {{ command: string, version: string }}
 */
export function findPython() {
  const candidates = [process.env.SLUICE_PYTHON, 'python3', 'python3.13', 'python3.12', 'python3.11', 'python3.10', 'python'].filter(
    (name) => typeof name === 'string' && name.length > 0,
  );
  const tooOld = [];
  for (const command of /** @type {string[]} */ (candidates)) {
    const probe = spawnSync(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const version = probe.stdout.trim();
    if (!atLeast(version, [3, 10])) {
      tooOld.push(`${command} ${version}`);
      continue;
    }
    const venv = spawnSync(command, ['-c', 'import venv, ensurepip'], { encoding: 'utf8' });
    if (venv.status !== 0) {
      throw new SetupError(
        `${command} ${version} cannot make virtual environments (the venv/ensurepip modules are missing)`,
        'on Debian or Ubuntu: apt-get install python3-venv',
      );
    }
    return { command, version };
  }
  throw new SetupError(
    tooOld.length > 0 ? `python3 ≥ 3.10 not found (only ${tooOld.join(', ')})` : 'python3 ≥ 3.10 not found',
    'install Python 3.10 or newer (on Debian or Ubuntu: apt-get install python3 python3-venv), or set SLUICE_PYTHON to its path',
  );
}
