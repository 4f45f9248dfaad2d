/**
 * Real-time inference's control plane in SageMaker's shapes: models (CreateModel, DeleteModel; Describe and
 * List are shared with the models pipeline steps create), endpoint configurations, and endpoints, which the
 * endpoint host serves (Creating → InService or Failed, Updating, SystemUpdating while a process restarts, Deleting).
 */
import type {
  CreateEndpointConfigOutput,
  CreateEndpointOutput,
  CreateModelOutput,
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  EndpointConfigSummary,
  EndpointStatus,
  EndpointSummary,
  ListEndpointConfigsOutput,
  ListEndpointsOutput,
  ProductionVariantSummary,
  UpdateEndpointOutput,
} from '@aws-sdk/client-sagemaker';
import type { JsonObject } from '../../engine/index.js';
import type { EndpointRecord } from '../../store/index.js';
import { endpointArn, endpointConfigArn, modelArn, nameFromArnOrName } from '../arns.js';
import type { OperationContext } from '../context.js';
import { EndpointHost } from '../endpoints/endpoint-host.js';
import { parseDeployed, parsePending, type DeployedVariant, type PendingDeployment } from '../endpoints/deployment.js';
import { resourceLimitExceeded, validationError } from '../errors.js';
import { recordEndpointDeployment } from '../lineage/record.js';
import {
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalTags,
  optionalTimestamp,
  requiredString,
  type RequestBody,
} from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import { isDescending, listQuery, roleArnPattern, toDate } from './shared.js';
import { keepTags, recordTags } from './tags.js';

/** SageMaker's pattern for model, endpoint-configuration, endpoint and variant names. */
const endpointNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const nameRules = { min: 1, max: 63, pattern: endpointNamePattern };
const seconds = (ms: number): number => ms / 1000;

// ---- models ----

export function createModel(body: RequestBody, context: OperationContext): CreateModelOutput {
  const name = requiredString(body, 'ModelName', nameRules);
  const primary = optionalObject(body, 'PrimaryContainer');
  const containers = optionalArray(body, 'Containers', { max: 15 });
  if (primary === undefined && (containers === undefined || containers.length === 0)) {
    throw validationError('CreateModel needs PrimaryContainer or Containers: the image (and model data) to serve');
  }
  if (primary !== undefined && containers !== undefined) throw validationError('Give either PrimaryContainer or Containers, not both');
  const role = optionalString(body, 'ExecutionRoleArn', { min: 20, max: 2048, pattern: roleArnPattern });
  const arn = modelArn(context.scope, name);
  if (context.store.jobs.get('Model', name) !== undefined) throw validationError(`Cannot create already existing model "${arn}".`);
  const resolve = (container: unknown, member: string): JsonObject => containerDefinition(container, member, context);
  const document: JsonObject = {
    ModelName: name,
    ModelArn: arn,
    ...(primary !== undefined
      ? { PrimaryContainer: resolve(primary, 'PrimaryContainer') }
      : { Containers: (containers ?? []).map((c, i) => resolve(c, `Containers[${i}]`)) }),
    ...(role !== undefined ? { ExecutionRoleArn: role } : {}),
    EnableNetworkIsolation: optionalBoolean(body, 'EnableNetworkIsolation') ?? false,
    CreationTime: seconds(context.now()),
  };
  context.store.jobs.put({ kind: 'Model', name, arn, status: null, document: JSON.stringify(document), createdAt: context.now() });
  recordTags(body, arn, context);
  return { ModelArn: arn };
}

/**
 * A container as given, checked; one that names a ModelPackageName gets the registered version's image,
 * model data and environment (its own Environment entries win), as SageMaker deploys a model package.
 */
function containerDefinition(value: unknown, member: string, context: OperationContext): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw validationError(`${member} must be an object`);
  const container = value as RequestBody;
  const image = optionalString(container, 'Image', { max: 255 });
  // Checked here; the container passes through as given.
  optionalString(container, 'ModelDataUrl', { max: 1024 });
  const packageName = optionalString(container, 'ModelPackageName', { max: 176 });
  const environment = optionalObject(container, 'Environment') ?? {};
  for (const [key, item] of Object.entries(environment)) {
    if (typeof item !== 'string') throw validationError(`${member}.Environment.${key} must be a string`);
  }
  if (image === undefined && packageName === undefined) throw validationError(`${member} needs an Image (or a ModelPackageName)`);
  if (packageName === undefined) return { ...(container as JsonObject) };
  const registered = context.store.modelRegistry.package(packageName);
  if (registered === undefined) throw validationError(`${member}.ModelPackageName: model package ${packageName} does not exist.`);
  if (registered.groupName !== null && registered.approvalStatus !== 'Approved') {
    throw validationError(
      `${member}.ModelPackageName: model package ${registered.arn} is ${registered.approvalStatus ?? 'PendingManualApproval'}; approve it (UpdateModelPackage ModelApprovalStatus=Approved) before deploying it`,
    );
  }
  const inference = (JSON.parse(registered.document) as { InferenceSpecification?: { Containers?: JsonObject[] } }).InferenceSpecification;
  const source = inference?.Containers?.[0];
  if (source === undefined) throw validationError(`${member}.ModelPackageName: model package ${registered.arn} has no inference container`);
  const sourceEnvironment =
    typeof source.Environment === 'object' && source.Environment !== null && !Array.isArray(source.Environment) ? source.Environment : {};
  return {
    ...source,
    ...(container as JsonObject),
    ModelPackageName: registered.arn,
    Environment: { ...sourceEnvironment, ...(environment as JsonObject) },
  };
}

export function deleteModel(body: RequestBody, context: OperationContext): Record<string, never> {
  const name = requiredString(body, 'ModelName', nameRules);
  if (!context.store.jobs.delete('Model', name)) throw validationError(`Could not find model "${modelArn(context.scope, name)}".`);
  return {};
}

// ---- endpoint configurations ----

export function createEndpointConfig(body: RequestBody, context: OperationContext): CreateEndpointConfigOutput {
  const name = requiredString(body, 'EndpointConfigName', nameRules);
  const variants = optionalArray(body, 'ProductionVariants', { max: 10 });
  if (variants === undefined || variants.length === 0)
    throw validationError('ProductionVariants must name at least one variant (VariantName, ModelName, InitialInstanceCount)');
  const seen = new Set<string>();
  const checked = variants.map((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw validationError(`ProductionVariants[${index}] must be an object`);
    const variant = item as RequestBody;
    const variantName = requiredString(variant, 'VariantName', nameRules);
    if (seen.has(variantName.toLowerCase())) throw validationError(`ProductionVariants names variant ${variantName} twice; variant names must be unique`);
    seen.add(variantName.toLowerCase());
    const modelName = requiredString(variant, 'ModelName', nameRules);
    if (context.store.jobs.get('Model', modelName) === undefined) throw validationError(`Could not find model "${modelArn(context.scope, modelName)}".`);
    const serverless = optionalObject(variant, 'ServerlessConfig');
    const count = optionalInteger(variant, 'InitialInstanceCount', { min: 1 });
    if (count === undefined && serverless === undefined) throw validationError(`ProductionVariants[${index}] (${variantName}) needs InitialInstanceCount`);
    if (count !== undefined && count > EndpointHost.maxInstancesPerVariant) {
      throw resourceLimitExceeded(
        `Variant ${variantName} asks for ${count} instances; this machine serves at most ${EndpointHost.maxInstancesPerVariant} processes per variant`,
      );
    }
    const weight = variant.InitialVariantWeight;
    if (weight !== undefined && (typeof weight !== 'number' || weight < 0))
      throw validationError(`ProductionVariants[${index}].InitialVariantWeight must be a number ≥ 0`);
    return { ...(variant as JsonObject), VariantName: variantName, ModelName: modelName, InitialVariantWeight: weight ?? 1 };
  });
  const arn = endpointConfigArn(context.scope, name);
  const document: JsonObject = {
    EndpointConfigName: name,
    EndpointConfigArn: arn,
    ProductionVariants: checked,
    ...pick(body, ['DataCaptureConfig', 'KmsKeyId', 'AsyncInferenceConfig', 'ExplainerConfig', 'ShadowProductionVariants', 'EnableNetworkIsolation']),
    CreationTime: seconds(context.now()),
  };
  optionalTags(body);
  if (!context.store.endpoints.createConfig({ name, arn, document: JSON.stringify(document), createdAt: context.now() })) {
    throw validationError(`Cannot create already existing endpoint configuration "${arn}".`);
  }
  recordTags(body, arn, context);
  return { EndpointConfigArn: arn };
}

export function describeEndpointConfig(body: RequestBody, context: OperationContext): DescribeEndpointConfigOutput {
  const name = requiredString(body, 'EndpointConfigName', nameRules);
  const config = context.store.endpoints.config(name);
  if (config === undefined) throw configNotFound(context, name);
  const document = JSON.parse(config.document) as DescribeEndpointConfigOutput & { CreationTime: number };
  return { ...document, CreationTime: toDate(config.createdAt) };
}

export function listEndpointConfigs(body: RequestBody, context: OperationContext): ListEndpointConfigsOutput {
  const window = pageWindow(body, 10);
  const rows = context.store.endpoints.listConfigs(listQuery(body, window, 63));
  const page = pageOf(rows, window);
  const summaries: EndpointConfigSummary[] = page.items.map((row) => ({
    EndpointConfigName: row.name,
    EndpointConfigArn: row.arn,
    CreationTime: toDate(row.createdAt),
  }));
  return { EndpointConfigs: summaries, NextToken: page.nextToken };
}

export function deleteEndpointConfig(body: RequestBody, context: OperationContext): Record<string, never> {
  const name = requiredString(body, 'EndpointConfigName', nameRules);
  const outcome = context.store.endpoints.deleteConfig(name);
  if (outcome === 'not-found') throw configNotFound(context, name);
  // As on SageMaker, an endpoint that serves it keeps serving (the SDK's predictor.delete_endpoint() deletes the
  // configuration first); only an update to it that is still in progress needs it.
  if (outcome !== 'deleted') {
    throw validationError(
      `Endpoint configuration ${name} is the one endpoint ${outcome.updating.join(', ')} is being updated to; wait until the update ends, then delete it`,
    );
  }
  return {};
}

const configNotFound = (context: OperationContext, name: string): Error =>
  validationError(`Could not find endpoint configuration "${endpointConfigArn(context.scope, name)}".`);

// ---- endpoints ----

export function createEndpoint(body: RequestBody, context: OperationContext): CreateEndpointOutput {
  const name = requiredString(body, 'EndpointName', nameRules);
  const configName = requiredString(body, 'EndpointConfigName', nameRules);
  const tags = optionalTags(body) ?? [];
  const arn = endpointArn(context.scope, name);
  if (context.store.endpoints.endpoint(name) !== undefined) throw validationError(`Cannot create already existing endpoint "${arn}".`);
  const pending = deploymentOf(configName, context);
  const now = context.now();
  const created = context.store.endpoints.createEndpoint({
    name,
    arn,
    configName: pending.EndpointConfigName,
    status: 'Creating',
    failureReason: null,
    deployed: null,
    pending: JSON.stringify(pending),
    processes: '[]',
    createdAt: now,
    modifiedAt: now,
  });
  if (!created) throw validationError(`Cannot create already existing endpoint "${arn}".`);
  keepTags(context, arn, tags);
  recordEndpointDeployment(
    context,
    { name, arn },
    pending.EndpointConfigName,
    pending.Variants.map((variant) => variant.Container),
  );
  context.endpoints.create(name);
  return { EndpointArn: arn };
}

export function updateEndpoint(body: RequestBody, context: OperationContext): UpdateEndpointOutput {
  const name = requiredString(body, 'EndpointName', nameRules);
  const configName = requiredString(body, 'EndpointConfigName', nameRules);
  const endpoint = requireEndpoint(context, name);
  if (endpoint.status !== 'InService') {
    throw validationError(`Cannot update endpoint ${endpoint.name} while it is ${endpoint.status}; it must be InService`);
  }
  const pending = deploymentOf(configName, context);
  context.store.endpoints.updateEndpoint(endpoint.name, { status: 'Updating', pending: JSON.stringify(pending) }, context.now());
  recordEndpointDeployment(
    context,
    endpoint,
    pending.EndpointConfigName,
    pending.Variants.map((variant) => variant.Container),
  );
  context.endpoints.update(endpoint.name);
  return { EndpointArn: endpoint.arn };
}

export function deleteEndpoint(body: RequestBody, context: OperationContext): Record<string, never> {
  const name = requiredString(body, 'EndpointName', nameRules);
  const endpoint = requireEndpoint(context, name);
  if (endpoint.status !== 'Deleting') {
    context.store.endpoints.updateEndpoint(endpoint.name, { status: 'Deleting' }, context.now());
    context.endpoints.delete(endpoint.name);
  }
  return {};
}

export function describeEndpoint(body: RequestBody, context: OperationContext): DescribeEndpointOutput {
  const name = requiredString(body, 'EndpointName', nameRules);
  const endpoint = requireEndpoint(context, name);
  const deployed = parseDeployed(endpoint.deployed);
  const pending = parsePending(endpoint.pending);
  const counts = context.endpoints.instanceCounts(endpoint.name);
  return {
    EndpointName: endpoint.name,
    EndpointArn: endpoint.arn,
    EndpointConfigName: endpoint.configName,
    ProductionVariants: deployed?.map((variant) => variantSummary(variant, counts?.get(variant.VariantName) ?? 0)),
    EndpointStatus: endpoint.status as EndpointStatus,
    FailureReason: endpoint.failureReason ?? undefined,
    CreationTime: toDate(endpoint.createdAt),
    LastModifiedTime: toDate(endpoint.modifiedAt),
    PendingDeploymentSummary:
      pending === undefined || endpoint.status === 'Creating'
        ? undefined
        : {
            EndpointConfigName: pending.EndpointConfigName,
            StartTime: new Date(pending.StartTime * 1000),
            ProductionVariants: pending.Variants.map((variant) => ({
              VariantName: variant.VariantName,
              DeployedImages: [deployedImage(variant)],
              DesiredWeight: variant.InitialVariantWeight,
              DesiredInstanceCount: variant.InitialInstanceCount,
              InstanceType: variant.InstanceType as never,
              VariantStatus: [{ Status: 'Creating', StartTime: new Date(pending.StartTime * 1000) }],
            })),
          },
  };
}

export function listEndpoints(body: RequestBody, context: OperationContext): ListEndpointsOutput {
  const window = pageWindow(body, 10);
  const sortBy = optionalEnum(body, 'SortBy', ['Name', 'CreationTime', 'Status'] as const);
  const query = listQuery({ ...body, SortBy: sortBy === 'Status' ? undefined : sortBy }, window, 63);
  const rows = context.store.endpoints.listEndpoints({
    ...query,
    status: optionalEnum(body, 'StatusEquals', [
      'OutOfService',
      'Creating',
      'Updating',
      'SystemUpdating',
      'RollingBack',
      'InService',
      'Deleting',
      'Failed',
      'UpdateRollbackFailed',
    ] as const),
    modifiedAfter: optionalTimestamp(body, 'LastModifiedTimeAfter'),
    modifiedBefore: optionalTimestamp(body, 'LastModifiedTimeBefore'),
    sortByStatus: sortBy === 'Status',
    descending: isDescending(body),
  });
  const page = pageOf(rows, window);
  const summaries: EndpointSummary[] = page.items.map((row) => ({
    EndpointName: row.name,
    EndpointArn: row.arn,
    CreationTime: toDate(row.createdAt),
    LastModifiedTime: toDate(row.modifiedAt),
    EndpointStatus: row.status as EndpointStatus,
  }));
  return { Endpoints: summaries, NextToken: page.nextToken };
}

function requireEndpoint(context: OperationContext, name: string): EndpointRecord {
  const endpoint = context.store.endpoints.endpoint(nameFromArnOrName(name, 'endpoint'));
  if (endpoint === undefined) throw validationError(`Could not find endpoint "${endpointArn(context.scope, name)}".`);
  return endpoint;
}

/** The config's variants with their models as they are now: what the endpoint will serve even if a model is deleted later. */
function deploymentOf(configName: string, context: OperationContext): PendingDeployment {
  const config = context.store.endpoints.config(configName);
  if (config === undefined) throw configNotFound(context, configName);
  const document = JSON.parse(config.document) as { EndpointConfigName: string; ProductionVariants: JsonObject[] };
  const now = seconds(context.now());
  const variants = document.ProductionVariants.map((variant): DeployedVariant => {
    const modelName = String(variant.ModelName);
    const model = context.store.jobs.get('Model', modelName);
    if (model === undefined)
      throw validationError(
        `Endpoint configuration ${config.name} names model ${modelName}, which no longer exists: create it again or use another configuration`,
      );
    const described = JSON.parse(model.document) as JsonObject;
    const containers = Array.isArray(described.Containers) ? (described.Containers as JsonObject[]) : [];
    if (described.PrimaryContainer === undefined && containers.length > 1) {
      throw validationError(
        `Model ${model.name} is an inference pipeline of ${containers.length} containers; endpoints on this machine serve single-container models`,
      );
    }
    const container = (described.PrimaryContainer as JsonObject | undefined) ?? containers[0] ?? {};
    return {
      VariantName: String(variant.VariantName),
      ModelName: model.name,
      Container: container,
      ...(typeof variant.InstanceType === 'string' ? { InstanceType: variant.InstanceType } : {}),
      InitialInstanceCount: typeof variant.InitialInstanceCount === 'number' ? variant.InitialInstanceCount : 1,
      InitialVariantWeight: typeof variant.InitialVariantWeight === 'number' ? variant.InitialVariantWeight : 1,
      ResolutionTime: now,
    };
  });
  return { EndpointConfigName: config.name, Variants: variants, StartTime: now };
}

function deployedImage(variant: DeployedVariant): { SpecifiedImage: string; ResolvedImage: string; ResolutionTime: Date } {
  const image = typeof variant.Container.Image === 'string' ? variant.Container.Image : '';
  return { SpecifiedImage: image, ResolvedImage: image, ResolutionTime: new Date(variant.ResolutionTime * 1000) };
}

function variantSummary(variant: DeployedVariant, instances: number): ProductionVariantSummary {
  return {
    VariantName: variant.VariantName,
    DeployedImages: [deployedImage(variant)],
    CurrentWeight: variant.InitialVariantWeight,
    DesiredWeight: variant.InitialVariantWeight,
    CurrentInstanceCount: instances,
    DesiredInstanceCount: variant.InitialInstanceCount,
  };
}

function pick(body: RequestBody, members: readonly string[]): JsonObject {
  return Object.fromEntries(members.filter((member) => body[member] !== undefined).map((member) => [member, body[member] as JsonObject]));
}
