/**
 * Notebook jobs: the training job SageMaker's NotebookJobStep writes (ContainerEntrypoint `amazon_sagemaker_scheduler`,
 * the notebook in the channel `sagemaker_headless_execution_pipelinestep`, SM_KERNEL_NAME, SM_INPUT_NOTEBOOK_NAME,
 * SM_OUTPUT_NOTEBOOK_NAME, the parameters as HyperParameters). On this machine the scheduler's part is played by
 * containers/notebook-job/run_notebook.py (nbclient), run in the job's sandbox with the project's Python, whose
 * Jupyter has the kernels (`python3`, `tslab`).
 */
import { existsSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOTEBOOK_SCHEDULER_ENTRYPOINT, type JsonObject } from '../definition.js';
import type { JobRuntime } from '../environments/image-environments.js';
import type { Runtimes } from '../jobs/host-process.js';
import { stringsAt } from './values.js';

const runner = fileURLToPath(new URL('../../../containers/notebook-job/run_notebook.py', import.meta.url));

export function isNotebookJob(algorithm: JsonObject): boolean {
  return stringsAt(algorithm.ContainerEntrypoint, 'AlgorithmSpecification.ContainerEntrypoint')[0] === NOTEBOOK_SCHEDULER_ENTRYPOINT;
}

/**
 * Notebook jobs run with the project's interpreters (its Jupyter has the kernels), whatever image the step names. The
 * sandbox hides /tmp and the user's home: a workspace there still gives the job its node_modules (tslab, and what a
 * notebook imports) read-only, with the workspace packages they link to (`sluice` → kernel-lib).
 */
export function notebookJobRuntime(runtimes: Runtimes): JobRuntime {
  const sandbox = runtimes.sandbox;
  const modules = workspaceNodeModules();
  if (sandbox === undefined || modules === undefined) return { runtimes, env: {} };
  const readOnly = [...sandbox.readOnly, modules, ...linkedPackages(modules)];
  return { runtimes: { ...runtimes, sandbox: { ...sandbox, readOnly } }, env: {} };
}

/** Where node_modules' links to workspace packages lead (npm workspaces link them; scoped ones one level down). */
function linkedPackages(modules: string): string[] {
  const entries = readdirSync(modules, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() && entry.name.startsWith('@')
      ? readdirSync(join(modules, entry.name), { withFileTypes: true }).map((inner) => ({ entry: inner, path: join(modules, entry.name, inner.name) }))
      : [{ entry, path: join(modules, entry.name) }],
  );
  return entries
    .filter(({ entry }) => entry.isSymbolicLink())
    .flatMap(({ path }) => {
      try {
        return [realpathSync(path)];
      } catch {
        return [];
      }
    });
}

/** The node_modules folder that holds tslab, found upwards from the engine: what a tslab notebook imports from. */
function workspaceNodeModules(): string | undefined {
  for (let folder = fileURLToPath(new URL('../../..', import.meta.url)); ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'node_modules', 'tslab'))) return join(folder, 'node_modules');
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * The job's program. tslab resolves packages only from node_modules above the notebook, so the job's /opt/ml gets a
 * link to the workspace's (read-only in the sandbox), as the image would have its packages installed.
 */
export function notebookJobProgram(mlDir: string): { command: string[]; env: Record<string, string>; workingDir: string } {
  const modules = workspaceNodeModules();
  const link = join(mlDir, 'node_modules');
  if (modules !== undefined) {
    rmSync(link, { force: true });
    symlinkSync(modules, link);
  }
  return { command: ['python3', runner], env: {}, workingDir: '/opt/ml' };
}
