/**
 * Finds the local service of a SLUICE_HOME, starting it (detached, with the CLI) when none answers, so
 * executions keep running when a notebook's kernel restarts.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readCredentials } from '../home/credentials.js';
import { findRunningService } from '../home/instance.js';
import type { LocalServiceAddress } from './local-extras-client.js';

// The compiled CLI, from src/session or dist/session alike.
const cliMain = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function startDetached(home: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, 'service', 'start', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error) => reject(new Error(`could not run the sluice CLI (${cliMain}): ${error.message}`)));
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`the local service did not start:\n${output.trim()}`))));
  });
}

export async function connectLocalService(home: string): Promise<LocalServiceAddress & { readonly pid: number }> {
  let state = await findRunningService(home);
  if (state === undefined) {
    await startDetached(home);
    state = await findRunningService(home);
    if (state === undefined) throw new Error(`the local service for ${home} started but does not answer`);
  }
  const credentials = readCredentials(home);
  if (credentials === undefined) throw new Error(`the local service for ${home} has no credentials file`);
  return {
    endpoint: state.endpoint,
    region: credentials.region,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
    pid: state.pid,
  };
}
