import type {
  CreateModelPackageGroupOutput,
  DeleteModelPackageGroupInput,
  DescribeModelPackageGroupOutput,
  ListModelPackageGroupsOutput,
  ModelPackageGroupStatus,
  ModelPackageGroupSummary,
} from '@aws-sdk/client-sagemaker';
import type { ModelPackageGroupRecord } from '../../store/index.js';
import { modelPackageGroupArn, nameFromArnOrName } from '../arns.js';
import type { OperationContext } from '../context.js';
import { conflict, validationError } from '../errors.js';
import { optionalEnum, optionalString, optionalTags, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import { listQuery, nameOrArn, orUndefined, resourceName, toDate } from './shared.js';
import { keepTags } from './tags.js';

export function createModelPackageGroup(body: RequestBody, context: OperationContext): CreateModelPackageGroupOutput {
  const name = requiredString(body, 'ModelPackageGroupName', { min: 1, max: 63, pattern: resourceName });
  const description = optionalString(body, 'ModelPackageGroupDescription', { max: 1024 });
  const tags = optionalTags(body) ?? [];
  const arn = modelPackageGroupArn(context.scope, name);
  const created = context.store.modelRegistry.createGroup({
    name,
    arn,
    description: description ?? null,
    createdAt: context.now(),
  });
  // SageMaker reports an existing group as a ValidationException, and clients test for that.
  if (created === undefined) throw validationError(`Model Package Group already exists: ${arn}`);
  keepTags(context, created.arn, tags);
  return { ModelPackageGroupArn: created.arn };
}

export function describeModelPackageGroup(body: RequestBody, context: OperationContext): DescribeModelPackageGroupOutput {
  const group = requireGroup(context, groupName(body, 'ModelPackageGroupName'));
  return { ...groupSummary(group), CreatedBy: {} };
}

export function deleteModelPackageGroup(body: RequestBody, context: OperationContext): Record<string, never> {
  const name: NonNullable<DeleteModelPackageGroupInput['ModelPackageGroupName']> = groupName(body, 'ModelPackageGroupName');
  const outcome = context.store.modelRegistry.deleteGroup(name);
  if (outcome === 'not-found') throw groupNotFound(name);
  if (outcome === 'not-empty') throw conflict(`Model Package Group ${name} still holds model packages; delete them first`);
  return {};
}

export function listModelPackageGroups(body: RequestBody, context: OperationContext): ListModelPackageGroupsOutput {
  const window = pageWindow(body, 50);
  // No group is shared from another account here.
  if (optionalEnum(body, 'CrossAccountFilterOption', ['SameAccount', 'CrossAccount'] as const) === 'CrossAccount') return { ModelPackageGroupSummaryList: [] };
  const rows = context.store.modelRegistry.listGroups({
    ...listQuery(body, window, 63),
  });
  const page = pageOf(rows, window);
  return { ModelPackageGroupSummaryList: page.items.map(groupSummary), NextToken: page.nextToken };
}

/** A group name, or its ARN, read from `member`. */
export function groupName(body: RequestBody, member: string): string {
  return nameFromArnOrName(requiredString(body, member, { min: 1, max: 2048, pattern: nameOrArn }), 'model-package-group');
}

export function requireGroup(context: OperationContext, name: string): ModelPackageGroupRecord {
  const group = context.store.modelRegistry.group(name);
  if (group === undefined) throw groupNotFound(name);
  return group;
}

const groupNotFound = (name: string): Error => validationError(`ModelPackageGroup ${name} does not exist.`);

function groupSummary(group: ModelPackageGroupRecord): ModelPackageGroupSummary {
  return {
    ModelPackageGroupName: group.name,
    ModelPackageGroupArn: group.arn,
    ModelPackageGroupDescription: orUndefined(group.description),
    CreationTime: toDate(group.createdAt),
    ModelPackageGroupStatus: group.status as ModelPackageGroupStatus,
  };
}
