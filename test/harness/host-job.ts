// A node script run as a job, the way every runner starts one (runHostJob): `<jobsDir>/<name>/ml` is its /opt/ml,
// the script is /opt/ml/code/job.mjs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHostJob, type HostJobOptions, type HostJobResult, type Runtimes } from '../../kernel-lib/src/engine/jobs/host-process.js';
import { JobLog } from '../../kernel-lib/src/engine/jobs/job-log.js';

export async function runNodeJob(
  jobsDir: string,
  name: string,
  script: string,
  runtimes: Runtimes,
  extra: Partial<HostJobOptions> = {},
): Promise<{ result: HostJobResult; log: string; ml: string }> {
  const ml = join(jobsDir, name, 'ml');
  mkdirSync(join(ml, 'code'), { recursive: true });
  writeFileSync(join(ml, 'code', 'job.mjs'), script);
  const log = new JobLog(join(jobsDir, name, 'log'));
  const result = await runHostJob({
    jobDir: ml,
    command: ['node', '/opt/ml/code/job.mjs'],
    env: {},
    log,
    runtimes,
    signal: new AbortController().signal,
    stopGraceMs: 1000,
    ...extra,
  });
  return { result, log: readFileSync(log.file, 'utf8'), ml };
}
