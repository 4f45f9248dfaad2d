/** What a job's Describe document echoes of its request, in the shapes SageMaker's service model allows. */
import type { Json, JsonObject } from '../definition.js';
import { optionalObject } from './values.js';

/**
 * The jobs the engine records, and the members their Describe documents give their start, end and last change in
 * (DescribeTransformJob has no LastModifiedTime).
 */
export type RecordedJob = 'TrainingJob' | 'ProcessingJob' | 'TransformJob' | 'HyperParameterTuningJob';
export const jobTimeMembers: Readonly<Record<RecordedJob, { readonly start?: string; readonly end: string; readonly modified?: string }>> = {
  TrainingJob: { start: 'TrainingStartTime', end: 'TrainingEndTime', modified: 'LastModifiedTime' },
  ProcessingJob: { start: 'ProcessingStartTime', end: 'ProcessingEndTime', modified: 'LastModifiedTime' },
  TransformJob: { start: 'TransformStartTime', end: 'TransformEndTime' },
  HyperParameterTuningJob: { end: 'HyperParameterTuningEndTime', modified: 'LastModifiedTime' },
};

/** A job's Describe document once it failed for `reason` at `endedAt` (epoch seconds); a training job's secondary status too. */
export function failedJobDocument(job: RecordedJob, document: JsonObject, reason: string, endedAt: number): JsonObject {
  return {
    ...document,
    [`${job}Status`]: 'Failed',
    ...(job === 'TrainingJob' ? { SecondaryStatus: 'Failed' } : {}),
    FailureReason: reason,
    [jobTimeMembers[job].end]: endedAt,
  };
}

const isEmpty = (value: Json | undefined): boolean =>
  value === undefined || value === null || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value).length === 0);

/**
 * The members that have a value. The model has no null, and an empty list or object is often below its minimum
 * (`InputDataConfig: []`) or misses a required member (`ProcessingOutputConfig: {}` without Outputs).
 */
export function presentMembers(members: Record<string, Json | undefined>): JsonObject {
  return Object.fromEntries(Object.entries(members).filter(([, value]) => !isEmpty(value))) as JsonObject;
}

/** SageMaker's default when a request gives none: one day. The member is required in every Describe. */
export function stoppingConditionOf(given: Json | undefined): JsonObject {
  const condition = optionalObject(given);
  return isEmpty(condition) ? { MaxRuntimeInSeconds: 86400 } : condition;
}

/**
 * The output location as DescribeTrainingJob gives it: with KmsKeyId, empty when the request named no key (the Python
 * SDK's `Estimator.attach` reads the member unguarded), and SageMaker's default compression.
 */
export function outputDataConfigOf(given: Json | undefined): JsonObject {
  return { KmsKeyId: '', CompressionType: 'GZIP', ...optionalObject(given) };
}

/**
 * A training job's SecondaryStatusTransitions as the job goes: each status from when it began, ended when the next
 * begins; a last status (Completed, Failed, Stopped) ends where it begins. Each call answers the list so far.
 */
export class StatusTransitions {
  private readonly list: JsonObject[] = [];

  constructor(status: string, at: number, message: string) {
    this.to(status, at, message);
  }

  to(status: string, at: number, message: string, last = false): JsonObject[] {
    const current = this.list[this.list.length - 1];
    if (current !== undefined) current.EndTime = at;
    this.list.push({ Status: status, StartTime: at, ...(last ? { EndTime: at } : {}), StatusMessage: message });
    return this.all();
  }

  all(): JsonObject[] {
    return this.list.map((entry) => ({ ...entry }));
  }
}

/** One instance with SageMaker's default volume, unless the request says otherwise (VolumeSizeInGB is required). */
export function instanceResourcesOf(given: Json | undefined): JsonObject {
  return { InstanceCount: 1, VolumeSizeInGB: 30, ...optionalObject(given) };
}
