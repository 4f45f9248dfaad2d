import type {
  CreatePipelineResponse,
  DeletePipelineResponse,
  DescribePipelineResponse,
  ListPipelinesResponse,
  ListPipelineVersionsResponse,
  PipelineSummary,
  PipelineVersionSummary,
  UpdatePipelineResponse,
} from '@aws-sdk/client-sagemaker';
import { readFileSync } from 'node:fs';
import type { PipelineRecord, PipelineVersionRecord } from '../../store/index.js';
import { nameFromArnOrName, pipelineArn } from '../arns.js';
import type { OperationContext } from '../context.js';
import { definitionProblems } from '../definition-check.js';
import { resourceNotFound, validationError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { optionalEnum, optionalInteger, optionalObject, optionalString, optionalTags, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import { clientTokenRules, isDescending, nameOrArn, optionalDate, orUndefined, resourceName, roleArnPattern, toDate } from './shared.js';
import { keepTags } from './tags.js';

const maxDefinitionLength = 1024 * 1024;

export function createPipeline(body: RequestBody, context: OperationContext): CreatePipelineResponse {
  const name = requiredString(body, 'PipelineName', { min: 1, max: 256, pattern: resourceName });
  const token = requiredString(body, 'ClientRequestToken', clientTokenRules);
  const roleArn = requiredString(body, 'RoleArn', { min: 20, max: 2048, pattern: roleArnPattern });
  const definition = requireDefinition(body, context);
  const displayName = optionalString(body, 'PipelineDisplayName', { min: 1, max: 256, pattern: resourceName });
  const description = optionalString(body, 'PipelineDescription', { max: 3072 });
  const tags = optionalTags(body) ?? [];
  const maxParallelSteps = readParallelism(body);
  return idempotent(context, 'CreatePipeline', token, body, () => {
    const arn = pipelineArn(context.scope, name);
    const created = context.store.pipelines.create({
      name,
      arn,
      definition,
      displayName: displayName ?? name,
      description: description ?? null,
      roleArn,
      maxParallelSteps: maxParallelSteps ?? null,
      createdAt: context.now(),
    });
    // SageMaker's own answer, which the SageMaker Python SDK's upsert looks for.
    if (created === undefined)
      throw validationError(`Pipeline names must be unique within an AWS account and region. Pipeline with name (${name}) already exists.`);
    keepTags(context, created.arn, tags);
    return { PipelineArn: created.arn };
  });
}

export function updatePipeline(body: RequestBody, context: OperationContext): UpdatePipelineResponse {
  const name = pipelineName(body);
  const definition =
    body['PipelineDefinition'] === undefined && body['PipelineDefinitionS3Location'] === undefined ? undefined : requireDefinition(body, context);
  const updated = context.store.pipelines.update(
    name,
    {
      definition,
      displayName: optionalString(body, 'PipelineDisplayName', { min: 1, max: 256, pattern: resourceName }),
      description: optionalString(body, 'PipelineDescription', { max: 3072 }),
      roleArn: optionalString(body, 'RoleArn', { min: 20, max: 2048, pattern: roleArnPattern }),
      maxParallelSteps: readParallelism(body),
    },
    context.now(),
  );
  if (updated === undefined) throw pipelineNotFound(name);
  return { PipelineArn: updated.arn, PipelineVersionId: updated.latestVersion };
}

/** Describes the latest version, or the one that PipelineVersionId names (its display name and description say which). */
export function describePipeline(body: RequestBody, context: OperationContext): DescribePipelineResponse {
  const name = pipelineName(body);
  const versionId = optionalInteger(body, 'PipelineVersionId', { min: 1 });
  const pipeline = context.store.pipelines.get(name);
  if (pipeline === undefined) throw pipelineNotFound(name);
  const version = context.store.pipelines.version(pipeline.name, versionId ?? pipeline.latestVersion);
  if (version === undefined) throw resourceNotFound(`Pipeline ${pipeline.arn} has no version ${versionId}`);
  return {
    PipelineArn: pipeline.arn,
    PipelineName: pipeline.name,
    PipelineDisplayName: orUndefined(pipeline.displayName),
    PipelineDefinition: version.definition,
    PipelineDescription: orUndefined(pipeline.description),
    RoleArn: pipeline.roleArn,
    PipelineStatus: 'Active',
    CreationTime: toDate(pipeline.createdAt),
    LastModifiedTime: toDate(pipeline.modifiedAt),
    LastRunTime: optionalDate(pipeline.lastRunAt),
    CreatedBy: {},
    LastModifiedBy: {},
    ParallelismConfiguration: pipeline.maxParallelSteps === null ? undefined : { MaxParallelExecutionSteps: pipeline.maxParallelSteps },
    PipelineVersionDisplayName: orUndefined(version.displayName),
    PipelineVersionDescription: orUndefined(version.description),
  };
}

export function deletePipeline(body: RequestBody, context: OperationContext): DeletePipelineResponse {
  const name = pipelineName(body);
  const token = requiredString(body, 'ClientRequestToken', clientTokenRules);
  return idempotent(context, 'DeletePipeline', token, body, () => {
    const deleted = context.store.pipelines.delete(name);
    if (deleted === undefined) throw pipelineNotFound(name);
    return { PipelineArn: deleted.arn };
  });
}

export function listPipelines(body: RequestBody, context: OperationContext): ListPipelinesResponse {
  const window = pageWindow(body, 50);
  // Every pipeline here is the user's own: none is managed by AWS.
  if (optionalEnum(body, 'ManagedBy', ['AWS', 'CUSTOMER'] as const) === 'AWS') return { PipelineSummaries: [] };
  const rows = context.store.pipelines.list({
    namePrefix: optionalString(body, 'PipelineNamePrefix', { min: 1, max: 256 }),
    createdAfter: optionalTimestamp(body, 'CreatedAfter'),
    createdBefore: optionalTimestamp(body, 'CreatedBefore'),
    sortBy: optionalEnum(body, 'SortBy', ['Name', 'CreationTime'] as const) === 'Name' ? 'name' : 'createdAt',
    descending: isDescending(body),
    offset: window.offset,
    limit: window.limit + 1,
  });
  const page = pageOf(rows, window);
  return { PipelineSummaries: page.items.map(pipelineSummary), NextToken: page.nextToken };
}

export function listPipelineVersions(body: RequestBody, context: OperationContext): ListPipelineVersionsResponse {
  const name = pipelineName(body);
  const window = pageWindow(body, 50);
  const pipeline = context.store.pipelines.get(name);
  if (pipeline === undefined) throw pipelineNotFound(name);
  const rows = context.store.pipelines.listVersions(pipeline.name, {
    createdAfter: optionalTimestamp(body, 'CreatedAfter'),
    createdBefore: optionalTimestamp(body, 'CreatedBefore'),
    descending: isDescending(body),
    offset: window.offset,
    limit: window.limit + 1,
  });
  const page = pageOf(rows, window);
  return { PipelineVersionSummaries: page.items.map((row) => versionSummary(pipeline, row)), NextToken: page.nextToken };
}

function pipelineSummary(row: PipelineRecord): PipelineSummary {
  return {
    PipelineArn: row.arn,
    PipelineName: row.name,
    PipelineDisplayName: orUndefined(row.displayName),
    PipelineDescription: orUndefined(row.description),
    RoleArn: row.roleArn,
    CreationTime: toDate(row.createdAt),
    LastModifiedTime: toDate(row.modifiedAt),
    LastExecutionTime: optionalDate(row.lastRunAt),
  };
}

function versionSummary(pipeline: PipelineRecord, row: PipelineVersionRecord): PipelineVersionSummary {
  return {
    PipelineArn: pipeline.arn,
    PipelineVersionId: row.version,
    CreationTime: toDate(row.createdAt),
    PipelineVersionDisplayName: orUndefined(row.displayName),
    PipelineVersionDescription: orUndefined(row.description),
    LastExecutionPipelineExecutionArn: orUndefined(row.lastExecutionArn),
  };
}

/** PipelineName may be the name or the pipeline's ARN. */
export function pipelineName(body: RequestBody): string {
  return nameFromArnOrName(requiredString(body, 'PipelineName', { min: 1, max: 2048, pattern: nameOrArn }), 'pipeline');
}

export function pipelineNotFound(name: string): Error {
  return resourceNotFound(`Pipeline '${name}' does not exist.`);
}

export function readParallelism(body: RequestBody): number | undefined {
  const config = optionalObject(body, 'ParallelismConfiguration');
  if (config === undefined) return undefined;
  const steps = optionalInteger(config, 'MaxParallelExecutionSteps', { min: 1 });
  if (steps === undefined) throw validationError('ParallelismConfiguration.MaxParallelExecutionSteps is required');
  return steps;
}

/** The definition text, checked as the SDK checks it before sending, so the service accepts what SageMaker would. */
function requireDefinition(body: RequestBody, context: OperationContext): string {
  const location = optionalObject(body, 'PipelineDefinitionS3Location');
  const text = location === undefined ? optionalString(body, 'PipelineDefinition', { min: 1, max: maxDefinitionLength }) : definitionFromS3(location, context);
  if (text === undefined) throw validationError('Either PipelineDefinition or PipelineDefinitionS3Location is required');
  const problems = definitionProblems(text);
  if (problems.length > 0) throw validationError(`Invalid pipeline definition: ${problems.join('\n')}`);
  return text;
}

/** A definition uploaded to the artifact store, as clients do with definitions over 100 KiB. */
function definitionFromS3(location: RequestBody, context: OperationContext): string {
  const bucket = requiredString(location, 'Bucket', { min: 3, max: 63 });
  const key = requiredString(location, 'ObjectKey', { min: 1, max: 1024 });
  try {
    return readFileSync(context.engine.artifacts.pathOf(`s3://${bucket}/${key}`), 'utf8');
  } catch (error) {
    throw validationError(`PipelineDefinitionS3Location s3://${bucket}/${key} cannot be read: ${error instanceof Error ? error.message : error}`);
  }
}
