/** Turns how a job's process ended into SageMaker's job status and failure reason. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostJobResult } from '../jobs/host-process.js';
import type { JobLog } from '../jobs/job-log.js';
import type { FailureKind } from './types.js';

export interface JobFailure {
  readonly status: 'Failed' | 'Stopped';
  readonly reason: string;
  readonly kind: FailureKind;
}

/** Undefined when the job completed. A job may explain its failure in /opt/ml/output/failure, as on SageMaker. */
export function failureOf(result: HostJobResult, log: JobLog, mlDir: string): JobFailure | undefined {
  if (result.outcome === 'completed') return undefined;
  if (result.outcome === 'stopped') return { status: 'Stopped', reason: 'Stopped by StopPipelineExecution', kind: 'NotRetryable' };
  if (result.outcome === 'timed-out')
    return { status: 'Stopped', reason: 'MaxRuntimeExceeded: the job ran longer than MaxRuntimeInSeconds', kind: 'NotRetryable' };
  if (result.outcome === 'out-of-memory') {
    const limit = result.memoryLimit === undefined ? '' : ` (the job used more than its ${Number((result.memoryLimit / 1024 ** 3).toFixed(2))} GiB of memory)`;
    // SageMaker's own words for a job its instance could not hold.
    return {
      status: 'Failed',
      reason: `OutOfMemoryError: Please use an instance type with more memory, or reduce the size of job data processed on an instance.${limit}`,
      kind: 'NotRetryable',
    };
  }
  const failureFile = join(mlDir, 'output', 'failure');
  const explained = existsSync(failureFile) ? readFileSync(failureFile, 'utf8').trim() : '';
  const lastLine = [...log.lines].reverse().find((line) => line.trim() !== '') ?? '';
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  const reason = `AlgorithmError: ${explained || lastLine || 'no output'} (the job ${how})`;
  // A failed program counts as the job's internal error, which SageMakerJobStepRetryPolicy may retry.
  return { status: 'Failed', reason, kind: 'SageMaker.JOB_INTERNAL_ERROR' };
}

/** A step's metadata says once, plainly, when its job ran without the sandbox. */
export function sandboxMetadata(result: HostJobResult): { Sandbox?: string } {
  return result.unsandboxed === undefined ? {} : { Sandbox: result.unsandboxed };
}
