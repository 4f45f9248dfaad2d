/**
 * A plan shown on a pipeline's graph before starting: each step greyed "cached" (and from which execution) or
 * highlighted "will run" with its reason, as the service's engine decides it (SluiceLocal.PlanPipelineExecution).
 */
import { plannedStepText, runReasonText, type PlannedStep } from 'sluice/definition';
import type { ServiceClient } from '../api/operations';

/** How a step looks in a plan. */
export type PlannedState = 'cached' | 'run' | 'notRun';

export interface GraphPlan {
  readonly steps: readonly PlannedStep[];
  stateOf(stepName: string): PlannedState | undefined;
  /** `will run: hyperparameter max_depth changed 5 → 7`, `cache hit from execution <id> (step Train)`. */
  textOf(stepName: string): string | undefined;
  /** `2 steps will run, 1 cached`. */
  readonly summary: string;
}

const stateOfDecision: Record<PlannedStep['Decision'], PlannedState> = { CacheHit: 'cached', Run: 'run', NotRun: 'notRun' };

/** Asks the service what starting the pipeline's latest version with these values would do. */
export async function loadPlan(client: ServiceClient, pipelineName: string, values: Readonly<Record<string, string>> = {}): Promise<GraphPlan> {
  const { Steps } = await client.call('SluiceLocal.PlanPipelineExecution', {
    PipelineName: pipelineName,
    PipelineParameters: Object.entries(values).map(([Name, Value]) => ({ Name, Value })),
  });
  return graphPlan(Steps);
}

export function graphPlan(steps: readonly PlannedStep[]): GraphPlan {
  const byName = new Map(steps.map((step) => [step.StepName, step]));
  const count = (state: PlannedState) => steps.filter((step) => stateOfDecision[step.Decision] === state).length;
  const run = count('run');
  return {
    steps,
    stateOf: (name) => {
      const step = byName.get(name);
      return step === undefined ? undefined : stateOfDecision[step.Decision];
    },
    textOf: (name) => {
      const step = byName.get(name);
      return step === undefined ? undefined : plannedStepText(step);
    },
    summary: `${run} ${run === 1 ? 'step' : 'steps'} will run, ${count('cached')} cached`,
  };
}

/** `ran because: hyperparameter max_depth changed 5 → 7`, for a step pane. */
export function ranBecauseText(reason: Parameters<typeof runReasonText>[0]): string {
  return `ran because: ${runReasonText(reason)}`;
}
