/**
 * CreateTransformJob outside a pipeline (the Python SDK's `Transformer.transform`): the engine serves the model
 * and scores every object under the input prefix, as a pipeline's Transform step does; Describe and List are
 * shared with the jobs pipelines run (jobs.ts).
 */
import type { CreateTransformJobResponse } from '@aws-sdk/client-sagemaker';
import type { JsonObject } from '../../engine/index.js';
import { modelArn } from '../arns.js';
import type { OperationContext } from '../context.js';
import { validationError } from '../errors.js';
import { optionalEnum, optionalObject, requiredString, type RequestBody } from '../input.js';
import { recordTags } from './tags.js';

const jobNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export function createTransformJob(body: RequestBody, context: OperationContext): CreateTransformJobResponse {
  const name = requiredString(body, 'TransformJobName', { min: 1, max: 63, pattern: jobNamePattern });
  const modelName = requiredString(body, 'ModelName', { min: 1, max: 63, pattern: jobNamePattern });
  optionalEnum(body, 'BatchStrategy', ['MultiRecord', 'SingleRecord'] as const);
  for (const member of ['TransformInput', 'TransformOutput', 'TransformResources']) {
    if (optionalObject(body, member) === undefined)
      throw validationError(
        `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
      );
  }
  const arn = `arn:aws:sagemaker:${context.scope.region}:${context.scope.account}:transform-job/${name.toLowerCase()}`;
  if (context.store.jobs.get('TransformJob', name) !== undefined)
    throw validationError(`Job name must be unique within an AWS account and region, and a job with this name already exists (${arn})`);
  if (context.store.jobs.get('Model', modelName) === undefined) throw validationError(`Could not find model "${modelArn(context.scope, modelName)}".`);
  context.engine.startTransformJob(body as JsonObject, name, arn);
  recordTags(body, arn, context);
  return { TransformJobArn: arn };
}
