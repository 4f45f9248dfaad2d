import type {
  CreateModelPackageOutput,
  DescribeModelPackageOutput,
  InferenceSpecification,
  ListModelPackagesOutput,
  ModelApprovalStatus,
  ModelPackageStatus,
  ModelPackageSummary,
  UpdateModelPackageOutput,
} from '@aws-sdk/client-sagemaker';
import type { ModelPackageRecord } from '../../store/index.js';
import { unversionedModelPackageArn, versionedModelPackageArn } from '../arns.js';
import type { OperationContext } from '../context.js';
import { validationError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { optionalArray, optionalEnum, optionalObject, optionalString, optionalStringMap, optionalTags, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import { modelPackageEvent } from '../schedules/triggers.js';
import { groupName, requireGroup } from './model-package-groups.js';
import { recordTags } from './tags.js';
import { recordModelPackage } from '../lineage/record.js';
import type { JsonObject } from '../../engine/index.js';
import { clientTokenRules, listQuery, orUndefined, resourceName, toDate } from './shared.js';

const approvalStatuses = ['Approved', 'Rejected', 'PendingManualApproval'] as const;

/**
 * One entry of a version's activity: its registration and every change of approval or approval comment,
 * what Studio's Activity tab lists. Times are epoch milliseconds, as the store keeps them.
 */
interface ActivityEvent {
  Time: number;
  Event: 'Registered' | 'ApprovalStatusChanged' | 'ApprovalCommentChanged';
  From?: string;
  To?: string;
  Comment?: string;
}

/**
 * The fields of a package that the store keeps as one JSON document (the rest are columns), plus its activity,
 * which SageMaker does not describe (SluiceLocal.ListModelPackageActivity reads it).
 */
type PackageDocument = { SluiceActivity?: ActivityEvent[] } & Omit<
  DescribeModelPackageOutput,
  | 'ModelPackageName'
  | 'ModelPackageGroupName'
  | 'ModelPackageVersion'
  | 'ModelPackageArn'
  | 'ModelPackageDescription'
  | 'CreationTime'
  | 'LastModifiedTime'
  | 'ModelPackageStatus'
  | 'ModelApprovalStatus'
>;

const registrationTypes = ['Logged', 'Registered'] as const;

/** Free-form structures kept as the client sent them (checked to be objects or lists only). */
const objectMembers = [
  'ValidationSpecification',
  'SourceAlgorithmSpecification',
  'MetadataProperties',
  'ModelMetrics',
  'DriftCheckBaselines',
  'SecurityConfig',
  'ModelCard',
  'ModelLifeCycle',
] as const;

export function createModelPackage(body: RequestBody, context: OperationContext): CreateModelPackageOutput {
  const groupMember = body['ModelPackageGroupName'] === undefined ? undefined : groupName(body, 'ModelPackageGroupName');
  const packageName = optionalString(body, 'ModelPackageName', { min: 1, max: 63, pattern: resourceName });
  if ((groupMember === undefined) === (packageName === undefined)) {
    throw validationError('Specify exactly one of ModelPackageGroupName (a versioned package) and ModelPackageName (an unversioned one)');
  }
  const description = optionalString(body, 'ModelPackageDescription', { max: 1024 });
  const approval = optionalEnum(body, 'ModelApprovalStatus', approvalStatuses);
  // Accepted as SageMaker's values and not used: every package here is registered, stored on this machine.
  optionalEnum(body, 'ModelPackageRegistrationType', registrationTypes);
  optionalEnum(body, 'ManagedStorageType', ['Restricted'] as const);
  const token = optionalString(body, 'ClientToken', clientTokenRules);
  optionalTags(body);
  const document: PackageDocument = {
    ...readObjects(body),
    InferenceSpecification: readInferenceSpecification(body),
    CertifyForMarketplace: body['CertifyForMarketplace'] === true ? true : undefined,
    Domain: optionalString(body, 'Domain'),
    Task: optionalString(body, 'Task'),
    SamplePayloadUrl: optionalString(body, 'SamplePayloadUrl', { max: 1024 }),
    SourceUri: optionalString(body, 'SourceUri', { max: 1024 }),
    CustomerMetadataProperties: optionalStringMap(body, 'CustomerMetadataProperties'),
    AdditionalInferenceSpecifications: optionalArray(body, 'AdditionalInferenceSpecifications', {
      max: 15,
    }) as PackageDocument['AdditionalInferenceSpecifications'],
    SkipModelValidation: optionalEnum(body, 'SkipModelValidation', ['All', 'None'] as const),
    ModelPackageStatusDetails: { ValidationStatuses: [], ImageScanStatuses: [] },
    CreatedBy: {},
    SluiceActivity: [{ Time: context.now(), Event: 'Registered', To: approval ?? (groupMember !== undefined ? 'PendingManualApproval' : undefined) }],
  };
  const response = idempotent(context, 'CreateModelPackage', token, body, () => {
    const fields = {
      name: '',
      groupName: null,
      approvalStatus: null,
      status: 'Completed',
      description: description ?? null,
      document: JSON.stringify(document),
      createdAt: context.now(),
    };
    if (groupMember !== undefined) {
      const group = requireGroup(context, groupMember);
      // A versioned package starts PendingManualApproval unless the client says otherwise, as on SageMaker.
      const created = context.store.modelRegistry.createVersioned(
        { ...fields, groupName: group.name, approvalStatus: approval ?? 'PendingManualApproval' },
        (version) => versionedModelPackageArn(context.scope, group.name, version),
      );
      if (created === undefined) throw validationError(`ModelPackageGroup ${groupMember} does not exist.`);
      if (approval === 'Approved') context.events.publish(modelPackageEvent(context, describeModelPackage({ ModelPackageName: created.arn }, context)));
      return { ModelPackageArn: created.arn };
    }
    const arn = unversionedModelPackageArn(context.scope, packageName!);
    const created = context.store.modelRegistry.createUnversioned({ ...fields, name: packageName!, approvalStatus: approval ?? null }, arn);
    if (created === undefined) throw validationError(`Model Package already exists: ${arn}`);
    return { ModelPackageArn: created.arn };
  });
  recordPackageLineage(context, String(response.ModelPackageArn));
  recordTags(body, String(response.ModelPackageArn), context);
  return response;
}

export function describeModelPackage(body: RequestBody, context: OperationContext): DescribeModelPackageOutput {
  const pkg = requirePackage(context, requiredString(body, 'ModelPackageName', { min: 1, max: 2048 }));
  // Both levels answer with everything: there is nothing here too large to leave out.
  optionalEnum(body, 'IncludedData', ['AllData', 'MetadataOnly'] as const);
  const { SluiceActivity: _activity, ...document } = JSON.parse(pkg.document) as PackageDocument;
  return {
    ModelPackageName: pkg.name,
    ModelPackageGroupName: orUndefined(pkg.groupName),
    ModelPackageVersion: orUndefined(pkg.version),
    ModelPackageArn: pkg.arn,
    ModelPackageDescription: orUndefined(pkg.description),
    CreationTime: toDate(pkg.createdAt),
    LastModifiedTime: toDate(pkg.modifiedAt),
    ModelPackageStatus: pkg.status as ModelPackageStatus,
    ModelApprovalStatus: orUndefined(pkg.approvalStatus) as ModelApprovalStatus | undefined,
    ...document,
  };
}

export function updateModelPackage(body: RequestBody, context: OperationContext): UpdateModelPackageOutput {
  const arn = requiredString(body, 'ModelPackageArn', { min: 1, max: 2048 });
  const approval = optionalEnum(body, 'ModelApprovalStatus', approvalStatuses);
  optionalEnum(body, 'ModelPackageRegistrationType', registrationTypes);
  const approvalDescription = optionalString(body, 'ApprovalDescription', { max: 1024 });
  const metadata = optionalStringMap(body, 'CustomerMetadataProperties');
  const toRemove = optionalArray(body, 'CustomerMetadataPropertiesToRemove') ?? [];
  const toAdd = optionalArray(body, 'AdditionalInferenceSpecificationsToAdd', { max: 15 }) ?? [];
  const inference = body['InferenceSpecification'] === undefined ? undefined : readInferenceSpecification(body);
  return context.store.transaction(() => {
    const pkg = requirePackage(context, arn);
    const document = JSON.parse(pkg.document) as PackageDocument;
    const properties = { ...document.CustomerMetadataProperties, ...metadata };
    const activity = [...(document.SluiceActivity ?? [])];
    const time = context.now();
    const comment = approvalDescription?.trim() === '' ? undefined : approvalDescription;
    if (approval !== undefined && approval !== pkg.approvalStatus) {
      activity.push({ Time: time, Event: 'ApprovalStatusChanged', From: orUndefined(pkg.approvalStatus), To: approval, Comment: comment });
    } else if (comment !== undefined && comment !== document.ApprovalDescription) {
      activity.push({ Time: time, Event: 'ApprovalCommentChanged', To: orUndefined(pkg.approvalStatus), Comment: comment });
    }
    for (const key of toRemove) if (typeof key === 'string') delete properties[key];
    const updated: PackageDocument = {
      ...document,
      ...readObjects(body, ['ModelCard', 'ModelLifeCycle']),
      ApprovalDescription: approvalDescription ?? document.ApprovalDescription,
      CustomerMetadataProperties: Object.keys(properties).length === 0 ? undefined : properties,
      InferenceSpecification: inference ?? document.InferenceSpecification,
      SourceUri: optionalString(body, 'SourceUri', { max: 1024 }) ?? document.SourceUri,
      AdditionalInferenceSpecifications:
        toAdd.length === 0 ? document.AdditionalInferenceSpecifications : [...(document.AdditionalInferenceSpecifications ?? []), ...(toAdd as [])],
      LastModifiedBy: {},
      SluiceActivity: activity,
    };
    context.store.modelRegistry.updatePackage(pkg.arn, { approvalStatus: approval ?? pkg.approvalStatus, document: JSON.stringify(updated) }, time);
    // Published once the transaction commits: triggers waiting for an approved version start their pipelines.
    if (approval === 'Approved' && pkg.approvalStatus !== 'Approved' && pkg.groupName !== null) {
      context.events.publish(modelPackageEvent(context, describeModelPackage({ ModelPackageName: pkg.arn }, context)));
    }
    recordPackageLineage(context, pkg.arn);
    return { ModelPackageArn: pkg.arn };
  });
}

/** The version's lineage (its artifact, its containers', its group's context, its approval), recorded again after each change. */
function recordPackageLineage(context: OperationContext, arn: string): void {
  const pkg = context.store.modelRegistry.package(arn);
  if (pkg === undefined) return;
  const { InferenceSpecification: inference } = JSON.parse(pkg.document) as PackageDocument;
  recordModelPackage(context, {
    arn: pkg.arn,
    groupName: pkg.groupName,
    version: pkg.version,
    approvalStatus: pkg.approvalStatus,
    containers: (inference?.Containers ?? []) as unknown as JsonObject[],
  });
}

/** SluiceLocal.ListModelPackageActivity: a version's registration and approval changes, oldest first. */
export function listModelPackageActivity(
  body: RequestBody,
  context: OperationContext,
): { ModelPackageArn: string; Events: (Omit<ActivityEvent, 'Time'> & { Time: Date })[] } {
  const pkg = requirePackage(context, requiredString(body, 'ModelPackageName', { min: 1, max: 2048 }));
  const { SluiceActivity: events = [] } = JSON.parse(pkg.document) as PackageDocument;
  return { ModelPackageArn: pkg.arn, Events: events.map((event) => ({ ...event, Time: toDate(event.Time) })) };
}

export function deleteModelPackage(body: RequestBody, context: OperationContext): Record<string, never> {
  const pkg = requirePackage(context, requiredString(body, 'ModelPackageName', { min: 1, max: 2048 }));
  context.store.modelRegistry.deletePackage(pkg.arn);
  return {};
}

export function listModelPackages(body: RequestBody, context: OperationContext): ListModelPackagesOutput {
  const window = pageWindow(body, 50);
  const kind = optionalEnum(body, 'ModelPackageType', ['Versioned', 'Unversioned', 'Both'] as const) ?? 'Both';
  const rows = context.store.modelRegistry.listPackages({
    groupName: body['ModelPackageGroupName'] === undefined ? undefined : groupName(body, 'ModelPackageGroupName'),
    approvalStatus: optionalEnum(body, 'ModelApprovalStatus', approvalStatuses),
    kind: kind === 'Versioned' ? 'versioned' : kind === 'Unversioned' ? 'unversioned' : 'both',
    ...listQuery(body, window, 63),
  });
  const page = pageOf(rows, window);
  return { ModelPackageSummaryList: page.items.map(packageSummary), NextToken: page.nextToken };
}

/** ModelPackageName is an unversioned package's name or any package's ARN. */
function requirePackage(context: OperationContext, nameOrArn: string): ModelPackageRecord {
  // The service writes every ARN in lower case.
  const arn = nameOrArn.startsWith('arn:') ? nameOrArn.toLowerCase() : unversionedModelPackageArn(context.scope, nameOrArn);
  const pkg = context.store.modelRegistry.package(arn);
  if (pkg === undefined) throw validationError(`ModelPackage ${nameOrArn} does not exist.`);
  return pkg;
}

function packageSummary(pkg: ModelPackageRecord): ModelPackageSummary {
  return {
    ModelPackageName: pkg.name,
    ModelPackageGroupName: orUndefined(pkg.groupName),
    ModelPackageVersion: orUndefined(pkg.version),
    ModelPackageArn: pkg.arn,
    ModelPackageDescription: orUndefined(pkg.description),
    CreationTime: toDate(pkg.createdAt),
    ModelPackageStatus: pkg.status as ModelPackageStatus,
    ModelApprovalStatus: orUndefined(pkg.approvalStatus) as ModelApprovalStatus | undefined,
  };
}

/** SageMaker requires at least one container with an image. */
function readInferenceSpecification(body: RequestBody): InferenceSpecification | undefined {
  const spec = optionalObject(body, 'InferenceSpecification');
  if (spec === undefined) return undefined;
  const containers = optionalArray(spec, 'Containers', { max: 15 });
  if (containers === undefined || containers.length === 0) throw validationError('InferenceSpecification.Containers must list at least one container');
  for (const container of containers) {
    if (typeof container !== 'object' || container === null || typeof (container as RequestBody)['Image'] !== 'string') {
      throw validationError('Each InferenceSpecification container needs an Image');
    }
  }
  return spec as unknown as InferenceSpecification;
}

function readObjects(body: RequestBody, members: readonly (typeof objectMembers)[number][] = objectMembers): Partial<PackageDocument> {
  const result: Record<string, unknown> = {};
  for (const member of members) {
    const value = optionalObject(body, member);
    if (value !== undefined) result[member] = value;
  }
  return result as Partial<PackageDocument>;
}
