/** Where templates and workspaces are: found from this file's place in the package (src/ or dist/ alike). */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** kernel-lib/{src,dist}/projects → kernel-lib. */
const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const templatesDir = join(packageRoot, 'templates');

/** The repository that holds the package (its node_modules is what tslab resolves `sluice` from). */
export const repositoryRoot = resolve(packageRoot, '..');

/** `$SLUICE_WORKSPACE`, else `<repo>/workspace`, the folder `npm start` opens. */
export function defaultWorkspace(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.SLUICE_WORKSPACE;
  return configured !== undefined && configured !== '' ? resolve(configured) : join(repositoryRoot, 'workspace');
}

/** True when a notebook in `dir` can import `sluice`: some node_modules above it holds the package. */
export function resolvesSluice(dir: string): boolean {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', 'sluice', 'package.json'))) return true;
    if (dirname(current) === current) return false;
  }
}
