/**
 * The SageMaker Python SDK's FrameworkProcessor (SKLearn, PyTorch, … processors with source_dir): its entry point
 * `runproc.sh` (the input "entrypoint") unpacks `sourcedir.tar.gz` (the input "code") in
 * /opt/ml/processing/input/code/ and, when a requirements.txt is at its top, runs `pip uninstall --yes typing` and
 * `python -m pip install -r requirements.txt` before the script. Sluice reads that requirements.txt first and installs
 * it into the image's environment (job-requirements.ts).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { JobRuntime } from '../environments/image-environments.js';
import type { JobLog } from '../jobs/job-log.js';
import { unpackArchive } from './archive.js';
import { hostPathOf, type JobFolder } from './container-paths.js';
import { pipRequirements, runtimeWithRequirements } from './job-requirements.js';
import { StepFailure, type StepRunContext } from './types.js';

const runproc = '/opt/ml/processing/input/entrypoint/runproc.sh';
const sourceDir = '/opt/ml/processing/input/code/sourcedir.tar.gz';

export function isFrameworkProcessorJob(entrypoint: readonly string[]): boolean {
  return entrypoint.includes(runproc);
}

/**
 * The job's interpreters when its source_dir holds a requirements.txt: the image's environment with those packages;
 * undefined when it holds none (runproc.sh then installs nothing).
 */
export async function frameworkProcessorRuntime(image: string, folder: JobFolder, context: StepRunContext, log: JobLog): Promise<JobRuntime | undefined> {
  const archive = hostPathOf(folder, sourceDir, 'the FrameworkProcessor source');
  if (!existsSync(archive)) return undefined;
  // Unpacked beside the job's /opt/ml for Sluice to read, then removed: the job unpacks its own copy.
  const peek = join(folder.root, 'sourcedir');
  rmSync(peek, { recursive: true, force: true });
  try {
    await unpackArchive(archive, peek);
  } catch (error) {
    throw new StepFailure(`sourcedir.tar.gz (the input "code"): ${error instanceof Error ? error.message : error}`);
  }
  const file = join(peek, 'requirements.txt');
  let requirements: string[] | undefined;
  try {
    requirements = existsSync(file) ? pipRequirements(file) : undefined;
  } finally {
    rmSync(peek, { recursive: true, force: true });
  }
  if (requirements === undefined) return undefined;
  log.note(`a FrameworkProcessor's source_dir: ${image} with its requirements.txt, installed into its environment before the job`);
  return runtimeWithRequirements(image, 'requirements.txt in source_dir', requirements, context, log);
}
