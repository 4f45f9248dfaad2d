/** The job folder that stands for /opt/ml, and container paths inside it. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINER_ROOT } from '../jobs/host-process.js';
import { StepFailure } from './types.js';

export interface JobFolder {
  /** `<jobsDir>/<job>`: holds `ml/` (the job's /opt/ml) and `log`. */
  readonly root: string;
  readonly ml: string;
  readonly logFile: string;
}

export function jobFolder(jobsDir: string, name: string): JobFolder {
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
