import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where one service keeps its state: the database, credentials, the state file and artifacts. */
export function resolveHome(explicit?: string): string {
  if (explicit !== undefined && explicit !== '') return resolve(explicit);
  const fromEnv = process.env['SLUICE_HOME'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return join(homedir(), '.sluice');
}

export const homePaths = (home: string) => ({
  database: join(home, 'sluice.db'),
  credentials: join(home, 'credentials.json'),
  state: join(home, 'service.json'),
  lock: join(home, 'service.lock'),
  log: join(home, 'service.log'),
  /** The SageMaker Python SDK's configuration for clients of this service (`service env` points at it). */
  sagemakerConfig: join(home, 'sagemaker-config.yaml'),
  /** Files every job may read (read-only in its sandbox, where the rest of the home is hidden). */
  jobFiles: join(home, 'job-files'),
  /** The same configuration for the SageMaker Python SDK inside jobs (a Run's load_run(), a function step). */
  jobSageMakerConfig: join(home, 'job-files', 'sagemaker-config.yaml'),
});

/** A home another user owns: its keys and database could be theirs to read or replace. */
export class HomeOwnershipError extends Error {
  override readonly name = 'HomeOwnershipError';
}

/**
 * Makes the home private to its owner: created 0700, an existing one with group or world bits tightened to 0700
 * and its files to 0600 (the database and keys must not be readable, a folder others can write could be filled
 * with their files); one owned by another user is refused. Returns what it changed, for the service's log.
 */
export function secureHome(home: string): string[] {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const changed: string[] = [];
  const stats = statSync(home);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new HomeOwnershipError(`SLUICE_HOME ${home} belongs to user ${stats.uid}, not to you (${uid}): use a home of your own (--home or SLUICE_HOME)`);
  }
  if ((stats.mode & 0o077) !== 0) {
    chmodSync(home, 0o700);
    changed.push(`${home} was ${(stats.mode & 0o777).toString(8)}: now 0700`);
  }
  for (const entry of readdirSync(home, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(home, entry.name);
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) === 0) continue;
    chmodSync(file, mode & 0o700);
    changed.push(`${file} was ${mode.toString(8)}: now ${(mode & 0o700).toString(8)}`);
  }
  return changed;
}
