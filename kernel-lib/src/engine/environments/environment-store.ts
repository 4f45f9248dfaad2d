/**
 * Python environments under `<envs>/<digest of spec>/`, made once and shared by every later job. Creation
 * happens in a temporary folder renamed into place when complete, so a failed creation leaves nothing half
 * made; a lock file (`<digest>.lock`, holding the creator's pid) keeps two processes from creating the same
 * environment at once, and a map of promises does the same within this process.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { defaultInstaller, frozen, InstallError, verifyImports, type Confine, type Installer } from './installer.js';
import { packageName } from './image-table.js';
import { isAlive } from '../../os/processes.js';

export interface EnvironmentSpec {
  /** How the job's log and errors name it: `sagemaker-scikit-learn:1.2-1`, or an images.json pattern. */
  readonly label: string;
  readonly packages: readonly string[];
  /**
   * Installed after `packages`, as a `pip install` in the image installs on top of what the image holds: they may
   * change the versions `packages` installed (a function step's dependencies on a framework image).
   */
  readonly then?: readonly string[];
  /** Modules that must import once installed. */
  readonly imports: readonly string[];
  readonly indexUrls: readonly string[];
}

export interface PreparedEnvironment {
  readonly digest: string;
  readonly dir: string;
  readonly python: string;
  readonly bin: string;
  /** Whether this call created it (false: it existed, or another job created it meanwhile). */
  readonly created: boolean;
}

/** What `<envs>/<digest>/sluice-env.json` records. */
export interface EnvironmentRecord {
  readonly digest: string;
  readonly label: string;
  readonly spec: EnvironmentSpec;
  readonly basePython: string;
  readonly installer: string;
  readonly createdAt: string;
  readonly seconds: number;
  readonly installed: readonly string[];
  readonly dir?: string;
  readonly sizeBytes?: number;
}

export class EnvironmentCreationError extends Error {
  override readonly name = 'EnvironmentCreationError';
}

export interface EnvironmentStoreOptions {
  readonly dir: string;
  /** The interpreter environments are made from (default: /usr/bin/python3 when present, else python3). */
  readonly basePython?: string;
  readonly installer?: Installer;
  /** How install commands are confined (the job sandbox); unconfined by default. */
  readonly confine?: Confine;
  /** How long to wait for another process's creation before giving up. */
  readonly lockTimeoutMs?: number;
}

const RECORD = 'sluice-env.json';

/** `<home>/envs`, unless SLUICE_ENVS_DIR (or the option) points elsewhere: tests share one folder across homes. */
export function environmentsDir(options: { home: string; envsDir?: string }): string {
  return options.envsDir ?? process.env['SLUICE_ENVS_DIR'] ?? join(options.home, 'envs');
}

export function defaultBasePython(): string {
  return process.env['SLUICE_ENV_PYTHON'] ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class EnvironmentStore {
  readonly dir: string;
  readonly basePython: string;
  private readonly installer: Installer;
  private readonly inFlight = new Map<string, Promise<PreparedEnvironment>>();
  private baseVersion: string | undefined;
  /** Environments this store created: tests count them. */
  creations = 0;

  constructor(private readonly options: EnvironmentStoreOptions) {
    this.dir = options.dir;
    this.basePython = options.basePython ?? defaultBasePython();
    this.installer = options.installer ?? defaultInstaller(options.confine);
  }

  digestOf(spec: EnvironmentSpec): string {
    // The base interpreter's version is part of the identity: an upgraded python3 gets environments of its own.
    this.baseVersion ??= spawnSync(this.basePython, ['-c', 'import sys; print(sys.version)'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    const identity = {
      packages: spec.packages,
      then: spec.then,
      imports: spec.imports,
      indexUrls: spec.indexUrls,
      basePython: this.basePython,
      version: this.baseVersion,
    };
    return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 16);
  }

  pathOf(digest: string): PreparedEnvironment {
    const dir = join(this.dir, digest);
    return { digest, dir, python: join(dir, 'bin', 'python'), bin: join(dir, 'bin'), created: false };
  }

  /** The environment for `spec`, created on first use; `log` hears what happens. */
  ensure(spec: EnvironmentSpec, log: (line: string) => void): Promise<PreparedEnvironment> {
    const digest = this.digestOf(spec);
    const ready = this.pathOf(digest);
    if (existsSync(join(ready.dir, RECORD))) return Promise.resolve(ready);
    const running = this.inFlight.get(digest);
    if (running !== undefined) {
      log(`waiting for the environment for ${spec.label}, which another job is creating`);
      return running.then((prepared) => ({ ...prepared, created: false }));
    }
    const creation = this.createLocked(spec, digest, log).finally(() => this.inFlight.delete(digest));
    this.inFlight.set(digest, creation);
    return creation;
  }

  private async createLocked(spec: EnvironmentSpec, digest: string, log: (line: string) => void): Promise<PreparedEnvironment> {
    mkdirSync(this.dir, { recursive: true });
    const lock = join(this.dir, `${digest}.lock`);
    const deadline = Date.now() + (this.options.lockTimeoutMs ?? 30 * 60 * 1000);
    let waiting = false;
    for (;;) {
      if (existsSync(join(this.dir, digest, RECORD))) return this.pathOf(digest);
      try {
        const fd = openSync(lock, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = Number.parseInt(readFileSafe(lock), 10);
      if (Number.isFinite(holder) && !isAlive(holder)) {
        // Its creator died: the lock is stale and its temporary folder is garbage.
        rmSync(lock, { force: true });
        continue;
      }
      if (!waiting) log(`waiting for the environment for ${spec.label}, which another process (pid ${holder}) is creating`);
      waiting = true;
      if (Date.now() > deadline)
        throw new EnvironmentCreationError(
          `the environment for ${spec.label} was still being created by pid ${holder} after ${Math.round((this.options.lockTimeoutMs ?? 1800000) / 1000)} s (remove ${lock} if that process is gone)`,
        );
      await sleep(200);
    }
    try {
      if (existsSync(join(this.dir, digest, RECORD))) return this.pathOf(digest);
      return await this.create(spec, digest, log);
    } finally {
      rmSync(lock, { force: true });
    }
  }

  private async create(spec: EnvironmentSpec, digest: string, log: (line: string) => void): Promise<PreparedEnvironment> {
    this.removeLeftovers(digest);
    const started = Date.now();
    const temporary = join(this.dir, `.tmp-${digest}-${process.pid}-${randomBytes(4).toString('hex')}`);
    const final = this.pathOf(digest);
    log(
      `creating environment for ${spec.label}: ${spec.packages.length} packages (${spec.packages.join(' ') || 'none'})${spec.then === undefined ? '' : `, then ${spec.then.join(' ')}`} with ${this.installer.name} on ${this.basePython}, in ${final.dir}`,
    );
    try {
      await this.installer.createVenv(temporary, this.basePython);
      const python = join(temporary, 'bin', 'python');
      // uv's own summary lines (Resolved …, Prepared …, Installed …) go to the job's log as they come.
      await this.installer.install(python, spec.packages, spec.indexUrls, (line) => log(`  ${line}`));
      if (spec.then !== undefined) await this.installer.install(python, spec.then, spec.indexUrls, (line) => log(`  ${line}`));
      await verifyImports(python, spec.imports);
      const installed = await frozen(python);
      const seconds = (Date.now() - started) / 1000;
      const record: EnvironmentRecord = {
        digest,
        label: spec.label,
        spec,
        basePython: this.basePython,
        installer: this.installer.name,
        createdAt: new Date().toISOString(),
        seconds,
        installed,
      };
      writeFileSync(join(temporary, RECORD), JSON.stringify(record, null, 2));
      rmSync(final.dir, { recursive: true, force: true });
      renameSync(temporary, final.dir);
      this.creations += 1;
      const names = new Set(requested(spec).map(packageName));
      const main = installed.filter((line) => names.has(packageName(line)));
      log(`environment for ${spec.label} ready in ${seconds.toFixed(1)} s: ${main.join(', ') || `${installed.length} packages`}`);
      return { ...final, created: true };
    } catch (error) {
      rmSync(temporary, { recursive: true, force: true });
      throw new EnvironmentCreationError(creationFailure(spec, error));
    }
  }

  /** Temporary folders of creations whose process has died. */
  private removeLeftovers(digest: string): void {
    for (const name of safeReaddir(this.dir)) {
      const match = /^\.tmp-([0-9a-f]+)-(\d+)-/.exec(name);
      if (match && match[1] === digest && !isAlive(Number(match[2]))) rmSync(join(this.dir, name), { recursive: true, force: true });
    }
  }

  list(): EnvironmentRecord[] {
    return safeReaddir(this.dir)
      .filter((name) => !name.startsWith('.') && existsSync(join(this.dir, name, RECORD)))
      .map((name) => ({
        ...(JSON.parse(readFileSync(join(this.dir, name, RECORD), 'utf8')) as EnvironmentRecord),
        dir: join(this.dir, name),
        sizeBytes: folderSize(join(this.dir, name)),
      }));
  }

  /** Removes environments by digest (or its prefix) or label; returns the digests removed. */
  remove(which: string): string[] {
    const removed: string[] = [];
    for (const record of this.list()) {
      if (record.digest.startsWith(which) || record.label === which || which === 'all') {
        rmSync(join(this.dir, record.digest), { recursive: true, force: true });
        removed.push(record.digest);
      }
    }
    return removed;
  }

  /** A requirements file installed into a job's own overlay folder, for script mode's requirements.txt. */
  installOverlay(python: string, requirementsFile: string, target: string): Promise<void> {
    return this.installer.installTarget(python, requirementsFile, target);
  }
}

/** Every requirement the spec names, in the order they are installed. */
function requested(spec: EnvironmentSpec): readonly string[] {
  return [...spec.packages, ...(spec.then ?? [])];
}

/** Names the image, the package and the fixes. */
function creationFailure(spec: EnvironmentSpec, error: unknown): string {
  const output = error instanceof InstallError ? error.output : error instanceof Error ? error.message : String(error);
  const named = requested(spec).filter((requirement) => output.toLowerCase().includes(packageName(requirement)));
  const offline = /network|connect|dns|resolve host|offline|timed out|no such host/i.test(output);
  const detail = output
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-4)
    .join(' | ');
  return [
    `could not create the environment for ${spec.label}${named.length > 0 ? ` (package ${named.join(', ')})` : ''}: ${detail || 'no output'}.`,
    offline ? 'The package index could not be reached.' : '',
    'Fix: make the packages reachable (UV_INDEX_URL or PIP_INDEX_URL for an index or mirror, UV_FIND_LINKS for a folder of wheels, or a warm uv cache), or map the image to an environment or interpreter of yours in SLUICE_HOME/images.json; then run the step again.',
  ]
    .filter((part) => part !== '')
    .join(' ');
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderSize(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}
