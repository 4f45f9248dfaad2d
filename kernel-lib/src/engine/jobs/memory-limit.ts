/**
 * A job's memory limit as a cgroup of its own (v2 `memory.max`, or v1 `memory.limit_in_bytes` where the memory
 * controller is still on v1), so the kernel's OOM killer ends the job, not the machine, and the cgroup's
 * counters tell afterwards that memory was the reason.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

interface Hierarchy {
  readonly version: 1 | 2;
  /** Our own cgroup's folder: job cgroups are made under it, so the service's own limits still hold. */
  readonly parent: string;
}

let hierarchy: Hierarchy | null | undefined;

function findHierarchy(): Hierarchy | null {
  let lines: string[];
  try {
    lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  } catch {
    return null;
  }
  const v1 = lines.map((line) => line.split(':')).find((parts) => parts[1]?.split(',').includes('memory'));
  const candidates: Hierarchy[] = [];
  if (v1 !== undefined) candidates.push({ version: 1, parent: join('/sys/fs/cgroup/memory', v1[2] ?? '/') });
  const v2 = lines.map((line) => line.split(':')).find((parts) => parts[0] === '0' && parts[1] === '');
  if (v2 !== undefined) {
    for (const root of ['/sys/fs/cgroup', '/sys/fs/cgroup/unified']) {
      if (existsSync(join(root, 'cgroup.controllers')) && readFileSync(join(root, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('memory')) {
        candidates.push({ version: 2, parent: join(root, v2[2] ?? '/') });
      }
    }
  }
  // The first where a child cgroup with a limit can actually be made.
  for (const candidate of candidates) {
    const probe = join(candidate.parent, `sluice-probe-${process.pid}`);
    try {
      mkdirSync(probe);
      try {
        writeFileSync(join(probe, candidate.version === 2 ? 'memory.max' : 'memory.limit_in_bytes'), String(64 * 1024 * 1024));
        return candidate;
      } finally {
        rmdirSync(probe);
      }
    } catch {
      // not writable here: try the next
    }
  }
  return null;
}

/** Whether jobs can get a memory limit here, and how (checked once). */
export function memoryLimitSupport(): { readonly available: boolean; readonly how: string } {
  if (hierarchy === undefined) hierarchy = findHierarchy();
  if (hierarchy === null) return { available: false, how: 'no writable memory cgroup (cgroup v2 with the memory controller delegated, or v1 as root)' };
  return { available: true, how: `cgroup v${hierarchy.version} under ${hierarchy.parent}` };
}

/** Removes the empty cgroups (`sluice-<name>`) whose name says so, e.g. those of a service that has died. */
export function removeStaleCgroups(stale: (name: string) => boolean): void {
  if (!memoryLimitSupport().available || hierarchy == null) return;
  let entries: string[] = [];
  try {
    entries = readdirSync(hierarchy.parent);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith('sluice-') || !stale(entry.slice('sluice-'.length))) continue;
    try {
      rmdirSync(join(hierarchy.parent, entry));
    } catch {
      // still in use, or not ours to remove
    }
  }
}

export class MemoryLimit {
  private constructor(
    private readonly folder: string,
    private readonly version: 1 | 2,
  ) {}

  /** A new cgroup limited to `bytes` (none yet without), or undefined where the host has none to give. */
  static create(name: string, bytes?: number): MemoryLimit | undefined {
    if (!memoryLimitSupport().available || hierarchy == null) return undefined;
    const folder = join(hierarchy.parent, `sluice-${name}`.slice(0, 200));
    try {
      mkdirSync(folder, { recursive: true });
      const limit = new MemoryLimit(folder, hierarchy.version);
      if (bytes !== undefined) limit.limit(bytes);
      return limit;
    } catch {
      return undefined;
    }
  }

  /** Sets the limit (a sandbox built ahead gets its job's when the job takes it). */
  limit(bytes: number): void {
    const folder = this.folder;
    if (this.version === 2) {
      writeFileSync(join(folder, 'memory.max'), String(bytes));
      // No swap either: the limit is the instance's memory.
      if (existsSync(join(folder, 'memory.swap.max'))) writeFileSync(join(folder, 'memory.swap.max'), '0');
    } else {
      // v1 refuses a memory+swap limit below the memory limit: the larger of the two moves first.
      const memsw = join(folder, 'memory.memsw.limit_in_bytes');
      const hasMemsw = existsSync(memsw);
      if (hasMemsw && bytes > Number(readFileSync(memsw, 'utf8'))) writeFileSync(memsw, String(bytes));
      writeFileSync(join(folder, 'memory.limit_in_bytes'), String(bytes));
      if (hasMemsw) writeFileSync(memsw, String(bytes));
    }
  }

  /** Moves a process (and so every process it starts from now on) into the limit. */
  add(pid: number): void {
    writeFileSync(join(this.folder, 'cgroup.procs'), String(pid));
  }

  /** Whether the kernel killed something here for memory. */
  get oomKilled(): boolean {
    try {
      const counters = readFileSync(join(this.folder, this.version === 2 ? 'memory.events' : 'memory.oom_control'), 'utf8');
      const kills = /^oom_kill (\d+)$/m.exec(counters);
      return kills !== null && Number(kills[1]) > 0;
    } catch {
      return false;
    }
  }

  /** Removes the cgroup once its processes are gone (retried briefly: killed processes take a moment to leave). */
  remove(attempts = 20): void {
    try {
      rmdirSync(this.folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      if (attempts > 0) setTimeout(() => this.remove(attempts - 1), 50).unref();
    }
  }
}

/**
 * bwrap started with `--info-fd` and `--block-fd` reports its sandbox's first process on `info`, then waits on
 * `release`: moves bwrap and that process into `limit` (none: nothing moves), then lets the sandbox go on, so
 * everything the sandbox starts is in the limit. `placed` hears once, before the release, whether they moved
 * (and the error, if moving failed).
 */
export function placeWhenReported(
  limit: MemoryLimit | undefined,
  bwrapPid: number | undefined,
  info: Readable,
  release: Writable,
  placed: (ok: boolean, error?: unknown) => void,
): void {
  release.on('error', () => undefined);
  let text = '';
  let released = false;
  const go = (ok: boolean, error?: unknown) => {
    if (released) return;
    released = true;
    placed(ok, error);
    release.end('x');
  };
  info.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    const inner = /"child-pid"\s*:\s*(\d+)/.exec(text)?.[1];
    if (inner === undefined || released) return;
    if (limit === undefined) return go(false);
    try {
      if (bwrapPid !== undefined) limit.add(bwrapPid);
      limit.add(Number(inner));
      go(true);
    } catch (error) {
      go(false, error);
    }
  });
  info.once('end', () => go(false));
  info.once('close', () => go(false));
}
