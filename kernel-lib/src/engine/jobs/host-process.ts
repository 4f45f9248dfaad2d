/**
 * Runs a job's program as a host process under SageMaker's container contract: in a sandbox where the host
 * can build one (see launch.ts), with the job's own /opt/ml, its limits and its own credentials; stopped by
 * signals to its process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { basename, dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { programStartNote, type JobLog } from './job-log.js';
import { JOB_HELD_FDS, planLaunch, type JobLimits, type Launch, type SandboxPolicy } from './launch.js';
import { MemoryLimit, placeWhenReported } from './memory-limit.js';
import { signalGroup } from './process-group.js';
import { handOverScript, takeSandbox, type ReadySandbox } from './warm-sandbox.js';

export { CONTAINER_ROOT } from './sandbox.js';
export { canMountPrivateOptMl } from './launch.js';
export type { JobLimits, SandboxPolicy } from './launch.js';

export interface Runtimes {
  /** What `python3`/`python` in a command means: the project's venv python. */
  readonly python: string;
  /** What `node` means: this Node.js. */
  readonly node: string;
  /** Credentials for the local service, given to each job while it runs. */
  readonly access?: JobAccess;
  /** Host folders jobs must not see (the service's home) and the ones they need read-only (environments). */
  readonly sandbox?: SandboxPolicy;
  /** Limits from the instance type; `enabled: false` gives jobs the whole machine. */
  readonly limits?: LimitSettings;
}

export interface LimitSettings {
  readonly enabled: boolean;
  /** An instance type's memory in bytes, where it differs from SageMaker's table (tests use small ones). */
  readonly memoryBytes?: (instanceType: string) => number | undefined;
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
  /** Memory, volume and network, from the job's definition. */
  readonly limits?: JobLimits;
  /** Aborting stops the job: SIGTERM to its process group, SIGKILL after the grace period. */
  readonly signal: AbortSignal;
  readonly stopGraceMs?: number;
  readonly onStart?: (pid: number) => void;
  /** The job's working directory, a container path (default /). */
  readonly workingDir?: string;
}

export type JobOutcome = 'completed' | 'failed' | 'stopped' | 'timed-out' | 'out-of-memory';

export interface HostJobResult {
  readonly outcome: JobOutcome;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Set where the host could not sandbox the job: why. */
  readonly unsandboxed?: string;
  /** The memory limit the job exceeded, in bytes. */
  readonly memoryLimit?: number;
}

/** What a command's program means on this host: `python3`/`python` and `node` are the job's interpreters. */
export function hostProgram(program: string, runtimes: Runtimes): string {
  if (program === 'python3' || program === 'python') return runtimes.python;
  if (program === 'node') return runtimes.node;
  return program;
}

export async function runHostJob(options: HostJobOptions): Promise<HostJobResult> {
  const [program, ...args] = options.command;
  if (program === undefined) throw new Error('the job has no command to run');
  const executable = hostProgram(program, options.runtimes);
  const launch = planLaunch({
    jobDir: options.jobDir,
    executable,
    args,
    env: options.env,
    workingDir: options.workingDir,
    limits: options.limits,
    policy: options.runtimes.sandbox,
    interpreters: [options.runtimes.python, options.runtimes.node],
  });
  if (launch.unsandboxed !== undefined) options.log.note(launch.unsandboxed);
  for (const note of launch.notes) options.log.note(note);
  options.log.note(`${programStartNote}${[executable, ...args].join(' ')}`);
  // The folder is `<jobs>/<job name>/ml`; the keys are the job's own and end with it.
  const grant = options.runtimes.access?.grant(basename(dirname(options.jobDir)));

  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ...grant?.env, ...launch.env };
  // `memory` holds the job's limit; `cgroup` is what to remove when it ends (a sandbox built ahead can have one whose limit failed).
  const { child, memory, cgroup } = await startProcess(launch, env, options);
  return new Promise((resolve) => {
    let outcome: JobOutcome | undefined;
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid !== undefined) signalGroup(child.pid, signal, signal !== 'SIGKILL' && launch.unsandboxed === undefined);
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
    const timer = options.maxRuntimeSeconds === undefined ? undefined : setTimeout(() => stop('timed-out'), options.maxRuntimeSeconds * 1000);
    timer?.unref();
    if (child.pid !== undefined) options.onStart?.(child.pid);
    child.stdout?.on('data', (chunk: Buffer) => options.log.write('stdout', chunk));
    child.stderr?.on('data', (chunk: Buffer) => options.log.write('stderr', chunk));
    let finished = false;
    const finish = (exitCode: number | null, signal: string | null) => {
      if (finished) return;
      finished = true;
      grant?.revoke();
      const oom = memory?.oomKilled === true;
      // After the result: the cgroup empties as the killed processes leave.
      if (cgroup) setImmediate(() => cgroup.remove());
      if (timer) clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      options.log.flush();
      // Nothing the job started may outlive it.
      killGroup('SIGKILL');
      const final = outcome ?? (exitCode === 0 ? 'completed' : oom ? 'out-of-memory' : 'failed');
      options.log.note(
        `exited ${signal ? `on ${signal}` : `with code ${exitCode}`}${final === 'out-of-memory' ? ': killed for using more memory than its instance type has' : ''}`,
      );
      resolve({
        outcome: final,
        exitCode,
        signal,
        unsandboxed: launch.unsandboxed,
        memoryLimit: final === 'out-of-memory' ? options.limits?.memoryBytes : undefined,
      });
    };
    child.once('error', (error) => {
      options.log.note(`could not start ${executable}: ${error.message}`);
      finish(127, null);
    });
    child.once('close', (exitCode, signal) => finish(exitCode, signal));
  });
}

/**
 * Starts the job's process: in a sandbox built ahead where the launch allows it (its shell is handed the
 * program once a memory limit holds it), else bwrap (or the fallback) with the program as its arguments.
 */
async function startProcess(
  launch: Launch,
  env: Record<string, string>,
  options: HostJobOptions,
): Promise<{ child: ChildProcess; memory: MemoryLimit | undefined; cgroup: MemoryLimit | undefined }> {
  if (launch.handOver !== undefined) {
    let sandbox: ReadySandbox | undefined;
    try {
      sandbox = await takeSandbox(launch.handOver.shape, options.jobDir);
    } catch (error) {
      options.log.note(`a sandbox built ahead could not be used (${error instanceof Error ? error.message : error}): building one for this job`);
    }
    if (sandbox !== undefined) {
      const { child, cgroup } = sandbox;
      let memory: MemoryLimit | undefined;
      if (launch.memory !== undefined) {
        // Placed or not is known once the shell runs (a sandbox built just now may not run yet).
        await sandbox.ready;
        if (cgroup === undefined || !sandbox.placed()) noteNoLimit(options.log);
        else
          try {
            cgroup.limit(launch.memory.bytes);
            memory = cgroup;
          } catch (error) {
            noteNoLimit(options.log, error);
          }
      }
      // The shell runs the program only once it has read this: after the limit.
      child.stdin?.end(handOverScript(env, launch.handOver.workingDir, launch.handOver.argv));
      return { child, memory, cgroup };
    }
  }
  const [command = launch.argv[0] ?? '', ...rest] = launch.argv;
  const child = spawn(command, rest, {
    cwd: launch.cwd,
    env,
    // With a memory limit, bwrap waits on one pipe until its child (reported on the other, JOB_HELD_FDS) is in the job's cgroup.
    stdio: launch.memory ? ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // Made while bwrap starts (it waits for us), so the cgroup costs the job little time.
  const memory = launch.memory && MemoryLimit.create(launch.memory.name, launch.memory.bytes);
  if (launch.memory && memory === undefined) noteNoLimit(options.log);
  if (launch.memory)
    placeWhenReported(memory, child.pid, child.stdio[JOB_HELD_FDS.infoFd] as Readable, child.stdio[JOB_HELD_FDS.blockFd] as Writable, (_ok, error) => {
      if (error !== undefined) noteNoLimit(options.log, error);
    });
  return { child, memory, cgroup: memory };
}

/** Says in the job's log that it runs without its memory limit: none could be made, or applying it failed. */
function noteNoLimit(log: JobLog, error?: unknown): void {
  log.note(
    error === undefined
      ? 'the memory limit could not be made: the job runs without it'
      : `the memory limit could not be applied: ${error instanceof Error ? error.message : error}`,
  );
}
