/**
 * CreateTrainingJob, CreateProcessingJob, CreateHyperParameterTuningJob and their Stop operations: jobs outside a
 * pipeline (the Python SDK's `estimator.fit()`, `processor.run()` and `tuner.fit()` with a plain Session, and its
 * `@remote` functions). They run on the engine as a pipeline's Training, Processing and Tuning steps do; Describe,
 * List and their logs are shared with those (jobs.ts, logs.ts).
 */
import { standaloneJobs, type JsonObject, type StandaloneKind } from '../../engine/index.js';
import type { OperationContext } from '../context.js';
import { missingResource } from '../differences.js';
import { validationError } from '../errors.js';
import { constraintError, optionalObject, requiredString, type RequestBody } from '../input.js';
import type { Output } from '../protocol.js';
import { recordTags } from './tags.js';

const jobNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

interface JobShape {
  readonly kind: StandaloneKind;
  readonly arnKind: string;
  /** How Stop's errors name the job. */
  readonly label: string;
  /** A tuning job's name is at most 32 characters, the others' 63. */
  readonly maxName: number;
  /** Members SageMaker requires beside the name (and, for all but tuning, the role). */
  readonly required: readonly string[];
  readonly role: boolean;
}

const training: JobShape = {
  kind: 'Training',
  arnKind: 'training-job',
  label: 'Training job',
  maxName: 63,
  required: ['AlgorithmSpecification', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition'],
  role: true,
};
const processing: JobShape = {
  kind: 'Processing',
  arnKind: 'processing-job',
  label: 'Processing job',
  maxName: 63,
  required: ['ProcessingResources', 'AppSpecification'],
  role: true,
};
// TrainingJobDefinitions (several definitions) is refused by the runner, naming it.
const tuning: JobShape = {
  kind: 'Tuning',
  arnKind: 'hyper-parameter-tuning-job',
  label: 'Hyperparameter tuning job',
  maxName: 32,
  required: ['HyperParameterTuningJobConfig'],
  role: false,
};

function create(shape: JobShape, body: RequestBody, context: OperationContext): string {
  const job = standaloneJobs[shape.kind];
  const name = requiredString(body, `${job}Name`, { min: 1, max: shape.maxName, pattern: jobNamePattern });
  if (shape.role) requiredString(body, 'RoleArn', { min: 20, max: 2048 });
  for (const member of shape.required) if (optionalObject(body, member) === undefined) throw constraintError(member, undefined, 'Member must not be null');
  const arn = `arn:aws:sagemaker:${context.scope.region}:${context.scope.account}:${shape.arnKind}/${name.toLowerCase()}`;
  if (context.store.jobs.get(job, name) !== undefined)
    throw validationError(`Job name must be unique within an AWS account and region, and a job with this name already exists (${arn})`);
  context.engine.startJob(shape.kind, body as JsonObject, name, arn);
  recordTags(body, arn, context);
  return arn;
}

function stop(shape: JobShape, body: RequestBody, context: OperationContext): Record<string, never> {
  const job = standaloneJobs[shape.kind];
  const name = requiredString(body, `${job}Name`, { min: 1, max: shape.maxName, pattern: jobNamePattern });
  const record = context.store.jobs.get(job, name);
  if (record === undefined) throw missingResource(`Stop${job}`, `${shape.label} ${name} does not exist.`);
  if (!context.engine.stopJob(shape.kind, record.name)) {
    throw validationError(
      `The ${shape.label.toLowerCase()} ${name} is not in progress (its status is ${record.status ?? 'unknown'}), so it cannot be stopped.`,
    );
  }
  return {};
}

export function createTrainingJob(body: RequestBody, context: OperationContext): Output<'SageMaker.CreateTrainingJob'> {
  return { TrainingJobArn: create(training, body, context) };
}

export function createProcessingJob(body: RequestBody, context: OperationContext): Output<'SageMaker.CreateProcessingJob'> {
  return { ProcessingJobArn: create(processing, body, context) };
}

export function stopTrainingJob(body: RequestBody, context: OperationContext): Output<'SageMaker.StopTrainingJob'> {
  return stop(training, body, context);
}

export function stopProcessingJob(body: RequestBody, context: OperationContext): Output<'SageMaker.StopProcessingJob'> {
  return stop(processing, body, context);
}

export function createHyperParameterTuningJob(body: RequestBody, context: OperationContext): Output<'SageMaker.CreateHyperParameterTuningJob'> {
  return { HyperParameterTuningJobArn: create(tuning, body, context) };
}

export function stopHyperParameterTuningJob(body: RequestBody, context: OperationContext): Output<'SageMaker.StopHyperParameterTuningJob'> {
  return stop(tuning, body, context);
}
