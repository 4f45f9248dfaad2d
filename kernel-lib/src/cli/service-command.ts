import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { clientEnvironment } from '../service/client-environment.js';
import { readCredentials } from '../home/credentials.js';
import { homePaths, resolveHome } from '../home/paths.js';
import { findRunningService, readState, removeState, writeState, type ServiceState } from '../home/instance.js';
import { isAlive } from '../os/processes.js';
import { acquireServiceLock, lockHolder } from '../service/lock.js';
import { startService } from '../service/server.js';
import { version } from '../version.js';
import { parseOptions, UsageError } from './options.js';
import { runProxy } from './proxy-command.js';
import { untilStopped } from './until-stopped.js';

export const serviceUsage = `Usage: sluice service <start|status|stop|env|proxy> [--home DIR]

  start [--port N] [--foreground]   start the local SageMaker-compatible service (detached unless --foreground)
  status                            say whether the service for this SLUICE_HOME runs, and where
  stop                              stop it
  env [--export]                    print the variables that point any AWS client at it (the aws CLI, boto3,
                                    the JS SDK, the SageMaker Python SDK): eval "$(sluice service env)"
  proxy --socket PATH [--own-folder]
                                    serve the service unsigned on a unix socket only this user can open,
                                    signing each request (for JupyterLab's authenticated proxy); starts
                                    the service when none runs. --own-folder: the socket's folder was made
                                    for it alone, and is removed with the socket when empty

SLUICE_HOME is --home, else $SLUICE_HOME, else ~/.sluice. One service runs per SLUICE_HOME.`;

type Writer = (text: string) => void;

export async function runServiceCommand(args: readonly string[], out: Writer, err: Writer): Promise<number> {
  let options;
  try {
    options = parseOptions(args, ['home', 'port', 'socket']);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, err);
    throw error;
  }
  const home = resolveHome(options.values.get('home'));
  const [subcommand] = options.words;
  if (options.flags.has('help') || subcommand === 'help') {
    out(serviceUsage);
    return 0;
  }
  switch (subcommand) {
    case 'start': {
      const port = Number(options.values.get('port') ?? '0');
      if (!Number.isInteger(port) || port < 0 || port > 65535) return usageError(`--port must be a port number, not "${options.values.get('port')}"`, err);
      return options.flags.has('foreground') ? startForeground(home, port, out, err) : startDetached(home, port, out, err);
    }
    case 'status':
      return status(home, out);
    case 'stop':
      return stop(home, out);
    case 'env':
      return env(home, options.flags.has('export'), out, err);
    case 'proxy': {
      const socket = options.values.get('socket');
      if (options.values.has('port'))
        return usageError('proxy serves only a unix socket (--socket PATH): a TCP port would sign requests for any local process', err);
      if (socket === undefined || !socket.startsWith('/')) return usageError('proxy needs --socket PATH, an absolute path', err);
      return runProxy(home, socket, options.flags.has('own-folder'), startDetached, out, err);
    }
    default:
      return usageError(subcommand === undefined ? 'name a service command' : `unknown service command "${subcommand}"`, err);
  }
}

function usageError(message: string, err: Writer): number {
  err(`sluice service: ${message}\n\n${serviceUsage}`);
  return 2;
}

const describe = (state: ServiceState): string => `sluice service running: pid ${state.pid}, ${state.endpoint}, home ${state.home}`;

/** Runs the service in this process until SIGTERM or SIGINT. */
async function startForeground(home: string, port: number, out: Writer, err: Writer): Promise<number> {
  const running = await findRunningService(home);
  if (running !== undefined) {
    out(`already ${describe(running)}`);
    return 0;
  }
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const lock = acquireServiceLock(home);
  if ('heldBy' in lock) {
    err(`sluice service: another service (pid ${lock.heldBy}) is starting or running for ${home}`);
    return 1;
  }
  let service;
  try {
    service = await startService({ home, port });
  } catch (error) {
    lock.release();
    err(`sluice service: cannot start: ${(error as Error).message}`);
    return 1;
  }
  const state: ServiceState = { pid: process.pid, port: service.port, endpoint: service.endpoint, home, startedAt: new Date().toISOString(), version };
  writeState(state);
  out(describe(state));
  await untilStopped();
  await service.close();
  removeState(home);
  lock.release();
  return 0;
}

/** Starts `sluice service start --foreground` as a detached process and waits until it answers. */
async function startDetached(home: string, port: number, out: Writer, err: Writer): Promise<number> {
  const running = await findRunningService(home);
  if (running !== undefined) {
    out(`already ${describe(running)}`);
    return 0;
  }
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const logFile = homePaths(home).log;
  const log = openSync(logFile, 'a', 0o600);
  const main = fileURLToPath(new URL('./main.js', import.meta.url));
  const child = spawn(process.execPath, [main, 'service', 'start', '--foreground', '--home', home, '--port', String(port)], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, SLUICE_HOME: home },
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const state = await findRunningService(home);
    if (state !== undefined) {
      out(`started ${describe(state)}`);
      return 0;
    }
    // Our child lost the lock to another start: wait for that one rather than fail.
    if (exited && lockHolder(home) === undefined) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // A concurrent start may have won the lock; its service is as good as ours.
  const other = await findRunningService(home);
  if (other !== undefined) {
    out(`already ${describe(other)}`);
    return 0;
  }
  err(`sluice service: the service did not start; its log (${logFile}) says:\n${tail(logFile)}`);
  return 1;
}

async function status(home: string, out: Writer): Promise<number> {
  const running = await findRunningService(home);
  if (running === undefined) {
    out(`sluice service not running for ${home}`);
    // 3: "not running", as LSB init scripts report it.
    return 3;
  }
  out(describe(running));
  return 0;
}

async function stop(home: string, out: Writer): Promise<number> {
  const state = readState(home);
  if (state === undefined || !isAlive(state.pid) || (await findRunningService(home)) === undefined) {
    removeState(home);
    out(`sluice service not running for ${home}`);
    return 0;
  }
  process.kill(state.pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(state.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  // A service that ignores SIGTERM this long is stuck; its store survives a SIGKILL (WAL, transactions).
  if (isAlive(state.pid)) process.kill(state.pid, 'SIGKILL');
  removeState(home);
  out(`sluice service stopped (pid ${state.pid})`);
  return 0;
}

async function env(home: string, exportPrefix: boolean, out: Writer, err: Writer): Promise<number> {
  const running = await findRunningService(home);
  const credentials = readCredentials(home);
  if (running === undefined || credentials === undefined) {
    err(`sluice service: not running for ${home}; start it with \`sluice service start\``);
    return 1;
  }
  const prefix = exportPrefix ? 'export ' : '';
  const variables = clientEnvironment(home, running.endpoint, credentials);
  // Values are quoted for the shell, so `eval "$(sluice service env)"` is safe whatever the home's path holds.
  out(
    Object.entries(variables)
      .map(([name, value]) => `${prefix}${name}=${shellQuote(value)}`)
      .join('\n'),
  );
  return 0;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
