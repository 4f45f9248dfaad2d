import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homePaths } from '../home/paths.js';
import { isAlive } from '../os/processes.js';

/**
 * One service per SLUICE_HOME: the lock file holds the owner's pid. A lock whose process is gone (killed
 * with SIGKILL) is taken over. Returns the owner's pid when another live process holds it.
 */
export function acquireServiceLock(home: string): { release: () => void } | { heldBy: number } {
  const file = homePaths(home).lock;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx', mode: 0o600 });
      return { release: () => releaseIfOwned(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSafe(file));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) return { heldBy: owner };
      rmSync(file, { force: true });
    }
  }
  return { heldBy: Number(readFileSafe(file)) };
}

function releaseIfOwned(file: string): void {
  if (readFileSafe(file) === String(process.pid)) rmSync(file, { force: true });
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** The live process that holds the lock for `home`, if any. */
export function lockHolder(home: string): number | undefined {
  const owner = Number(readFileSafe(homePaths(home).lock));
  return Number.isInteger(owner) && owner > 0 && isAlive(owner) ? owner : undefined;
}
