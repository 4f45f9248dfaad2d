/** The interpreters a job on an image runs with: its environment, prepared (once) before the job starts. */
import { basename } from 'node:path';
import type { JobLog } from '../jobs/job-log.js';
import { frameworkImageOf } from '../environments/image-table.js';
import type { JobRuntime } from '../environments/image-environments.js';
import { StepFailure, type StepRunContext } from './types.js';

/** `program` is what the job runs (its command's first word): a Node.js program needs no Python environment. */
export async function jobRuntimeOf(image: string | undefined, context: StepRunContext, log: JobLog, program?: string): Promise<JobRuntime> {
  if (image === undefined || image === '' || (program !== undefined && basename(program) === 'node')) return { runtimes: context.runtimes, env: {} };
  try {
    // Without environments (an engine embedded with fixed interpreters) the project's interpreters run every image.
    if (context.environments === undefined) return { runtimes: context.runtimes, env: {}, builtin: frameworkImageOf(image)?.framework.builtin };
    return await context.environments.runtimeFor(image, context.runtimes, (line) => log.note(line));
  } catch (error) {
    // An unknown framework version, or an environment that could not be created: the message says what to do.
    throw new StepFailure(error instanceof Error ? error.message : String(error));
  }
}
