/**
 * Tags of every resource, by ARN, in one store (resource_tags): what a create request gave, changed by AddTags and
 * DeleteTags, read by ListTags and Search. The Python SDK reads them when it attaches to a finished job
 * (`Estimator.attach`), and `pipeline.upsert(tags=…)` of an existing pipeline merges its tags with AddTags.
 */
import type { JobKind } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { missingResource } from '../differences.js';
import { validationError } from '../errors.js';
import { constraintError, optionalArray, optionalTags, requiredString, type RequestBody, type Tag } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import type { Output } from '../protocol.js';

/** SageMaker's limit on the tags of one resource. */
const maxTags = 50;

const jobKinds: Readonly<Record<string, JobKind>> = {
  'training-job': 'TrainingJob',
  'processing-job': 'ProcessingJob',
  'transform-job': 'TransformJob',
  'hyper-parameter-tuning-job': 'HyperParameterTuningJob',
  model: 'Model',
};

/** Sets a new resource's tags (a resource made again under an old ARN does not inherit the old tags). */
export function keepTags(context: OperationContext, arn: string, tags: readonly Tag[]): void {
  if (tags.length === 0) context.store.resourceTags.delete(arn);
  else context.store.resourceTags.put(arn, JSON.stringify(tags));
}

/** keepTags with the Tags of a create request. */
export function recordTags(body: RequestBody, arn: string, context: OperationContext): void {
  keepTags(context, arn, optionalTags(body) ?? []);
}

/** The resource's tags. */
export function tagList(context: OperationContext, arn: string): Tag[] {
  return JSON.parse(context.store.resourceTags.get(arn)) as Tag[];
}

/** The ARN of the resource the given ARN names as this service stores it (names match regardless of case), or undefined. */
export function resourceOf(arn: string, context: OperationContext): string | undefined {
  const parsed = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:([a-z-]+)\/(.+)$/.exec(arn);
  if (parsed === null) return undefined;
  const [, type = '', name = ''] = parsed;
  const { store } = context;
  const jobKind = jobKinds[type];
  const found = (() => {
    if (jobKind !== undefined) return store.jobs.get(jobKind, name);
    switch (type) {
      case 'pipeline':
        return store.pipelines.get(name);
      case 'model-package-group':
        return store.modelRegistry.group(name);
      case 'project':
        return store.projects.byName(name);
      case 'endpoint':
        return store.endpoints.endpoint(name);
      case 'endpoint-config':
        return store.endpoints.config(name);
      case 'model-package':
        return store.modelRegistry.package(arn);
      case 'experiment':
        return store.experiments.experiment(name);
      case 'experiment-trial':
        return store.experiments.trial(name);
      case 'experiment-trial-component':
        return store.lineage.entity(arn.toLowerCase());
      default:
        return undefined;
    }
  })();
  return found === undefined || found.arn.toLowerCase() !== arn.toLowerCase() ? undefined : found.arn;
}

function requiredResource(operation: string, body: RequestBody, context: OperationContext): string {
  const arn = requiredString(body, 'ResourceArn', { max: 256 });
  const stored = resourceOf(arn, context);
  if (stored === undefined) throw missingResource(operation, `No resource of this service has the ARN ${arn}.`);
  return stored;
}

export function listTags(body: RequestBody, context: OperationContext): Output<'SageMaker.ListTags'> {
  const arn = requiredResource('ListTags', body, context);
  const window = pageWindow(body, 50, 10000);
  const all = tagList(context, arn);
  const page = pageOf(all.slice(window.offset, window.offset + window.limit + 1), window);
  return { Tags: page.items, NextToken: page.nextToken };
}

/** Adds tags, a tag of a key the resource has replacing its value; answers with the tags added. */
export function addTags(body: RequestBody, context: OperationContext): Output<'SageMaker.AddTags'> {
  const arn = requiredResource('AddTags', body, context);
  const added = optionalTags(body);
  if (added === undefined) throw constraintError('tags', 'null', 'Member must not be null');
  const keys = new Set(added.map((tag) => tag.Key));
  const tags = [...tagList(context, arn).filter((tag) => !keys.has(tag.Key)), ...added];
  if (tags.length > maxTags) throw validationError(`A resource has at most ${maxTags} tags; these would give ${arn} ${tags.length}.`);
  keepTags(context, arn, tags);
  return { Tags: added };
}

export function deleteTags(body: RequestBody, context: OperationContext): Output<'SageMaker.DeleteTags'> {
  const arn = requiredResource('DeleteTags', body, context);
  const keys = optionalArray(body, 'TagKeys', { max: maxTags });
  if (keys === undefined || keys.length === 0)
    throw constraintError('tagKeys', keys === undefined ? 'null' : '[]', 'Member must have length greater than or equal to 1');
  const removed = new Set(keys.map((key) => String(key)));
  keepTags(
    context,
    arn,
    tagList(context, arn).filter((tag) => !removed.has(String(tag.Key))),
  );
  return {};
}
