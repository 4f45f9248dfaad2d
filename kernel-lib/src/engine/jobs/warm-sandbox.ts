/**
 * Sandboxes built before their jobs. Building a bwrap sandbox (namespaces, a root of its own, a dozen mounts)
 * costs about 10 ms, which a chain of steps would otherwise pay between every two jobs. So a sandboxed job's
 * program is started by a shell inside the sandbox: the sandbox is built with /opt/ml bound to an empty slot
 * folder and the shell waiting on its stdin. The job that takes it moves its folder's contents into the slot,
 * renames the slot to its own folder (the bind follows the folder, not its name), and writes the shell its
 * environment, working directory and program, which the shell execs: the job's pid is the shell's.
 *
 * A job takes the waiting sandbox of its shape (the same bwrap arguments) when one is there and leaves one
 * waiting for the next job of that shape, so a chain's next sandbox is built while the previous job runs. One
 * left unused for a minute ends; so do a jobs folder's when its service closes, and all when the service dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Socket } from 'node:net';

/** Where the slot's path goes in a shape's bwrap arguments. */
export const SLOT = '\0slot';

/** A sandbox whose shell waits for its job. */
export interface ReadySandbox {
  readonly child: ChildProcess;
  /** The folder bound at /opt/ml. */
  readonly slot: string;
  /** Settles once the shell runs, so the sandbox's mounts are made (false: it ended first). */
  readonly ready: Promise<boolean>;
}

interface Waiting extends ReadySandbox {
  readonly shape: string;
  readonly timer: NodeJS.Timeout;
}

const IDLE_MS = 60_000;
const waiting = new Map<string, Waiting>();
let slots = 0;
const swept = new Set<string>();

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

function streams(child: ChildProcess): Socket[] {
  return child.stdio.filter((stream): stream is Socket => stream !== null && stream !== undefined && 'unref' in stream);
}

/** Removes slots a service that has died left behind (`.warm-<pid>-<n>`), once per jobs folder. */
function sweep(jobsDir: string): void {
  if (swept.has(jobsDir)) return;
  swept.add(jobsDir);
  let entries: string[] = [];
  try {
    entries = readdirSync(jobsDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const owner = /^\.warm-(\d+)-\d+$/.exec(entry)?.[1];
    if (owner === undefined || Number(owner) === process.pid || alive(Number(owner))) continue;
    rmSync(join(jobsDir, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A new slot in a jobs folder, named after this process (`.warm-<pid>-<n>`). */
function newSlot(jobsDir: string): string {
  sweep(jobsDir);
  slots += 1;
  const slot = join(jobsDir, `.warm-${process.pid}-${slots}`);
  mkdirSync(slot, { recursive: true });
  return slot;
}

/** Starts a sandbox of a shape with `slot` bound at /opt/ml: the shell says it runs on fd 3, then waits for its program on stdin. */
function build(shape: readonly string[], slot: string): ReadySandbox {
  const args = shape.map((arg) => (arg === SLOT ? slot : arg));
  const child = spawn('bwrap', [...args, '/bin/sh', '-c', 'printf . >&3; exec /bin/sh -s'], {
    cwd: '/',
    env: {},
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdin?.on('error', () => undefined);
  const ready = new Promise<boolean>((resolve) => {
    const said = child.stdio[3] as Socket | null;
    if (said === null) return resolve(false);
    said.once('data', () => resolve(true));
    said.once('close', () => resolve(false));
  });
  return { child, slot, ready };
}

/** Ends a sandbox no job took, and removes its slot. */
function discard(sandbox: ReadySandbox): void {
  try {
    if (sandbox.child.pid !== undefined) process.kill(-sandbox.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  rmSync(sandbox.slot, { recursive: true, force: true });
}

/** Leaves a sandbox of the shape waiting for the next job (none if one already waits). */
function prepare(shapeKey: string, shape: readonly string[], jobsDir: string): void {
  if (waiting.has(shapeKey)) return;
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
    if (waiting.get(shapeKey)?.child === sandbox.child) waiting.delete(shapeKey);
    discard(sandbox);
  }, IDLE_MS);
  timer.unref();
  const entry: Waiting = { ...sandbox, shape: shapeKey, timer };
  waiting.set(shapeKey, entry);
  sandbox.child.once('exit', () => {
    if (waiting.get(shapeKey) === entry) {
      waiting.delete(shapeKey);
      clearTimeout(timer);
      rmSync(sandbox.slot, { recursive: true, force: true });
    }
  });
}

/**
 * A sandbox of this shape for a job whose folder is `jobDir`: the one waiting (the job's folder becomes its
 * slot once it runs), or one built now on the folder itself. One is left waiting for the next job of the shape.
 */
export async function takeSandbox(shape: readonly string[], jobDir: string): Promise<ReadySandbox> {
  const jobsDir = dirname(dirname(resolve(jobDir)));
  const shapeKey = shape.join('\0');
  const found = waiting.get(shapeKey);
  let sandbox: ReadySandbox | undefined;
  if (found !== undefined) {
    waiting.delete(shapeKey);
    clearTimeout(found.timer);
    if (found.child.pid !== undefined && (await found.ready)) {
      sandbox = found;
      try {
        adopt(found.slot, jobDir);
      } catch {
        sandbox = undefined;
      }
    }
    if (sandbox === undefined) discard(found);
  }
  sandbox ??= build(shape, jobDir);
  sandbox.child.ref();
  for (const stream of streams(sandbox.child)) stream.ref();
  // Built after this job has started, on the other core where there is one.
  setImmediate(() => prepare(shapeKey, shape, jobsDir));
  return sandbox;
}

/** Moves the job folder's contents into the slot, then puts the slot where the folder was. */
function adopt(slot: string, jobDir: string): void {
  mkdirSync(jobDir, { recursive: true });
  for (const entry of readdirSync(jobDir)) renameSync(join(jobDir, entry), join(slot, entry));
  // A folder renamed onto an empty one replaces it.
  renameSync(slot, jobDir);
}

/** Ends the sandboxes waiting for jobs in this jobs folder (a service closing). */
export function closeWaitingSandboxes(jobsDir: string): void {
  for (const [key, entry] of waiting) {
    if (dirname(entry.slot) !== resolve(jobsDir)) continue;
    waiting.delete(key);
    clearTimeout(entry.timer);
    discard(entry);
  }
}
