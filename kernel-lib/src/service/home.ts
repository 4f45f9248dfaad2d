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
});
