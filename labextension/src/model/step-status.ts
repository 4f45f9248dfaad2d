/** How a step's state is named in the graph, including the states SageMaker leaves implicit. */
import { isTerminalExecutionStatus, jobOf as jobOfMetadata, type JobMetadata, type StepJob } from 'sluice/definition';
import type { ExecutionStep } from '../api/operations';

export type StepState = 'pending' | 'starting' | 'executing' | 'succeeded' | 'cached' | 'reused' | 'failed' | 'stopping' | 'stopped' | 'notRun';

export const isTerminalExecution = isTerminalExecutionStatus;

/** The state of a step with this latest row (or none yet) in an execution with this status. */
export function stepState(row: ExecutionStep | undefined, executionStatus: string | undefined): StepState {
  if (row === undefined) {
    // No row once the execution is over: a branch not taken, or downstream of a failure or stop.
    return isTerminalExecution(executionStatus) ? 'notRun' : 'pending';
  }
  switch (row.StepStatus) {
    case 'Starting':
      return 'starting';
    case 'Executing':
      return 'executing';
    case 'Succeeded':
      // A selective run's step outside the selection ran in another execution; its outputs are reused here.
      if (row.SelectiveExecutionResult?.SourcePipelineExecutionArn) return 'reused';
      return row.CacheHitResult?.SourcePipelineExecutionArn ? 'cached' : 'succeeded';
    case 'Failed':
      return 'failed';
    case 'Stopping':
      return 'stopping';
    case 'Stopped':
      return 'stopped';
    default:
      return 'pending';
  }
}

export const stepStateLabel: Record<StepState, string> = {
  pending: 'Pending',
  starting: 'Starting',
  executing: 'Executing',
  succeeded: 'Succeeded',
  cached: 'Succeeded (cached)',
  reused: 'Reused',
  failed: 'Failed',
  stopping: 'Stopping',
  stopped: 'Stopped',
  notRun: 'Not run',
};

/** The job a step ran, from its Metadata (`{ProcessingJob: {Arn}}` and the like), for its log. */
export function jobOf(row: ExecutionStep | undefined): StepJob | undefined {
  return jobOfMetadata(row === undefined ? undefined : { Metadata: row.Metadata as JobMetadata | undefined });
}
