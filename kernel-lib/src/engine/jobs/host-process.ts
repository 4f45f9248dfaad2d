/**
 * Runs a job's program as a host process under SageMaker's container contract. Where the host allows it
 * (root and mount namespaces), the job gets a private /opt/ml bound to its own folder, so unmodified
 * SageMaker scripts find their paths; elsewhere /opt/ml paths in the command and environment are
 * mapped to that folder, and the job's log says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { JobLog } from './job-log.js';

export const CONTAINER_ROOT = '/opt/ml';

export interface Runtimes {
  /** What `python3`/`python` in a command means: the project's venv python. */
  readonly python: string;
  /** What `node` means: this Node.js. */
  readonly node: string;
  /** Credentials for the local service, given to each job while it runs. */
  readonly access?: JobAccess;
}

/** What a job holds while it runs, as a container holds its execution role's credentials. */
export interface JobGrant {
  /** AWS_* variables: keys, session token, endpoint and region. */
  readonly env: Readonly<Record<string, string>>;
  /** Called when the job has ended: its keys stop working. */
  revoke(): void;
}

export interface JobAccess {
  grant(jobName: string): JobGrant;
}

export interface HostJobOptions {
  /** The job's folder; it is /opt/ml inside the job. */
  readonly jobDir: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly log: JobLog;
  readonly runtimes: Runtimes;
  readonly maxRuntimeSeconds?: number;
  /** Aborting stops the job: SIGTERM to its process group, SIGKILL after the grace period. */
  readonly signal: AbortSignal;
  readonly stopGraceMs?: number;
  readonly onStart?: (pid: number) => void;
  /** The job's working directory, a container path (default /). */
  readonly workingDir?: string;
}

export type JobOutcome = 'completed' | 'failed' | 'stopped' | 'timed-out';

export interface HostJobResult {
  readonly outcome: JobOutcome;
  readonly exitCode: number | null;
  readonly signal: string | null;
}

let privateMountSupport: boolean | undefined;

/** Whether jobs can get a private /opt/ml here (checked once). */
export function canMountPrivateOptMl(): boolean {
  if (privateMountSupport === undefined) {
    try {
      mkdirSync(CONTAINER_ROOT, { recursive: true });
      const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', `mount --bind /tmp ${CONTAINER_ROOT}`], { stdio: 'ignore' });
      privateMountSupport = probe.status === 0;
    } catch {
      privateMountSupport = false;
    }
  }
  return privateMountSupport;
}

function toHostPath(value: string, jobDir: string): string {
  return value === CONTAINER_ROOT || value.startsWith(`${CONTAINER_ROOT}/`) ? jobDir + value.slice(CONTAINER_ROOT.length) : value;
}

function hostProgram(program: string, runtimes: Runtimes): string {
  if (program === 'python3' || program === 'python') return runtimes.python;
  if (program === 'node') return runtimes.node;
  return program;
}

export function runHostJob(options: HostJobOptions): Promise<HostJobResult> {
  const [program, ...args] = options.command;
  if (program === undefined) return Promise.reject(new Error('the job has no command to run'));
  const executable = hostProgram(program, options.runtimes);
  const isolated = canMountPrivateOptMl();
  let argv: string[];
  let env: Record<string, string>;
  if (isolated) {
    // The mount lives only in the job's namespace; exec keeps the job's pid for signals.
    const cd = options.workingDir === undefined ? '' : ` && cd '${options.workingDir.replace(/'/g, '')}'`;
    argv = ['unshare', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', `mount --bind "$0" ${CONTAINER_ROOT}${cd} && exec "$@"`, options.jobDir, executable, ...args];
    env = { ...options.env };
    options.log.note(`${CONTAINER_ROOT} is private to this job (bound to ${options.jobDir})`);
  } else {
    argv = [executable, ...args.map((arg) => toHostPath(arg, options.jobDir))];
    env = Object.fromEntries(Object.entries(options.env).map(([key, value]) => [key, toHostPath(value, options.jobDir)]));
    options.log.note(`No private ${CONTAINER_ROOT} on this host: ${CONTAINER_ROOT} paths in the command and environment are mapped to ${options.jobDir}`);
  }
  options.log.note(`running: ${[executable, ...args].join(' ')}`);
  // The folder is `<jobs>/<job name>/ml`; the keys are the job's own and end with it.
  const grant = options.runtimes.access?.grant(basename(dirname(options.jobDir)));

  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: isolated ? '/' : options.workingDir === undefined ? options.jobDir : toHostPath(options.workingDir, options.jobDir),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ...grant?.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let outcome: JobOutcome | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const stop = (reason: JobOutcome) => {
      if (outcome !== undefined) return;
      outcome = reason;
      options.log.note(reason === 'timed-out' ? `MaxRuntimeInSeconds (${options.maxRuntimeSeconds}) exceeded: stopping` : 'stop requested: stopping');
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), options.stopGraceMs ?? 10000).unref();
    };
    const onAbort = () => stop('stopped');
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) onAbort();
    const timer =
      options.maxRuntimeSeconds === undefined ? undefined : setTimeout(() => stop('timed-out'), options.maxRuntimeSeconds * 1000);
    timer?.unref();
    if (child.pid !== undefined) options.onStart?.(child.pid);
    child.stdout.on('data', (chunk: Buffer) => options.log.write('stdout', chunk));
    child.stderr.on('data', (chunk: Buffer) => options.log.write('stderr', chunk));
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (finished) return;
      finished = true;
      grant?.revoke();
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      options.log.flush();
      // Nothing the job started may outlive it.
      killGroup('SIGKILL');
      const final = outcome ?? (exitCode === 0 ? 'completed' : 'failed');
      options.log.note(`exited ${signal ? `on ${signal}` : `with code ${exitCode}`}`);
      resolve({ outcome: final, exitCode, signal });
    };
    child.once('error', (error) => {
      options.log.note(`could not start ${executable}: ${error.message}`);
      finish(127, null);
    });
    child.once('close', (exitCode, signal) => finish(exitCode, signal));
  });
}
