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

/**
 * Why a stopped job stopped: a pipeline's job by StopPipelineExecution, a job created by name (the context gives its
 * name) by its own Stop operation.
 */
export function stoppedBy(context: { readonly jobName?: string }, stopOperation: string): string {
  return `Stopped by ${context.jobName === undefined ? 'StopPipelineExecution' : stopOperation}`;
}

/**
 * Undefined when the job completed. A job may explain its failure in /opt/ml/output/failure, as on SageMaker.
 * `stopped` is the reason a stopped job gives (stoppedBy).
 */
export function failureOf(result: HostJobResult, log: JobLog, mlDir: string, stopped: string): JobFailure | undefined {
  if (result.outcome === 'completed') return undefined;
  if (result.outcome === 'stopped') return { status: 'Stopped', reason: stopped, kind: 'NotRetryable' };
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
