/** Everything an execution's picture needs, fetched from the session: describe, steps, definition, failure. */
import { DescribePipelineDefinitionForExecutionCommand, type DescribePipelineExecutionCommandOutput, type PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../session/execution.js';
import type { ExecutionState, FailureDetail } from './execution-view.js';
import { pipelineGraph, type PipelineGraph } from './graph.js';
import { stepLogLines } from './logs.js';

const logTailLines = 15;

/** The graph of the definition the execution runs (its own version, not the pipeline's latest). */
export async function executionGraph(execution: PipelineExecution): Promise<PipelineGraph | undefined> {
  try {
    const client = await execution.session.client();
    const described = await client.send(new DescribePipelineDefinitionForExecutionCommand({ PipelineExecutionArn: execution.arn }));
    return described.PipelineDefinition === undefined ? undefined : pipelineGraph(described.PipelineDefinition);
  } catch {
    // The table still shows without the picture.
    return undefined;
  }
}

/** The failed step, its reason and the end of its job's log; undefined unless a step failed. */
export async function failureDetail(
  execution: PipelineExecution,
  described: DescribePipelineExecutionCommandOutput,
  steps: readonly PipelineExecutionStep[],
): Promise<FailureDetail | undefined> {
  const failed = steps.filter((step) => step.StepStatus === 'Failed').at(-1);
  if (failed === undefined) return undefined;
  const reason = failed.Metadata?.Fail?.ErrorMessage ?? failed.FailureReason ?? described.FailureReason ?? 'no reason given';
  let log: string[] | undefined;
  try {
    log = await stepLogLines(execution, failed);
  } catch {
    log = undefined;
  }
  return { stepName: failed.StepName ?? '', reason, logTail: (log ?? []).slice(-logTailLines) };
}

export async function executionState(execution: PipelineExecution, graph?: PipelineGraph): Promise<ExecutionState> {
  const described = await execution.describe();
  const steps = await execution.listSteps();
  return {
    described,
    steps,
    graph: graph ?? (await executionGraph(execution)),
    failure: described.PipelineExecutionStatus === 'Failed' ? await failureDetail(execution, described, steps) : undefined,
  };
}
