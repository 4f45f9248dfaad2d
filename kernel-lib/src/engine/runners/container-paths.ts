/** The job folder that stands for /opt/ml, and container paths inside it. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_ROOT } from '../jobs/host-process.js';
import { StepFailure } from './types.js';

/** The one host a local job runs on, named as SageMaker names the first instance of a job. */
export const CONTAINER_HOST = 'algo-1';

export interface JobFolder {
  /** `<jobsDir>/<job>`: holds `ml/` (the job's /opt/ml) and `log`. */
  readonly root: string;
  readonly ml: string;
  readonly logFile: string;
}

/**
 * A name from a definition that becomes a folder name (a channel, a job): SageMaker's pattern
 * `[A-Za-z0-9\.\-_]+`, and not only dots, whichever client wrote the definition.
 */
export function checkPathName(name: string, what: string): string {
  if (!/^[A-Za-z0-9.\-_]{1,64}$/.test(name) || /^\.+$/.test(name)) {
    throw new StepFailure(`${what} ${JSON.stringify(name)} must match [A-Za-z0-9\\.\\-_]{1,64} and not be only dots: it names a folder of the job`);
  }
  return name;
}

export function jobFolder(jobsDir: string, name: string): JobFolder {
  // Job names are SageMaker's `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`; a longer generated one is still one folder.
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(name)) throw new StepFailure(`job name ${JSON.stringify(name)} cannot name a job folder`);
  const root = join(jobsDir, name);
  const ml = join(root, 'ml');
  mkdirSync(ml, { recursive: true });
  return { root, ml, logFile: join(root, 'log') };
}

/** The host folder of a container path; only paths under /opt/ml can be given to a local job. */
export function hostPathOf(folder: JobFolder, containerPath: string, what: string): string {
  if (!containerPath.startsWith(`${CONTAINER_ROOT}/`) || containerPath.split('/').includes('..')) {
    throw new StepFailure(`${what} ${JSON.stringify(containerPath)} must be a path under ${CONTAINER_ROOT}/ to run on this machine`);
  }
  return join(folder.ml, containerPath.slice(CONTAINER_ROOT.length + 1));
}
