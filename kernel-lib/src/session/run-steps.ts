/**
 * Selective execution: run only some steps, reusing the outputs of the pipeline's latest finished
 * (Succeeded or Failed) execution for the rest, as SageMaker's SelectiveExecutionConfig does, and watch it.
 */
import type { Pipeline } from '../sdk/pipeline.js';
import type { PipelineExecution } from './execution.js';
import { startExecution } from './pipeline-actions.js';
import { Session } from './session.js';

/** The options of {@link Pipeline.runSteps}: a selective execution (StartPipelineExecution's `SelectiveExecutionConfig`). */
export interface RunStepsOptions {
  /** Where it runs; default the `from` execution's session, else `Session.default`. */
  readonly session?: Session;
  /** Overrides of the pipeline's parameters, by name. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** The execution whose outputs the other steps reuse; default: the latest Succeeded or Failed one. */
  readonly from?: PipelineExecution;
  /** Wait for the execution (and show its progress); default true. */
  readonly wait?: boolean;
  /** `PipelineExecutionDisplayName` of the new execution. */
  readonly displayName?: string;
}

async function latestFinished(pipeline: Pipeline, session: Session): Promise<string> {
  const executions = await pipeline.listExecutions({ session });
  const finished = executions.find((summary) => summary.PipelineExecutionStatus === 'Succeeded' || summary.PipelineExecutionStatus === 'Failed');
  if (finished?.PipelineExecutionArn === undefined) {
    throw new Error(`Pipeline ${pipeline.name} has no Succeeded or Failed execution to reuse outputs from; run it whole first with start()`);
  }
  return finished.PipelineExecutionArn;
}

export async function runSelectedSteps(pipeline: Pipeline, stepNames: readonly string[], options: RunStepsOptions = {}): Promise<PipelineExecution> {
  const session = options.session ?? options.from?.session ?? Session.default;
  const source = options.from?.arn ?? (await latestFinished(pipeline, session));
  const execution = await startExecution(pipeline, session, options.parameters, {
    PipelineExecutionDisplayName: options.displayName,
    SelectiveExecutionConfig: { SourcePipelineExecutionArn: source, SelectedSteps: stepNames.map((StepName) => ({ StepName })) },
  });
  if (options.wait !== false) await execution.wait();
  return execution;
}
