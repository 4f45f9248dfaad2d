/**
 * How an environment is made: `uv` (fast, and its cache makes a second environment cost seconds), or the
 * base Python's own `venv` and `pip` where uv is missing. Both take index settings from the usual variables
 * (UV_INDEX_URL, PIP_INDEX_URL, UV_FIND_LINKS, PIP_FIND_LINKS, proxies), which pass through.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

function run(argv: readonly string[], env: Record<string, string | undefined>, progress?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
    child.once('error', (error) => reject(new InstallError(argv.slice(0, 3).join(' '), error.message)));
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new InstallError(argv.slice(0, 3).join(' '), output))));
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

export function uvInstaller(uv: string): Installer {
  // uv must not fetch a Python build of its own: environments use this machine's interpreter.
  const env = { UV_PYTHON_DOWNLOADS: 'never', VIRTUAL_ENV: undefined };
  return {
    name: 'uv',
    async createVenv(dir, basePython) {
      // Relocatable, because the environment is made in a temporary folder and renamed when complete.
      await run([uv, 'venv', '--quiet', '--relocatable', '--python', basePython, dir], env);
    },
    async install(python, requirements, indexUrls, progress) {
      if (requirements.length === 0) return;
      await run([uv, 'pip', 'install', '--python', python, ...indexArgs(indexUrls, '--extra-index-url'), '--index-strategy', 'unsafe-best-match', ...requirements], env, progress);
    },
    async installTarget(python, requirementsFile, target) {
      await run([uv, 'pip', 'install', '--python', python, '--target', target, '-r', requirementsFile], env);
    },
  };
}

export const pipInstaller: Installer = {
  name: 'pip',
  async createVenv(dir, basePython) {
    await run([basePython, '-m', 'venv', dir], {});
  },
  async install(python, requirements, indexUrls, progress) {
    if (requirements.length === 0) return;
    await run([python, '-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', ...indexArgs(indexUrls, '--extra-index-url'), ...requirements], {}, progress);
  },
  async installTarget(python, requirementsFile, target) {
    await run([python, '-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '--target', target, '-r', requirementsFile], {});
  },
};

export function defaultInstaller(): Installer {
  const uv = findUv();
  return uv === undefined ? pipInstaller : uvInstaller(uv);
}

/** Checks that every module imports in the environment; the error names the first that does not. */
export async function verifyImports(python: string, modules: readonly string[]): Promise<void> {
  if (modules.length === 0) return;
  const program = `import importlib, sys\nfor name in sys.argv[1:]:\n    try:\n        importlib.import_module(name)\n    except Exception as error:\n        sys.exit(f"import {name} failed: {type(error).__name__}: {error}")\n`;
  await run([python, '-c', program, ...modules], {});
}

/** `name==version` of what the environment holds, for its record and the job's log. */
export async function frozen(python: string): Promise<string[]> {
  const output = await run([python, '-c', 'import importlib.metadata as m\nfor d in sorted(m.distributions(), key=lambda d: d.metadata["Name"].lower()): print(f"{d.metadata[\'Name\']}=={d.version}")'], {});
  return output.split('\n').filter((line) => line.includes('=='));
}
