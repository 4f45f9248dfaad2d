/**
 * CreateTrainingJob, CreateProcessingJob and their Stop operations: jobs outside a pipeline (the Python SDK's
 * `estimator.fit()` and `processor.run()` with a plain Session, and its `@remote` functions). They run on the engine
 * as a pipeline's Training and Processing steps do; Describe, List and their logs are shared with those (jobs.ts,
 * logs.ts).
 */
import type { JsonObject, StandaloneKind } from '../../engine/index.js';
import type { OperationContext } from '../context.js';
import { missingResource } from '../differences.js';
import { validationError } from '../errors.js';
import { constraintError, optionalObject, requiredString, type RequestBody } from '../input.js';
import type { Output } from '../protocol.js';

const jobNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

interface JobShape {
  readonly kind: StandaloneKind;
  readonly job: 'TrainingJob' | 'ProcessingJob';
  readonly arnKind: string;
  /** Members SageMaker requires beside the name and the role. */
  readonly required: readonly string[];
}

const training: JobShape = {
  kind: 'Training',
  job: 'TrainingJob',
  arnKind: 'training-job',
  required: ['AlgorithmSpecification', 'OutputDataConfig', 'ResourceConfig', 'StoppingCondition'],
};
const processing: JobShape = { kind: 'Processing', job: 'ProcessingJob', arnKind: 'processing-job', required: ['ProcessingResources', 'AppSpecification'] };

function create(shape: JobShape, body: RequestBody, context: OperationContext): string {
  const name = requiredString(body, `${shape.job}Name`, { min: 1, max: 63, pattern: jobNamePattern });
  requiredString(body, 'RoleArn', { min: 20, max: 2048 });
  for (const member of shape.required) if (optionalObject(body, member) === undefined) throw constraintError(member, undefined, 'Member must not be null');
  const arn = `arn:aws:sagemaker:${context.scope.region}:${context.scope.account}:${shape.arnKind}/${name.toLowerCase()}`;
  if (context.store.jobs.get(shape.job, name) !== undefined)
    throw validationError(`Job name must be unique within an AWS account and region, and a job with this name already exists (${arn})`);
  context.engine.startJob(shape.kind, body as JsonObject, name, arn);
  return arn;
}

function stop(shape: JobShape, body: RequestBody, context: OperationContext): Record<string, never> {
  const name = requiredString(body, `${shape.job}Name`, { min: 1, max: 63, pattern: jobNamePattern });
  const job = context.store.jobs.get(shape.job, name);
  const label = shape.kind === 'Training' ? 'Training job' : 'Processing job';
  if (job === undefined) throw missingResource(`Stop${shape.job}`, `${label} ${name} does not exist.`);
  if (!context.engine.stopJob(shape.kind, job.name)) {
    throw validationError(`The ${label.toLowerCase()} ${name} is not in progress (its status is ${job.status ?? 'unknown'}), so it cannot be stopped.`);
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
