/**
 * A job's sandbox, built with bubblewrap (`bwrap`): a root of the job's own with the host's folders in it
 * read-only, a private /tmp, the job's own folder at /opt/ml, minimal /proc and /dev, and the service's home,
 * the jobs' folders and the user's home hidden behind empty tmpfs mounts, with only the interpreters a job
 * needs bound back read-only. One exec: bwrap sets everything up and execs the program.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';

export const CONTAINER_ROOT = '/opt/ml';

export interface SandboxSpec {
  /** The host folder bound read-write at /opt/ml. */
  readonly jobDir?: string;
  /** The working directory inside the sandbox. */
  readonly workingDir?: string;
  /** Host folders the job must not see: each becomes an empty tmpfs. */
  readonly hide: readonly string[];
  /** Host paths the job needs read-only even where they lie inside a hidden folder (interpreters, environments). */
  readonly readOnly: readonly string[];
  /** Host paths bound read-write at the same path (an environment being created). */
  readonly writable?: readonly string[];
  /** False: no network at all (EnableNetworkIsolation). */
  readonly network: boolean;
  /** A size for the private /tmp, in bytes (VolumeSizeInGB). */
  readonly tmpBytes?: number;
  /** bwrap waits for a byte on this fd before it runs the program (so the caller can place it in a cgroup first). */
  readonly blockFd?: number;
  /** bwrap writes `{"child-pid": N}` here once the sandbox's first process exists. */
  readonly infoFd?: number;
}

export interface SandboxSupport {
  readonly available: boolean;
  readonly networkIsolation: boolean;
  /** Why not, in a sentence a user can act on. */
  readonly reason?: string;
}

let support: SandboxSupport | undefined;

/** Whether bwrap can build a sandbox here (checked once: the binary, user namespaces, a mount point for /opt/ml). */
export function sandboxSupport(): SandboxSupport {
  if (support === undefined) support = probe();
  return support;
}

function probe(): SandboxSupport {
  if (process.env.SLUICE_SANDBOX === 'off') return { available: false, networkIsolation: false, reason: 'SLUICE_SANDBOX=off' };
  try {
    mkdirSync(CONTAINER_ROOT, { recursive: true });
  } catch {
    if (!existsSync(CONTAINER_ROOT))
      return {
        available: false,
        networkIsolation: false,
        reason: `${CONTAINER_ROOT} does not exist and cannot be created (run once as root: mkdir -p ${CONTAINER_ROOT})`,
      };
  }
  const base = ['--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', '--unshare-pid', '--cap-drop', 'ALL'];
  const plain = spawnSync('bwrap', [...base, 'true'], { encoding: 'utf8' });
  if (plain.error !== undefined) return { available: false, networkIsolation: false, reason: 'bubblewrap is not installed (apt-get install bubblewrap)' };
  if (plain.status !== 0) {
    return {
      available: false,
      networkIsolation: false,
      reason: `bubblewrap cannot build a sandbox here (${plain.stderr.trim() || `exit ${plain.status}`}): user namespaces may be disabled`,
    };
  }
  const isolated = spawnSync('bwrap', [...base, '--unshare-net', 'true'], { encoding: 'utf8' });
  return { available: true, networkIsolation: isolated.status === 0 };
}

let top: { name: string; link?: string }[] | undefined;

/** The host's top-level folders, files and links (read once): /proc, /dev and /tmp are the sandbox's own. */
function hostTop(): { name: string; link?: string }[] {
  if (top === undefined) {
    top = readdirSync('/', { withFileTypes: true })
      .filter((entry) => !['proc', 'dev', 'tmp'].includes(entry.name) && (entry.isDirectory() || entry.isFile() || entry.isSymbolicLink()))
      .map((entry) => (entry.isSymbolicLink() ? { name: entry.name, link: readlinkSync(`/${entry.name}`) } : { name: entry.name }));
  }
  return top;
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/**
 * The folders that hold an interpreter and what it loads (a venv's root, or Node's install prefix), as the
 * path names it and as symlinks resolve it: the job runs the path it was given.
 */
export function runtimeRoots(executable: string): string[] {
  const rootOf = (path: string) => {
    const bin = dirname(path);
    if (existsSync(resolve(bin, '..', 'pyvenv.cfg'))) return dirname(bin);
    return bin.endsWith(`${sep}bin`) ? dirname(bin) : bin;
  };
  const named = resolve(executable);
  let real = named;
  try {
    // The C library's realpath: one call per job and interpreter, several times cheaper than Node's JavaScript one.
    real = realpathSync.native(named);
  } catch {
    // not there: the job will say so when it starts
  }
  return [...new Set([rootOf(named), rootOf(real)])];
}

/**
 * What a spec's paths come to on this host, found once for a job (its sandbox and the shape of one built ahead
 * share them): the folders hidden behind an empty tmpfs, the paths inside them bound back read-only, and the
 * folders bound writable, each only where the host has it.
 */
export interface SandboxMounts {
  readonly home: string | undefined;
  readonly hidden: readonly string[];
  readonly back: readonly string[];
  readonly writable: readonly string[];
}

/** The mounts of a spec, as the host is now. */
export function sandboxMounts(spec: Pick<SandboxSpec, 'hide' | 'readOnly' | 'writable'>): SandboxMounts {
  const home = process.env.HOME === undefined || process.env.HOME === '' ? undefined : resolve(process.env.HOME);
  const readOnly = spec.readOnly.map((path) => resolve(path)).filter((path) => existsSync(path));
  const hidden = ['/tmp', ...(home !== undefined && home !== '/' ? [home] : []), ...spec.hide]
    .map((path) => resolve(path))
    // What the host does not have there is not there to hide (and a read-only root has no mount point for it).
    .filter((path) => path === '/tmp' || existsSync(path))
    .sort((a, b) => a.length - b.length)
    // A folder inside one already hidden is hidden with it, unless a path inside it is bound back: then it gets a
    // tmpfs of its own (made read-only), or the bound path's mount point would leave its folders writable in the
    // outer tmpfs (a service home under /tmp or $HOME would take a job's files, privately but without error).
    .filter((path, index, all) => all.findIndex((other) => inside(path, other)) === index || readOnly.some((kept) => kept !== path && inside(kept, path)));
  // Only paths a tmpfs covered need binding back; the rest are already visible read-only.
  const back = readOnly.filter((path) => hidden.some((folder) => inside(path, folder)));
  return {
    home,
    hidden,
    back: [...new Set(back)].sort((a, b) => a.length - b.length),
    writable: (spec.writable ?? []).map((folder) => resolve(folder)).filter((folder) => existsSync(folder)),
  };
}

/** bwrap's arguments, up to and including `--`: the program and its arguments follow. */
export function sandboxArgs(spec: SandboxSpec, mounts: SandboxMounts = sandboxMounts(spec)): string[] {
  const { home, hidden } = mounts;
  // The root is the job's own (a seed script's `extractall(".")` from / lands there and vanishes with the job);
  // what the host has at the top is bound into it read-only.
  const args = spec.tmpBytes !== undefined ? ['--size', String(spec.tmpBytes), '--tmpfs', '/'] : ['--tmpfs', '/'];
  for (const entry of hostTop()) {
    if (entry.link !== undefined) args.push('--symlink', entry.link, `/${entry.name}`);
    else args.push('--ro-bind', `/${entry.name}`, `/${entry.name}`);
  }
  args.push('--dev', '/dev', '--proc', '/proc');
  for (const path of hidden) {
    if (path === '/tmp' && spec.tmpBytes !== undefined) args.push('--size', String(spec.tmpBytes));
    args.push('--tmpfs', path);
  }
  for (const path of mounts.back) args.push('--ro-bind', path, path);
  for (const path of mounts.writable) args.push('--bind', path, path);
  if (spec.jobDir !== undefined) args.push('--bind', spec.jobDir, CONTAINER_ROOT);
  // /tmp and the user's home stay writable (tools keep caches there); what was hidden for its secrets is read-only.
  for (const path of hidden) if (path !== '/tmp' && path !== home) args.push('--remount-ro', path);
  args.push('--chdir', spec.workingDir ?? '/');
  // A pid namespace keeps other processes (and the service's /proc/<pid>/environ) out of view; without
  // capabilities a job cannot remount what it was given. No --new-session: the job has no terminal, and
  // a new session would take it out of the process group that Stop signals.
  args.push('--unshare-pid', '--unshare-ipc', '--unshare-uts', '--die-with-parent', '--cap-drop', 'ALL');
  if (!spec.network) args.push('--unshare-net');
  if (spec.blockFd !== undefined) args.push('--block-fd', String(spec.blockFd));
  if (spec.infoFd !== undefined) args.push('--info-fd', String(spec.infoFd));
  args.push('--');
  return args;
}

/**
 * A command as it runs sandboxed, for callers outside runHostJob (Lambda handlers, environment creation):
 * `['bwrap', ...args, ...command]`, or the command unchanged (and `sandboxed: false`) where the host has no sandbox.
 */
export function sandboxedCommand(command: readonly string[], spec: SandboxSpec): { argv: string[]; sandboxed: boolean } {
  if (!sandboxSupport().available) return { argv: [...command], sandboxed: false };
  return { argv: ['bwrap', ...sandboxArgs(spec), ...command], sandboxed: true };
}
