/**
 * How a job's process is started on this host: in a bubblewrap sandbox where the host can build one; else,
 * as before the sandbox, with a private /opt/ml from `unshare --mount` (root), or plain with /opt/ml paths
 * mapped to the job's folder. The log says which, once.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryLimitSupport } from './memory-limit.js';
import { CONTAINER_ROOT, runtimeRoots, sandboxArgs, sandboxMounts, sandboxSupport, type SandboxSpec } from './sandbox.js';
import { canHandOver, HELD_FDS, SLOT, type SandboxShape } from './warm-sandbox.js';

/** What the definition limits: the instance type's memory, the volume, the network. */
export interface JobLimits {
  readonly instanceType?: string;
  readonly memoryBytes?: number;
  readonly volumeBytes?: number;
  /** EnableNetworkIsolation: no network at all. */
  readonly networkIsolation: boolean;
}

/** Which host folders a job must not see, and which it needs read-only; set by whoever owns the folders. */
export interface SandboxPolicy {
  readonly hide: readonly string[];
  readonly readOnly: readonly string[];
  /** Host folders every job may write (a user's shared scratch folder; the tests' markers). */
  readonly writable?: readonly string[];
}

export interface LaunchRequest {
  readonly jobDir: string;
  readonly executable: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly workingDir?: string;
  readonly limits?: JobLimits;
  readonly policy?: SandboxPolicy;
  /** Interpreters the job runs with: visible even inside hidden folders. */
  readonly interpreters: readonly string[];
}

export interface Launch {
  readonly argv: readonly string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  /**
   * Set with a memory limit: the cgroup to make (named after the job) and its size. bwrap waits on fd 3 and
   * reports its child on fd 4, so the caller makes the cgroup while bwrap starts and places the child in it.
   */
  readonly memory?: { readonly name: string; readonly bytes: number };
  /** What the job gets, for its log. */
  readonly notes: readonly string[];
  /** Set where the host could not sandbox the job: why, in a sentence. */
  readonly unsandboxed?: string;
  /**
   * Set where the job can run in a sandbox built ahead (warm-sandbox.ts): bwrap's arguments with SLOT for the
   * job's folder, and what the sandbox's shell is handed: the environment, working directory and program.
   */
  readonly handOver?: { readonly shape: SandboxShape; readonly workingDir: string; readonly argv: readonly string[] };
}

/** The fds bwrap waits on and reports its child on when it is built for one job with a memory limit (warm-sandbox.ts has its own). */
export const JOB_HELD_FDS = { blockFd: 3, infoFd: 4 } as const;

let privateMountSupport: boolean | undefined;

/** Whether jobs can get a private /opt/ml from `unshare --mount` here (checked once). */
export function canMountPrivateOptMl(): boolean {
  if (privateMountSupport === undefined) {
    try {
      mkdirSync(CONTAINER_ROOT, { recursive: true });
      const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', `mount --bind /tmp ${CONTAINER_ROOT}`], {
        stdio: 'ignore',
      });
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

// The engine's own files (built-in algorithms, model servers) are no secret and jobs run some of them.
const engineRoot = fileURLToPath(new URL('../../..', import.meta.url));

const GIB = 1024 ** 3;
const gib = (bytes: number) => `${Number((bytes / GIB).toFixed(2))} GiB`;

export function planLaunch(request: LaunchRequest): Launch {
  const sandbox = sandboxSupport();
  if (sandbox.available) return sandboxed(request, sandbox.networkIsolation);
  const why = `this job is not sandboxed: ${sandbox.reason ?? 'no sandbox on this host'}. It can read and write what the service's user can; run \`sluice doctor\``;
  if (canMountPrivateOptMl()) {
    // The mount lives only in the job's namespace; exec keeps the job's pid for signals.
    const cd = request.workingDir === undefined ? '' : ` && cd '${request.workingDir.replace(/'/g, '')}'`;
    return {
      argv: [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '--',
        '/bin/sh',
        '-c',
        `mount --bind "$0" ${CONTAINER_ROOT}${cd} && exec "$@"`,
        request.jobDir,
        request.executable,
        ...request.args,
      ],
      env: { ...request.env },
      cwd: '/',
      notes: [`${CONTAINER_ROOT} is private to this job (bound to ${request.jobDir})`],
      unsandboxed: why,
    };
  }
  return {
    argv: [request.executable, ...request.args.map((arg) => toHostPath(arg, request.jobDir))],
    env: Object.fromEntries(Object.entries(request.env).map(([key, value]) => [key, toHostPath(value, request.jobDir)])),
    cwd: request.workingDir === undefined ? request.jobDir : toHostPath(request.workingDir, request.jobDir),
    notes: [`No private ${CONTAINER_ROOT} on this host: ${CONTAINER_ROOT} paths in the command and environment are mapped to ${request.jobDir}`],
    unsandboxed: why,
  };
}

function sandboxed(request: LaunchRequest, canIsolateNetwork: boolean): Launch {
  const limits = request.limits;
  const notes: string[] = [];
  const workingDir = request.workingDir ?? '/';
  // bwrap can chdir only into a folder that exists; SageMaker's images have theirs.
  if (workingDir.startsWith(`${CONTAINER_ROOT}/`)) mkdirSync(toHostPath(workingDir, request.jobDir), { recursive: true });
  const isolate = limits?.networkIsolation === true && canIsolateNetwork;
  let memory: Launch['memory'];
  if (limits?.memoryBytes !== undefined) {
    // `<jobs>/<job name>/ml`: the cgroup is named after the job.
    if (memoryLimitSupport().available) memory = { name: basename(dirname(request.jobDir)), bytes: limits.memoryBytes };
    notes.push(memory ? `memory limit ${gib(limits.memoryBytes)} (${limits.instanceType})` : `memory not limited: ${memoryLimitSupport().how} on this host`);
  }
  const jobsDir = dirname(dirname(request.jobDir));
  const spec: SandboxSpec = {
    jobDir: request.jobDir,
    workingDir,
    hide: [jobsDir, ...(request.policy?.hide ?? [])],
    readOnly: [...request.interpreters.flatMap(runtimeRoots), engineRoot, ...(request.policy?.readOnly ?? [])],
    writable: request.policy?.writable,
    network: !isolate,
    tmpBytes: limits?.volumeBytes,
  };
  // The host's paths are looked at once: the job's sandbox and the shape of one built ahead are the same mounts.
  const mounts = sandboxMounts(spec);
  const args = sandboxArgs({ ...spec, ...(memory ? JOB_HELD_FDS : {}) }, mounts);
  notes.push(
    `sandboxed: the host read-only, private /tmp${limits?.volumeBytes ? ` (${gib(limits.volumeBytes)}, VolumeSizeInGB)` : ''} and ${CONTAINER_ROOT}, network ${isolate ? 'none (EnableNetworkIsolation)' : 'shared with the host'}`,
  );
  if (limits?.networkIsolation === true && !isolate) notes.push('EnableNetworkIsolation cannot be enforced on this host: the job has the network');
  if (limits?.volumeBytes !== undefined) notes.push(`${CONTAINER_ROOT} is a host folder: VolumeSizeInGB does not cap what the job writes there`);
  return {
    argv: ['bwrap', ...args, request.executable, ...request.args],
    env: { ...request.env },
    cwd: '/',
    memory,
    notes,
    handOver: canHandOver(request.env)
      ? {
          shape: { args: sandboxArgs({ ...spec, jobDir: SLOT, workingDir: '/', ...(memory ? HELD_FDS : {}) }, mounts), cgroup: memory !== undefined },
          workingDir,
          argv: [request.executable, ...request.args],
        }
      : undefined,
  };
}
