/**
 * Packages a job's own program installs with pip before its code runs: a function step's dependency file (the SDK's
 * job driver runs `pip install -r … -U`) and a FrameworkProcessor's requirements.txt (its runproc.sh runs `python -m
 * pip install -r requirements.txt`). The image's environment is shared and read-only to jobs, so Sluice installs them
 * first, on top of the image's packages as that pip would, into an environment made once for each set; in the job,
 * pip finds every requirement installed and is given no index (PIP_NO_INDEX), so it changes nothing.
 */
import { basename } from 'node:path';
import type { JobRuntime } from '../environments/image-environments.js';
import { packageName } from '../environments/image-table.js';
import type { JobLog } from '../jobs/job-log.js';
import { requirementsOf } from '../runtimes.js';
import { StepFailure, type StepRunContext } from './types.js';

/**
 * A requirements file's packages, one a line. A pip option (`-r`, `--index-url`, `-e`) and a local path (`./pkg`,
 * `file:…`) are errors that name the line: the environment is made apart from the job's files and shared by jobs.
 */
export function pipRequirements(file: string): string[] {
  const requirements = requirementsOf(file);
  const option = requirements.find((line) => line.startsWith('-'));
  if (option !== undefined) {
    throw new StepFailure(`${basename(file)} has the line "${option}": only package requirements can be installed here, one a line`);
  }
  const local = requirements.find((line) => /^(\.|\/|~|file:)/.test(line));
  if (local !== undefined) {
    throw new StepFailure(`${basename(file)} has the line "${local}", a local path: only packages from an index can be installed here`);
  }
  return requirements;
}

/** Whether a list of requirements names the package `name`. */
export function requiresPackage(requirements: readonly string[], name: string): boolean {
  return requirements.some((requirement) => packageName(requirement) === name);
}

/**
 * The job's interpreters: the image's environment with `requirements` (and pip, which the job's program calls)
 * installed on top; `label` says in the job's log what they are.
 */
export async function runtimeWithRequirements(
  image: string,
  label: string,
  requirements: readonly string[],
  context: StepRunContext,
  log: JobLog,
): Promise<JobRuntime> {
  if (context.environments === undefined) return { runtimes: context.runtimes, env: {} };
  const packages = requiresPackage(requirements, 'pip') ? requirements : [...requirements, 'pip'];
  let runtime: JobRuntime;
  try {
    runtime = await context.environments.runtimeWith(image, { label, packages }, context.runtimes, (line) => log.note(line));
  } catch (error) {
    throw new StepFailure(error instanceof Error ? error.message : String(error));
  }
  return { ...runtime, env: { ...runtime.env, PIP_NO_INDEX: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' } };
}
