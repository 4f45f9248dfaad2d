/**
 * `pipeline.plan()`: what starting the pipeline now would reuse and run, and why, asked of the local service, which
 * decides it with the engine's own cache code (SluiceLocal.PlanPipelineExecution).
 */
import { inspect } from 'node:util';
import { plannedStepText, runReasonText, type PlannedStep } from '../definition/index.js';
import type { Pipeline } from '../sdk/pipeline.js';
import { LocalSession, Session } from './session.js';

/** The options of {@link Pipeline.plan}. */
export interface PlanOptions {
  /** Where the pipeline would run; default `Session.default`. Only the local session can plan. */
  readonly session?: Session;
  /** The parameter values the run would start with, by name, as `start()` takes them. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
}

/** A plan: each step a cache hit (from which execution) or a run and its reason. Prints as one line a step. */
export class ExecutionPlan {
  constructor(
    readonly pipelineName: string,
    readonly steps: readonly PlannedStep[],
  ) {}

  /** The names of the steps that would run. */
  willRun(): string[] {
    return this.steps.filter((step) => step.Decision === 'Run').map((step) => step.StepName);
  }

  /** Why a step would run (`hyperparameter max_depth changed 5 → 7`), or undefined when it would not. */
  reason(stepName: string): string | undefined {
    const step = this.steps.find((candidate) => candidate.StepName === stepName);
    return step?.Decision === 'Run' ? runReasonText(step.Reason) : undefined;
  }

  /** `Train  will run: hyperparameter max_depth changed 5 → 7`, a line a step. */
  toString(): string {
    const width = Math.max(0, ...this.steps.map((step) => step.StepName.length));
    return [`Plan of ${this.pipelineName}:`, ...this.steps.map((step) => `  ${step.StepName.padEnd(width)}  ${plannedStepText(step)}`)].join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

export async function planPipeline(pipeline: Pipeline, options: PlanOptions = {}): Promise<ExecutionPlan> {
  const session = options.session ?? Session.default;
  const parameters = Object.entries(options.parameters ?? {}).map(([Name, value]) => ({ Name, Value: String(value) }));
  return requestPlan(session, pipeline.name, parameters, pipeline.compileFor(session.defaultBucket, session.roleArn).definition);
}

/** The plan of a pipeline as the service holds it (its latest version), or of `definition` when given. */
export async function requestPlan(
  session: Session,
  pipelineName: string,
  parameters: readonly { Name: string; Value: string }[],
  definition?: string,
): Promise<ExecutionPlan> {
  if (!(session instanceof LocalSession)) {
    throw new Error('planning needs the local session: Amazon SageMaker cannot say what a start would reuse. Plan locally with Session.local().');
  }
  const { Steps } = await (
    await session.extras()
  ).call('PlanPipelineExecution', {
    PipelineName: pipelineName,
    PipelineDefinition: definition,
    PipelineParameters: [...parameters],
  });
  return new ExecutionPlan(pipelineName, Steps);
}
