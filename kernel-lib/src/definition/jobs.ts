/** The job behind a step: which kind a step type runs, and which one an execution's step ran (from its Metadata). */

export type JobKind = 'ProcessingJob' | 'TrainingJob' | 'TransformJob' | 'TuningJob' | 'AutoMLJob';

export const jobKinds: readonly JobKind[] = ['ProcessingJob', 'TrainingJob', 'TransformJob', 'TuningJob', 'AutoMLJob'];

const jobKindOfStepType: Readonly<Record<string, JobKind>> = {
  Processing: 'ProcessingJob',
  Training: 'TrainingJob',
  Transform: 'TransformJob',
  Tuning: 'TuningJob',
  AutoML: 'AutoMLJob',
};

/** The kind of job a step of this type runs, or undefined for a step that runs none (Condition, Model, Fail…). */
export function jobKindOf(stepType: string): JobKind | undefined {
  return jobKindOfStepType[stepType];
}

export interface StepJob {
  readonly kind: JobKind;
  readonly arn: string;
  /** The last part of the ARN: what Describe*Job and the local job log take. */
  readonly name: string;
}

/** A step's Metadata as ListPipelineExecutionSteps returns it, as far as jobs go. */
export type JobMetadata = { readonly [kind in JobKind]?: { readonly Arn?: string } };

/** The job a step ran, from its Metadata (`{ProcessingJob: {Arn}}` and the like). */
export function jobOf(step: { readonly Metadata?: JobMetadata } | undefined): StepJob | undefined {
  const metadata = step?.Metadata;
  if (metadata === undefined) return undefined;
  for (const kind of jobKinds) {
    const arn = metadata[kind]?.Arn;
    if (arn) return { kind, arn, name: arn.slice(arn.lastIndexOf('/') + 1) };
  }
  return undefined;
}
