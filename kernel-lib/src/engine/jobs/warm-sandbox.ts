/**
 * Sandboxes built before their jobs. Building a bwrap sandbox (namespaces, a root of its own, a dozen mounts)
 * costs about 10 ms, which a chain of steps would otherwise pay between every two jobs. So a sandboxed job's
 * program is started by a shell inside the sandbox: the sandbox is built with /opt/ml bound to an empty slot
 * folder and the shell waiting on its stdin. The job that takes it moves its folder's contents into the slot,
 * renames the slot to its own folder (the bind follows the folder, not its name), and writes the shell its
 * environment, working directory and program, which the shell execs: the job's pid is the shell's.
 *
 * A job takes a waiting sandbox of its shape (the same bwrap arguments, and a memory limit or not) when one is
 * there and leaves as many waiting as jobs of that shape run, so a chain's next sandbox is built while the
 * previous job runs, and a fan-out's next wave while the current one runs. One left unused for a minute ends;
 * so do a jobs folder's when its service closes, and all when the service dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rm, rmdir, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Socket } from 'node:net';
import { MemoryLimit, placeWhenReported, removeStaleCgroups } from './memory-limit.js';
import { isAlive } from '../../os/processes.js';

/** Where the slot's path goes in a shape's bwrap arguments. */
export const SLOT = '\0slot';

/** The fds bwrap waits on and reports its child on in a shape with a cgroup (fd 3 is the shell's, to say it runs). */
export const HELD_FDS = { blockFd: 4, infoFd: 5 } as const;

/** What a job needs of its sandbox: bwrap's arguments (its mounts and namespaces) and whether it has a memory limit. */
export interface SandboxShape {
  /** bwrap's arguments, up to and including `--`, with SLOT where the slot's path goes (and HELD_FDS where `cgroup` is set). */
  readonly args: readonly string[];
  /** Whether the sandbox is placed in a cgroup of its own before its shell runs (the job sets the limit). */
  readonly cgroup: boolean;
}

/** A sandbox whose shell waits for its job. */
export interface ReadySandbox {
  readonly child: ChildProcess;
  /** The folder bound at /opt/ml. */
  readonly slot: string;
  /** Settles once the shell runs, so the sandbox's mounts are made (false: it ended first). */
  readonly ready: Promise<boolean>;
  /** The cgroup made for the sandbox (none unless its shape asks, or where the host has none); whoever ends the sandbox removes it. */
  readonly cgroup: MemoryLimit | undefined;
  /** Whether the sandbox's processes are in that cgroup, without a limit until a job sets one. */
  placed(): boolean;
}

interface Waiting extends ReadySandbox {
  readonly shape: string;
  readonly timer: NodeJS.Timeout;
}

const IDLE_MS = 60_000;
/** Per shape (its key), the sandboxes waiting for jobs, oldest first, and how many jobs run in one now. */
const waiting = new Map<string, Waiting[]>();
const running = new Map<string, number>();
let slots = 0;
const swept = new Set<string>();

/** The waiting shell's first command: a byte on fd 3 once it runs (so its sandbox's mounts are made). */
const SAY_RUNNING = 'printf . >&3';

/** A shell word: single-quoted, each `'` closed, escaped and reopened. */
const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

/** Names a POSIX shell can export (SageMaker's own pattern for Environment keys). */
const exportable = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);

/** Whether a job's environment can be handed to the waiting shell (every name exportable). */
export function canHandOver(env: Readonly<Record<string, string>>): boolean {
  return Object.keys(env).every(exportable);
}

/** The shell's program for a job: its environment, its working directory, then exec with stdin from /dev/null (and
 * without the fd the shell said it runs on). */
export function handOverScript(env: Readonly<Record<string, string>>, workingDir: string, argv: readonly string[]): string {
  // The shell's own PWD and OLDPWD from `cd` are not the job's: only what the job's environment says.
  const lines = [`cd ${quote(workingDir)} || exit 1`, 'unset PWD OLDPWD'];
  for (const [name, value] of Object.entries(env)) lines.push(`export ${quote(`${name}=${value}`)}`);
  lines.push(`exec ${argv.map(quote).join(' ')} </dev/null 3>&-`);
  return `${lines.join('\n')}\n`;
}

/** A child's pipe by fd number (Node makes each a socket). */
function stdioAt(child: ChildProcess, fd: number): Socket | undefined {
  return ((child.stdio as readonly unknown[])[fd] ?? undefined) as Socket | undefined;
}

function streams(child: ChildProcess): Socket[] {
  return child.stdio.filter((stream): stream is Socket => stream !== null && stream !== undefined && 'unref' in stream);
}

/**
 * Whether a name is a dead service's: a slot (`.warm-<pid>-<n>`), a job folder set aside (`.warm-<pid>-<n>.old`)
 * or a sandbox's cgroup (`sandbox-warm-<pid>-<n>`).
 */
function staleSlot(name: string): boolean {
  const owner = /^(?:\.|sandbox-)warm-(\d+)-\d+(?:\.old)?$/.exec(name)?.[1];
  return owner !== undefined && Number(owner) !== process.pid && !isAlive(Number(owner));
}

/** Removes the slots and cgroups a service that has died left behind, once per jobs folder. */
function sweep(jobsDir: string): void {
  if (swept.has(jobsDir)) return;
  if (swept.size === 0) removeStaleCgroups(staleSlot);
  swept.add(jobsDir);
  let entries: string[] = [];
  try {
    entries = readdirSync(jobsDir);
  } catch {
    return;
  }
  for (const entry of entries) if (staleSlot(entry)) rmSync(join(jobsDir, entry), { recursive: true, force: true });
}

/**
 * Per jobs folder, the empty folders jobs set aside when they took a sandbox (`adopt`), each to become a new slot by
 * a rename: on ext4 a rename costs a fraction of removing one folder and making another (below SPARE_MAX of them).
 */
const spares = new Map<string, string[]>();
const SPARE_MAX = 8;

/** A new slot in a jobs folder, named after this process (`.warm-<pid>-<n>`): a spare folder renamed, or a new one. */
function newSlot(jobsDir: string): string {
  sweep(jobsDir);
  slots += 1;
  const slot = join(jobsDir, `.warm-${process.pid}-${slots}`);
  const spare = spares.get(jobsDir)?.pop();
  if (spare !== undefined) {
    try {
      // Empty as it was set aside (a job cannot reach the jobs folder); what is bound at a job's /opt/ml must be.
      if (readdirSync(spare).length === 0) {
        renameSync(spare, slot);
        return slot;
      }
    } catch {
      // gone: a new one below
    }
    rm(spare, { recursive: true, force: true }, () => undefined);
  }
  mkdirSync(slot, { recursive: true });
  return slot;
}

/** Keeps an emptied job folder for the next slot, or removes it off the event loop. */
function setAside(folder: string): void {
  const jobsDir = dirname(folder);
  const list = spares.get(jobsDir) ?? [];
  spares.set(jobsDir, list);
  if (list.length < SPARE_MAX) list.push(folder);
  else rmdir(folder, () => undefined);
}

/**
 * Starts a sandbox of a shape with `slot` bound at /opt/ml: the shell says it runs on fd 3, then waits for its
 * program on stdin. For jobs with a memory limit, the sandbox is first placed in a cgroup of its own (bwrap
 * reports its child and waits meanwhile, on HELD_FDS), so a job that takes it only sets the limit.
 */
function build(shape: SandboxShape, slot: string): ReadySandbox {
  const args = shape.args.map((arg) => (arg === SLOT ? slot : arg));
  // Named after this process and a count, as slots are: never another sandbox's, even one built on a job's folder.
  const cgroup = shape.cgroup ? MemoryLimit.create(`sandbox-warm-${process.pid}-${(slots += 1)}`) : undefined;
  // One shell, reading its commands from stdin as they come: the first says it runs, the job's program follows.
  // (A shell started with the first command as `-c` and exec'ing a second to read stdin cost one more exec, ~0.7 ms.)
  const child = spawn('bwrap', [...args, '/bin/sh', '-s'], {
    cwd: '/',
    env: {},
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', ...(shape.cgroup ? (['pipe', 'pipe'] as const) : [])],
    detached: true,
  });
  child.stdin?.on('error', () => undefined);
  child.stdin?.write(`${SAY_RUNNING}\n`);
  // Known before the shell runs: bwrap waits for the release that follows it (at once where no cgroup could be made).
  let placed = false;
  const [info, release] = [stdioAt(child, HELD_FDS.infoFd), stdioAt(child, HELD_FDS.blockFd)];
  if (info !== undefined && release !== undefined) placeWhenReported(cgroup, child.pid, info, release, (ok) => (placed = ok));
  const ready = new Promise<boolean>((resolve) => {
    const said = stdioAt(child, 3);
    if (said === undefined) return resolve(false);
    said.once('data', () => resolve(true));
    said.once('close', () => resolve(false));
  });
  return { child, slot, ready, cgroup, placed: () => placed };
}

/** Ends a sandbox no job took, and removes its slot. */
function discard(sandbox: ReadySandbox): void {
  try {
    if (sandbox.child.pid !== undefined) process.kill(-sandbox.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  rmSync(sandbox.slot, { recursive: true, force: true });
  // Once the killed processes have left it.
  sandbox.cgroup?.remove();
}

/** Removes a waiting sandbox from its shape's list; false if a job took it (or it was removed) already. */
function unlist(entry: Waiting): boolean {
  const list = waiting.get(entry.shape) ?? [];
  const index = list.indexOf(entry);
  if (index < 0) return false;
  list.splice(index, 1);
  if (list.length === 0) waiting.delete(entry.shape);
  clearTimeout(entry.timer);
  return true;
}

/**
 * Leaves sandboxes of the shape waiting for the next jobs: as many as jobs of the shape run now (the next wave
 * of a fan-out starts as those end), at least one.
 */
function prepare(shapeKey: string, shape: SandboxShape, jobsDir: string): void {
  const list = waiting.get(shapeKey) ?? [];
  waiting.set(shapeKey, list);
  while (list.length < Math.max(1, running.get(shapeKey) ?? 0)) {
    let sandbox: ReadySandbox;
    try {
      sandbox = build(shape, newSlot(jobsDir));
    } catch {
      return;
    }
    // A waiting sandbox keeps nothing alive: not the service's event loop, not after the service (--die-with-parent).
    sandbox.child.unref();
    for (const stream of streams(sandbox.child)) stream.unref();
    const timer = setTimeout(() => {
      if (unlist(entry)) discard(entry);
    }, IDLE_MS);
    timer.unref();
    const entry: Waiting = { ...sandbox, shape: shapeKey, timer };
    list.push(entry);
    sandbox.child.once('exit', () => {
      if (unlist(entry)) discard(entry);
    });
  }
}

/**
 * A sandbox of this shape for a job whose folder is `jobDir`: one waiting (the job's folder becomes its slot
 * once it runs), or one built now on the folder itself. Others are left waiting for the next jobs of the shape.
 */
export async function takeSandbox(shape: SandboxShape, jobDir: string): Promise<ReadySandbox> {
  const jobsDir = dirname(dirname(resolve(jobDir)));
  const shapeKey = shape.args.join('\0');
  let sandbox: ReadySandbox | undefined;
  // The one waiting longest is the likeliest to be ready.
  const found = waiting.get(shapeKey)?.[0];
  if (found !== undefined && unlist(found)) {
    // Taken, it keeps the process alive again from now: while its shell is still starting, nothing else may.
    found.child.ref();
    for (const stream of streams(found.child)) stream.ref();
    if (found.child.pid !== undefined && (await found.ready)) {
      try {
        adopt(found.slot, jobDir);
        sandbox = found;
      } catch {
        // the job gets one of its own
      }
    }
    if (sandbox === undefined) discard(found);
  }
  // One built now keeps the process alive as every started process does; only those left waiting are unref'd.
  sandbox ??= build(shape, jobDir);
  running.set(shapeKey, (running.get(shapeKey) ?? 0) + 1);
  sandbox.child.once('exit', () => running.set(shapeKey, (running.get(shapeKey) ?? 1) - 1));
  // Built after this job has started, on the other core where there is one.
  setImmediate(() => prepare(shapeKey, shape, jobsDir));
  return sandbox;
}

/**
 * Moves the job folder's contents into the slot, then puts the slot where the folder was. Removing the emptied
 * folder is slow on ext4 (about 0.4 ms, as long as the rest together): it is moved aside (`<slot>.old`), empty, and
 * becomes the next slot (`setAside`).
 */
function adopt(slot: string, jobDir: string): void {
  mkdirSync(jobDir, { recursive: true });
  const entries = readdirSync(jobDir);
  const aside = `${slot}.old`;
  try {
    for (const entry of entries) renameSync(join(jobDir, entry), join(slot, entry));
    renameSync(jobDir, aside);
    renameSync(slot, jobDir);
  } catch (error) {
    // What moved goes back, so the sandbox built for the job instead finds its folder as it was.
    if (!existsSync(jobDir) && existsSync(aside)) renameSync(aside, jobDir);
    for (const entry of entries) if (existsSync(join(slot, entry))) renameSync(join(slot, entry), join(jobDir, entry));
    throw error;
  }
  setAside(aside);
}

/** Ends the sandboxes waiting for jobs in this jobs folder (a service closing). */
export function closeWaitingSandboxes(jobsDir: string): void {
  for (const list of [...waiting.values()]) {
    for (const entry of [...list]) if (dirname(entry.slot) === resolve(jobsDir) && unlist(entry)) discard(entry);
  }
  for (const spare of spares.get(resolve(jobsDir)) ?? []) rmSync(spare, { recursive: true, force: true });
  spares.delete(resolve(jobsDir));
}
