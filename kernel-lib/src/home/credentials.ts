import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homePaths } from './paths.js';

/** The keys that clients sign with; created once per SLUICE_HOME and kept private to its owner. */
export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export const defaultRegion = 'us-east-1';
/** The account every local ARN carries, as moto and LocalStack do. */
export const localAccount = '000000000000';

export function loadOrCreateCredentials(home: string): LocalCredentials {
  const file = homePaths(home).credentials;
  const existing = readCredentials(home);
  if (existing !== undefined) return existing;
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const created: LocalCredentials = {
    accessKeyId: `SLUICE${randomBytes(7).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64url'),
    region: defaultRegion,
  };
  try {
    // 'wx': when two starts race, the first file wins and the second reads it.
    writeFileSync(file, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = readCredentials(home);
    if (winner === undefined) throw new Error(`${file} exists but cannot be read`);
    return winner;
  }
  chmodSync(file, 0o600);
  return created;
}

export function readCredentials(home: string): LocalCredentials | undefined {
  let text: string;
  try {
    text = readFileSync(homePaths(home).credentials, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<LocalCredentials>;
  if (typeof parsed.accessKeyId !== 'string' || typeof parsed.secretAccessKey !== 'string') {
    throw new Error(`${homePaths(home).credentials} does not hold accessKeyId and secretAccessKey`);
  }
  return { accessKeyId: parsed.accessKeyId, secretAccessKey: parsed.secretAccessKey, region: parsed.region ?? defaultRegion };
}
