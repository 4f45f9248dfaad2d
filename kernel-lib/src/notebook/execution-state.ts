/** Everything an execution's picture needs, fetched from the session: describe, steps, definition, failure. */
import {
  DescribePipelineCommand,
  DescribePipelineDefinitionForExecutionCommand,
  type DescribePipelineExecutionCommandOutput,
  type PipelineExecutionStep,
} from '@aws-sdk/client-sagemaker';
import { PipelineExecution } from '../session/execution.js';
import { LocalSession } from '../session/session.js';
import type { ExecutionState, FailureDetail, ReuseDetail } from './execution-view.js';
import { pipelineGraph, type PipelineGraph } from '../definition/index.js';
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

/** What does not change while an execution runs: its definition's graph, the pipeline's name, what it reuses. */
export interface ExecutionBackground {
  readonly graph?: PipelineGraph;
  readonly pipelineName?: string;
  readonly reuse?: ReuseDetail;
}

export async function executionBackground(execution: PipelineExecution, described: DescribePipelineExecutionCommandOutput): Promise<ExecutionBackground> {
  const [graph, pipelineName, reuse] = await Promise.all([executionGraph(execution), pipelineNameOf(execution, described), reuseOf(execution, described)]);
  return { graph, pipelineName, reuse };
}

/** The pipeline's name as its owner wrote it: the execution's ARN has it lowercased. */
async function pipelineNameOf(execution: PipelineExecution, described: DescribePipelineExecutionCommandOutput): Promise<string | undefined> {
  if (described.PipelineArn === undefined) return undefined;
  try {
    const client = await execution.session.client();
    return (await client.send(new DescribePipelineCommand({ PipelineName: described.PipelineArn }))).PipelineName;
  } catch {
    return undefined;
  }
}

async function reuseOf(execution: PipelineExecution, described: DescribePipelineExecutionCommandOutput): Promise<ReuseDetail | undefined> {
  const config = described.SelectiveExecutionConfig;
  if (config?.SourcePipelineExecutionArn === undefined) return undefined;
  const sourceArn = config.SourcePipelineExecutionArn;
  let differing: ReuseDetail['differing'] = [];
  try {
    const [mine, theirs] = await Promise.all([execution.parameters(), new PipelineExecution(sourceArn, execution.session).parameters()]);
    differing = Object.entries(theirs)
      .filter(([name, value]) => mine[name] !== undefined && mine[name] !== value)
      .map(([name, value]) => ({ name, reusedValue: value, value: mine[name] }));
  } catch {
    // The source may have been deleted with its pipeline version; the reuse line still names it.
  }
  return { selectedSteps: (config.SelectedSteps ?? []).map((step) => step.StepName ?? ''), sourceArn, differing };
}

/** Each finished Condition step's conditions with their operands' values; the local service alone keeps them. */
export async function conditionTexts(execution: PipelineExecution, steps: readonly PipelineExecutionStep[]): Promise<Map<string, string[]> | undefined> {
  if (!(execution.session instanceof LocalSession) || !steps.some((step) => step.Metadata?.Condition?.Outcome !== undefined)) return undefined;
  try {
    const evaluated = await (await execution.session.extras()).conditionEvaluations(execution.arn);
    return new Map(evaluated.map((step) => [step.StepName, step.Conditions.map((condition) => condition.Text)]));
  } catch {
    return undefined;
  }
}

/** Why steps with caching on ran; the table shows them without when the service cannot say. */
export async function runReasonsOf(execution: PipelineExecution): Promise<Map<string, string> | undefined> {
  try {
    return await execution.runReasons();
  } catch {
    return undefined;
  }
}

/**
 * Everything {@link executionView} draws, read from the service now: the execution (DescribePipelineExecution), its steps
 * (ListPipelineExecutionSteps), the graph of the definition it runs and, if it failed, why.
 *
 * @example
 * ```ts
 * const state = await executionState(execution);
 * state.described.PipelineExecutionStatus; // 'Executing', 'Succeeded', ...
 * ```
 */
export async function executionState(execution: PipelineExecution, background?: ExecutionBackground): Promise<ExecutionState> {
  const described = await execution.describe();
  const steps = await execution.listSteps();
  const known = background ?? (await executionBackground(execution, described));
  return {
    described,
    steps,
    ...known,
    conditions: await conditionTexts(execution, steps),
    runReasons: await runReasonsOf(execution),
    failure: described.PipelineExecutionStatus === 'Failed' ? await failureDetail(execution, described, steps) : undefined,
  };
}
