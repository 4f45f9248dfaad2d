// @ts-check
// Where set-up puts things. Everything lives inside the repository, so tslab notebooks resolve `sluice`.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const venvDir = join(repoRoot, '.venv');
export const venvBin = join(venvDir, 'bin');
export const venvPython = join(venvBin, 'python');
/** The tests' own Python: the SageMaker Python SDK (the reference our definitions must match) and moto. */
export const testVenvDir = join(repoRoot, '.venv-test');
export const testVenvPython = join(testVenvDir, 'bin', 'python');
export const jupyterDataDir = join(venvDir, 'share', 'jupyter');
/** Stamps of finished set-up steps and the logs of servers that `npm start` runs. */
export const stateDir = join(repoRoot, '.setup');
export const defaultWorkspace = join(repoRoot, 'workspace');
export const tslabBinary = join(repoRoot, 'node_modules', '.bin', 'tslab');
/** What the kernelspec starts: tslab, made to exit when it cannot bind its ports (see the file). */
export const tslabKernelLauncher = join(repoRoot, 'kernel-lib', 'containers', 'tslab', 'kernel.mjs');
export const labextensionName = 'sluice-labextension';
export const labextensionBuild = join(repoRoot, 'labextension', 'dist', 'labextension');
export const tslabKernelName = 'tslab';
export const tslabKernelDisplayName = 'TypeScript (Sluice)';

/** The environment for Jupyter and everything it starts: the venv's tools first on PATH. */
export function jupyterEnv(extra = {}) {
  return { ...process.env, PATH: `${venvBin}:${process.env.PATH ?? ''}`, VIRTUAL_ENV: venvDir, ...extra };
}
