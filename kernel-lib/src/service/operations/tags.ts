/**
 * ListTags: the tags a resource was created with, found by its ARN. The Python SDK reads them when it attaches
 * to a finished job (`Estimator.attach`) and when it updates a resource it made. Pipelines, model package groups,
 * projects and endpoints keep their tags in their rows; the other resources in the resource tag store, written by
 * their create operations (`recordTags`).
 */
import type { Tag } from '@aws-sdk/client-sagemaker';
import type { JobKind } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { missingResource } from '../differences.js';
import { optionalTags, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import type { Output } from '../protocol.js';

const jobKinds: Readonly<Record<string, JobKind>> = {
  'training-job': 'TrainingJob',
  'processing-job': 'ProcessingJob',
  'transform-job': 'TransformJob',
  'hyper-parameter-tuning-job': 'HyperParameterTuningJob',
  model: 'Model',
};

/** Keeps the Tags of a create request for ListTags, for a resource whose table has no tags column. */
export function recordTags(body: RequestBody, arn: string, context: OperationContext): void {
  const tags = optionalTags(body) ?? [];
  if (tags.length > 0) context.store.resourceTags.put(arn, JSON.stringify(tags));
}

/** The resource's tags as JSON, or undefined when this service holds no resource of that ARN. */
export function tagsOf(arn: string, context: OperationContext): string | undefined {
  const parsed = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:([a-z-]+)\/(.+)$/.exec(arn);
  if (parsed === null) return undefined;
  const [, type = '', name = ''] = parsed;
  const { store } = context;
  const stored = (found: { arn: string } | undefined): string | undefined =>
    found === undefined || found.arn.toLowerCase() !== arn.toLowerCase() ? undefined : store.resourceTags.get(found.arn);
  const jobKind = jobKinds[type];
  if (jobKind !== undefined) return stored(store.jobs.get(jobKind, name));
  switch (type) {
    case 'pipeline':
      return store.pipelines
        .list({ sortBy: 'name', offset: 0, limit: Number.MAX_SAFE_INTEGER, descending: false })
        .find((row) => row.arn.toLowerCase() === arn.toLowerCase())?.tags;
    case 'model-package-group':
      return store.modelRegistry.group(name)?.tags;
    case 'project':
      return store.projects.byName(name)?.tags;
    case 'endpoint':
      return store.endpoints.endpoint(name)?.tags;
    case 'endpoint-config':
      return stored(store.endpoints.config(name));
    case 'model-package':
      return stored(store.modelRegistry.package(arn));
    default:
      return undefined;
  }
}

export function listTags(body: RequestBody, context: OperationContext): Output<'SageMaker.ListTags'> {
  const arn = requiredString(body, 'ResourceArn', { max: 256 });
  const window = pageWindow(body, 50, 10000);
  const tags = tagsOf(arn, context);
  if (tags === undefined) throw missingResource('ListTags', `No resource of this service has the ARN ${arn}.`);
  const all = JSON.parse(tags) as Tag[];
  const page = pageOf(all.slice(window.offset, window.offset + window.limit + 1), window);
  return { Tags: page.items, NextToken: page.nextToken };
}
