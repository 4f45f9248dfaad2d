import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { homePaths } from './paths.js';
import { isAlive } from '../os/processes.js';

/** Only this machine may reach the service. */
export const serviceHost = '127.0.0.1';
/** Answers unsigned, so a CLI can tell a sluice service (and whose) from anything else on the port. */
export const pingPath = '/sluice/ping';

/** What a running service writes to SLUICE_HOME/service.json, so clients and the CLI find it. */
export interface ServiceState {
  pid: number;
  port: number;
  endpoint: string;
  home: string;
  startedAt: string;
  version: string;
}

export function readState(home: string): ServiceState | undefined {
  try {
    return JSON.parse(readFileSync(homePaths(home).state, 'utf8')) as ServiceState;
  } catch {
    return undefined;
  }
}

export function writeState(state: ServiceState): void {
  writeFileSync(homePaths(state.home).state, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export function removeState(home: string): void {
  rmSync(homePaths(home).state, { force: true });
}

/** The service for `home` if its state file names a live process that answers the ping as that home's. */
export async function findRunningService(home: string): Promise<ServiceState | undefined> {
  const state = readState(home);
  if (state === undefined || !isAlive(state.pid)) return undefined;
  const answer = await ping(state.port);
  return answer !== undefined && answer.pid === state.pid && answer.home === home ? state : undefined;
}

function ping(port: number): Promise<{ pid: number; home: string } | undefined> {
  return new Promise((resolve) => {
    const request = get({ host: serviceHost, port, path: pingPath, timeout: 2000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { pid: number; home: string });
        } catch {
          resolve(undefined);
        }
      });
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}
