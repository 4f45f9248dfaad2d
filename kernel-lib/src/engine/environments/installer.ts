/**
 * How an environment is made: `uv` (fast, and its cache makes a second environment cost seconds), or the
 * base Python's own `venv` and `pip` where uv is missing. Both take index settings from the usual variables
 * (UV_INDEX_URL, PIP_INDEX_URL, UV_FIND_LINKS, PIP_FIND_LINKS, proxies), which pass through.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Installer {
  readonly name: 'uv' | 'pip';
  /** An empty virtual environment in `dir` on `basePython`. */
  createVenv(dir: string, basePython: string): Promise<void>;
  /** Installs requirements into the environment whose interpreter is `python`; `progress` hears the installer's lines. */
  install(python: string, requirements: readonly string[], indexUrls: readonly string[], progress?: (line: string) => void): Promise<void>;
  /** Installs a requirements file into `target` (a per-job overlay on PYTHONPATH), for `python`. */
  installTarget(python: string, requirementsFile: string, target: string): Promise<void>;
}

/** A command that failed: its last lines of output say why. */
export class InstallError extends Error {
  override readonly name = 'InstallError';
  constructor(
    readonly command: string,
    readonly output: string,
  ) {
    super(`${command} failed: ${output.trim().split('\n').slice(-6).join(' | ') || 'no output'}`);
  }
}

/**
 * How an installer's commands are confined: the argv to run instead, given the host folders the command must
 * write. An install runs code from packages (a job's own requirements.txt among them), so the engine runs it in
 * the job sandbox; without one it runs as it is.
 */
export type Confine = (argv: readonly string[], writable: readonly string[]) => string[];

export const unconfined: Confine = (argv) => [...argv];

/** Runs a command (confined: `argv` is what runs, `command` what it stands for, in errors). */
function run(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  progress?: (line: string) => void,
  command: readonly string[] = argv,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (progress === undefined) return;
      const lines = (pending + chunk.toString()).split(/\r?\n|\r/);
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') progress(line.trim());
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const label = command.slice(0, 3).join(' ');
    child.once('error', (error) => reject(new InstallError(label, error.message)));
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new InstallError(label, output))));
  });
}

/** uv: $SLUICE_UV, the repository's .venv/bin/uv (set-up installs it), else `uv` on PATH if there is one. */
export function findUv(): string | undefined {
  const fromEnv = process.env['SLUICE_UV'];
  if (fromEnv) return fromEnv;
  const repoUv = fileURLToPath(new URL('../../../../.venv/bin/uv', import.meta.url));
  if (existsSync(repoUv)) return repoUv;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'uv'))) return join(dir, 'uv');
  return undefined;
}

function indexArgs(indexUrls: readonly string[], flag: string): string[] {
  return indexUrls.flatMap((url) => [flag, url]);
}

/** The folder of a Python environment's interpreter: `<env>/bin/python` → `<env>`. */
const envOf = (python: string) => dirname(dirname(python));

/** Where uv and pip keep their caches: writable inside the sandbox too, so a second environment costs seconds. */
export function installerCaches(): string[] {
  const home = process.env.HOME ?? '/root';
  const cacheHome = process.env.XDG_CACHE_HOME ?? join(home, '.cache');
  const caches = [process.env.UV_CACHE_DIR ?? join(cacheHome, 'uv'), process.env.PIP_CACHE_DIR ?? join(cacheHome, 'pip')];
  for (const cache of caches) mkdirSync(cache, { recursive: true });
  return caches;
}

export function uvInstaller(uv: string, confine: Confine = unconfined): Installer {
  // uv must not fetch a Python build of its own: environments use this machine's interpreter.
  const env = { UV_PYTHON_DOWNLOADS: 'never', VIRTUAL_ENV: undefined };
  return {
    name: 'uv',
    async createVenv(dir, basePython) {
      // Relocatable, because the environment is made in a temporary folder and renamed when complete.
      mkdirSync(dir, { recursive: true });
      const argv = [uv, 'venv', '--quiet', '--relocatable', '--allow-existing', '--python', basePython, dir];
      await run(confine(argv, [dir]), env, undefined, argv);
    },
    async install(python, requirements, indexUrls, progress) {
      if (requirements.length === 0) return;
      const argv = [
        uv,
        'pip',
        'install',
        '--python',
        python,
        ...indexArgs(indexUrls, '--extra-index-url'),
        '--index-strategy',
        'unsafe-best-match',
        ...requirements,
      ];
      await run(confine(argv, [envOf(python), ...installerCaches()]), env, progress, argv);
    },
    async installTarget(python, requirementsFile, target) {
      mkdirSync(target, { recursive: true });
      const argv = [uv, 'pip', 'install', '--python', python, '--target', target, '-r', requirementsFile];
      // The requirements' folder is the job's own code: local packages there build in place.
      await run(confine(argv, [target, dirname(requirementsFile), ...installerCaches()]), env, undefined, argv);
    },
  };
}

export function pipInstaller(confine: Confine = unconfined): Installer {
  return {
    name: 'pip',
    async createVenv(dir, basePython) {
      mkdirSync(dir, { recursive: true });
      const argv = [basePython, '-m', 'venv', dir];
      await run(confine(argv, [dir]), {}, undefined, argv);
    },
    async install(python, requirements, indexUrls, progress) {
      if (requirements.length === 0) return;
      const argv = [
        python,
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--progress-bar',
        'off',
        ...indexArgs(indexUrls, '--extra-index-url'),
        ...requirements,
      ];
      await run(confine(argv, [envOf(python), ...installerCaches()]), {}, progress, argv);
    },
    async installTarget(python, requirementsFile, target) {
      mkdirSync(target, { recursive: true });
      const argv = [python, '-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '--target', target, '-r', requirementsFile];
      await run(confine(argv, [target, dirname(requirementsFile), ...installerCaches()]), {}, undefined, argv);
    },
  };
}

export function defaultInstaller(confine: Confine = unconfined): Installer {
  const uv = findUv();
  return uv === undefined ? pipInstaller(confine) : uvInstaller(uv, confine);
}

/** Checks that every module imports in the environment; the error names the first that does not. */
export async function verifyImports(python: string, modules: readonly string[]): Promise<void> {
  if (modules.length === 0) return;
  const program = `import importlib, sys\nfor name in sys.argv[1:]:\n    try:\n        importlib.import_module(name)\n    except Exception as error:\n        sys.exit(f"import {name} failed: {type(error).__name__}: {error}")\n`;
  await run([python, '-c', program, ...modules], {});
}

/** `name==version` of what the environment holds, for its record and the job's log. */
export async function frozen(python: string): Promise<string[]> {
  const output = await run(
    [
      python,
      '-c',
      'import importlib.metadata as m\nfor d in sorted(m.distributions(), key=lambda d: d.metadata["Name"].lower()): print(f"{d.metadata[\'Name\']}=={d.version}")',
    ],
    {},
  );
  return output.split('\n').filter((line) => line.includes('=='));
}
