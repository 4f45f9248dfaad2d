/** The job behind a pipeline step, found from the step's metadata as SageMaker records it. */
import type { PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../session/execution.js';

export type JobKind = 'ProcessingJob' | 'TrainingJob' | 'TransformJob' | 'TuningJob';

export interface StepJob {
  readonly kind: JobKind;
  readonly arn: string;
  /** The last part of the ARN: what Describe*Job and the local job log take. */
  readonly name: string;
}

export function jobOf(step: PipelineExecutionStep): StepJob | undefined {
  const metadata = step.Metadata;
  const candidates: [JobKind, string | undefined][] = [
    ['ProcessingJob', metadata?.ProcessingJob?.Arn],
    ['TrainingJob', metadata?.TrainingJob?.Arn],
    ['TransformJob', metadata?.TransformJob?.Arn],
    ['TuningJob', metadata?.TuningJob?.Arn],
  ];
  for (const [kind, arn] of candidates) if (arn !== undefined) return { kind, arn, name: arn.slice(arn.lastIndexOf('/') + 1) };
  return undefined;
}

/** The step by name; a ModelStep's name also finds its `<name>-RegisterModel` / `<name>-CreateModel` step. */
export async function findStep(execution: PipelineExecution, stepName: string): Promise<PipelineExecutionStep> {
  const steps = await execution.listSteps();
  // The newest record of the step: after a retry the step is listed again.
  const matches = steps.filter((step) => step.StepName === stepName || step.StepName?.startsWith(`${stepName}-`));
  const step = matches.at(-1);
  if (step === undefined) {
    const names = [...new Set(steps.map((candidate) => candidate.StepName))].join(', ');
    throw new Error(`No step "${stepName}" in this execution (yet). Its steps: ${names || 'none has started'}`);
  }
  return step;
}
