/**
 * SageMaker's Lineage API over the lineage the service records (service/lineage/record.ts) and what clients add:
 * artifacts, actions, contexts, trial components (the jobs' own, and those experiments.ts creates), associations, and
 * QueryLineage.
 */
import { randomBytes } from 'node:crypto';
import type {
  ActionSummary,
  AddAssociationResponse,
  ArtifactSummary,
  AssociationSummary,
  ContextSummary,
  CreateActionResponse,
  CreateArtifactResponse,
  CreateContextResponse,
  DeleteArtifactResponse,
  DeleteAssociationResponse,
  DescribeActionResponse,
  DescribeArtifactResponse,
  DescribeContextResponse,
  DescribeTrialComponentResponse,
  ListActionsResponse,
  ListArtifactsResponse,
  ListAssociationsResponse,
  ListContextsResponse,
  ListTrialComponentsResponse,
  QueryLineageResponse,
  TrialComponentSummary,
} from '@aws-sdk/client-sagemaker';
import type { LineageEntityRecord, LineageKind } from '../../store/index.js';
import { actionArn, artifactArn, contextArn, trialComponentArn } from '../arns.js';
import type { OperationContext } from '../context.js';
import { missingResource } from '../differences.js';
import { validationError } from '../errors.js';
import {
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalObject,
  optionalString,
  optionalStringMap,
  optionalTags,
  optionalTimestamp,
  requiredString,
  type RequestBody,
} from '../input.js';
import { associationTypes } from '../lineage/record.js';
import { walkLineage, type LineageFilters } from '../lineage/query.js';
import { pageOf, pageWindow } from '../paging.js';
import { metricSummaries, trialComponentsOf } from './experiments.js';
import { isDescending, orUndefined, toDate } from './shared.js';

/** SageMaker's pattern for the names of lineage entities. */
const entityNameRules = { min: 1, max: 120, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/ } as const;
const arnRules = { min: 1, max: 256 } as const;
const typeRules = { max: 256 } as const;
const lineageTypes = ['TrialComponent', 'Artifact', 'Context', 'Action'] as const;

type Document = Record<string, unknown>;
const documentOf = (entity: LineageEntityRecord): Document => JSON.parse(entity.document) as Document;
const times = (entity: LineageEntityRecord) => ({ CreationTime: toDate(entity.createdAt), LastModifiedTime: toDate(entity.modifiedAt) });

// ---- reading a request ----

function readSource(body: RequestBody, kind: 'Artifact' | 'Action' | 'Context'): Document & { SourceUri: string } {
  const source = optionalObject(body, 'Source');
  if (source === undefined) throw validationError('Source is required: the SourceUri of what the entity stands for');
  const uri = requiredString(source, 'SourceUri', { min: 1, max: 2048 });
  if (kind === 'Artifact') {
    const types = (optionalArray(source, 'SourceTypes') ?? []).map((item, i) => {
      const entry = typeof item === 'object' && item !== null ? (item as RequestBody) : {};
      const idType = optionalEnum(entry, 'SourceIdType', ['MD5Hash', 'S3ETag', 'S3Version', 'Custom'] as const);
      if (idType === undefined) throw validationError(`Source.SourceTypes[${i}].SourceIdType is required`);
      return { SourceIdType: idType, Value: requiredString(entry, 'Value', { max: 256 }) };
    });
    return { SourceUri: uri, ...(types.length > 0 ? { SourceTypes: types } : {}) };
  }
  const sourceType = optionalString(source, 'SourceType', { max: 256 });
  const sourceId = optionalString(source, 'SourceId', { max: 256 });
  return { SourceUri: uri, ...(sourceType !== undefined ? { SourceType: sourceType } : {}), ...(sourceId !== undefined ? { SourceId: sourceId } : {}) };
}

function readCommon(body: RequestBody): Document {
  optionalTags(body);
  const metadata = optionalObject(body, 'MetadataProperties');
  return { Properties: optionalStringMap(body, 'Properties') ?? {}, ...(metadata !== undefined ? { MetadataProperties: metadata } : {}) };
}

function create(context: OperationContext, entity: Omit<LineageEntityRecord, 'createdAt' | 'modifiedAt'>, label: string): void {
  const now = context.now();
  if (!context.store.lineage.insertEntity({ ...entity, createdAt: now, modifiedAt: now })) {
    throw validationError(`${label} already exists: ${entity.arn}`);
  }
}

/** A named entity by name or ARN. */
function requireNamed(context: OperationContext, kind: LineageKind, nameOrArn: string, arnOf: (name: string) => string): LineageEntityRecord {
  const arn = nameOrArn.startsWith('arn:') ? nameOrArn.toLowerCase() : arnOf(nameOrArn);
  const entity = context.store.lineage.entity(arn);
  if (entity === undefined || entity.kind !== kind) throw missingResource(`Describe${kind}`, `${kind} ${nameOrArn} does not exist.`);
  return entity;
}

/** A list of one kind of entity, filtered by its type member (ArtifactType, …) and its source (SourceUri, or a trial component's SourceArn). */
function entityQuery(
  body: RequestBody,
  context: OperationContext,
  kind: LineageKind,
  members: { type?: string; source: 'SourceUri' | 'SourceArn' },
  all = false,
) {
  const window = all ? { offset: 0, limit: Number.MAX_SAFE_INTEGER - 1 } : pageWindow(body, 10);
  const sortBy = optionalEnum(body, 'SortBy', ['Name', 'CreationTime'] as const);
  const source = optionalString(body, members.source, { max: 2048 });
  const rows = context.store.lineage.listEntities({
    kind,
    // ARNs are kept in lower case; URIs as given.
    sourceUri: members.source === 'SourceArn' ? source?.toLowerCase() : source,
    type: members.type === undefined ? undefined : optionalString(body, members.type, typeRules),
    createdAfter: optionalTimestamp(body, 'CreatedAfter'),
    createdBefore: optionalTimestamp(body, 'CreatedBefore'),
    sortBy: sortBy === 'Name' ? 'name' : 'createdAt',
    descending: isDescending(body),
    offset: window.offset,
    limit: window.limit + 1,
  });
  return pageOf(rows, window);
}

// ---- artifacts ----

export function createArtifact(body: RequestBody, context: OperationContext): CreateArtifactResponse {
  const name = optionalString(body, 'ArtifactName', entityNameRules);
  const type = requiredString(body, 'ArtifactType', { min: 1, max: 256 });
  const source = readSource(body, 'Artifact');
  const arn = artifactArn(context.scope, randomBytes(16).toString('hex'));
  const document = { ...(name !== undefined ? { ArtifactName: name } : {}), Source: source, ArtifactType: type, ...readCommon(body) };
  create(context, { arn, kind: 'Artifact', name: name ?? null, type, sourceUri: source.SourceUri, document: JSON.stringify(document) }, 'Artifact');
  return { ArtifactArn: arn };
}

function requireArtifact(context: OperationContext, arn: string): LineageEntityRecord {
  const entity = context.store.lineage.entity(arn.toLowerCase());
  if (entity === undefined || entity.kind !== 'Artifact') throw missingResource('DescribeArtifact', `Artifact ${arn} does not exist.`);
  return entity;
}

export function describeArtifact(body: RequestBody, context: OperationContext): DescribeArtifactResponse {
  const entity = requireArtifact(context, requiredString(body, 'ArtifactArn', arnRules));
  return { ...documentOf(entity), ArtifactArn: entity.arn, ...times(entity), CreatedBy: {}, LastModifiedBy: {} };
}

export function deleteArtifact(body: RequestBody, context: OperationContext): DeleteArtifactResponse {
  const entity = requireArtifact(context, requiredString(body, 'ArtifactArn', arnRules));
  context.store.lineage.deleteEntity(entity.arn);
  return { ArtifactArn: entity.arn };
}

export function listArtifacts(body: RequestBody, context: OperationContext): ListArtifactsResponse {
  const page = entityQuery(body, context, 'Artifact', { type: 'ArtifactType', source: 'SourceUri' });
  const summaries = page.items.map((entity): ArtifactSummary => {
    const document = documentOf(entity);
    return {
      ArtifactArn: entity.arn,
      ArtifactName: orUndefined(entity.name),
      Source: document.Source as ArtifactSummary['Source'],
      ArtifactType: orUndefined(entity.type),
      ...times(entity),
    };
  });
  return { ArtifactSummaries: summaries, NextToken: page.nextToken };
}

// ---- actions and contexts: named entities, alike but for their members' names ----

const named = {
  Action: { name: 'ActionName', type: 'ActionType', arn: actionArn },
  Context: { name: 'ContextName', type: 'ContextType', arn: contextArn },
} as const;

function createNamed(body: RequestBody, context: OperationContext, kind: keyof typeof named): string {
  const members = named[kind];
  const name = requiredString(body, members.name, entityNameRules);
  const type = requiredString(body, members.type, { min: 1, max: 256 });
  const source = readSource(body, kind);
  const description = optionalString(body, 'Description', { max: 3072 });
  // An action has a status and metadata; a context has neither.
  const status = kind === 'Action' ? optionalEnum(body, 'Status', ['Unknown', 'InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const) : undefined;
  const common = readCommon(body);
  const document = {
    [members.name]: name,
    Source: source,
    [members.type]: type,
    ...(description !== undefined ? { Description: description } : {}),
    ...(kind === 'Action' ? { Status: status ?? 'Unknown', ...common } : { Properties: common.Properties }),
  };
  const arn = members.arn(context.scope, name);
  create(context, { arn, kind, name, type, sourceUri: source.SourceUri, document: JSON.stringify(document) }, kind);
  return arn;
}

function describeNamed(body: RequestBody, context: OperationContext, kind: keyof typeof named): Document {
  const nameOrArn = requiredString(body, named[kind].name, { min: 1, max: 256 });
  const entity = requireNamed(context, kind, nameOrArn, (name) => named[kind].arn(context.scope, name));
  return { ...documentOf(entity), [`${kind}Arn`]: entity.arn, ...times(entity), CreatedBy: {}, LastModifiedBy: {} };
}

function listNamed(body: RequestBody, context: OperationContext, kind: keyof typeof named): { summaries: Document[]; nextToken: string | undefined } {
  const page = entityQuery(body, context, kind, { type: named[kind].type, source: 'SourceUri' });
  const summaries = page.items.map((entity) => {
    const document = documentOf(entity);
    return {
      [`${kind}Arn`]: entity.arn,
      [named[kind].name]: orUndefined(entity.name),
      Source: document.Source,
      [named[kind].type]: orUndefined(entity.type),
      ...(kind === 'Action' ? { Status: document.Status } : {}),
      ...times(entity),
    };
  });
  return { summaries, nextToken: page.nextToken };
}

export function createAction(body: RequestBody, context: OperationContext): CreateActionResponse {
  return { ActionArn: createNamed(body, context, 'Action') };
}

export function describeAction(body: RequestBody, context: OperationContext): DescribeActionResponse {
  return describeNamed(body, context, 'Action') as DescribeActionResponse;
}

export function listActions(body: RequestBody, context: OperationContext): ListActionsResponse {
  const { summaries, nextToken } = listNamed(body, context, 'Action');
  return { ActionSummaries: summaries as ActionSummary[], NextToken: nextToken };
}

export function createContext(body: RequestBody, context: OperationContext): CreateContextResponse {
  return { ContextArn: createNamed(body, context, 'Context') };
}

export function describeContext(body: RequestBody, context: OperationContext): DescribeContextResponse {
  return describeNamed(body, context, 'Context') as DescribeContextResponse;
}

export function listContexts(body: RequestBody, context: OperationContext): ListContextsResponse {
  const { summaries, nextToken } = listNamed(body, context, 'Context');
  return { ContextSummaries: summaries as ContextSummary[], NextToken: nextToken };
}

// ---- trial components (the jobs' own, and the runs' of experiments.ts) ----

/**
 * A trial component as DescribeTrialComponent shapes it (its Properties, a pipeline's execution and step, serve
 * QueryLineage's filters only). Parameters and artifacts are maps, empty when there are none, as SageMaker gives
 * them (the Python SDK's ExperimentAnalytics reads them unguarded).
 */
const trialComponentResponse = (entity: LineageEntityRecord) => {
  const { StartTime, EndTime, Properties: _properties, ...document } = documentOf(entity);
  return {
    Parameters: {},
    InputArtifacts: {},
    OutputArtifacts: {},
    ...document,
    TrialComponentArn: entity.arn,
    ...(typeof StartTime === 'number' ? { StartTime: new Date(StartTime * 1000) } : {}),
    ...(typeof EndTime === 'number' ? { EndTime: new Date(EndTime * 1000) } : {}),
    ...times(entity),
  };
};

export function describeTrialComponent(body: RequestBody, context: OperationContext): DescribeTrialComponentResponse {
  const name = requiredString(body, 'TrialComponentName', { min: 1, max: 256 });
  const entity = requireNamed(context, 'TrialComponent', name, (n) => trialComponentArn(context.scope, n));
  const metrics = metricSummaries(entity, context);
  return { ...trialComponentResponse(entity), ...(metrics.length === 0 ? {} : { Metrics: metrics }), CreatedBy: {}, LastModifiedBy: {} };
}

/** ListTrialComponents over the jobs' trial components and the runs'; SourceArn finds a job's, TrialName or ExperimentName those a trial holds. */
export function listTrialComponents(body: RequestBody, context: OperationContext): ListTrialComponentsResponse {
  const members = trialComponentsOf(body, context);
  const page =
    members === undefined
      ? entityQuery(body, context, 'TrialComponent', { source: 'SourceArn' })
      : (() => {
          const window = pageWindow(body, 10);
          const all = entityQuery({ ...body, NextToken: undefined, MaxResults: undefined }, context, 'TrialComponent', { source: 'SourceArn' }, true);
          const held = all.items.filter((entity) => members.has((entity.name ?? '').toLowerCase()));
          return pageOf(held.slice(window.offset, window.offset + window.limit + 1), window);
        })();
  const summaries = page.items.map((entity): TrialComponentSummary => {
    const described = trialComponentResponse(entity) as TrialComponentSummary & { Source?: TrialComponentSummary['TrialComponentSource'] };
    const { TrialComponentName, TrialComponentArn, DisplayName, Source, Status, StartTime, EndTime, CreationTime, LastModifiedTime } = described;
    return { TrialComponentName, TrialComponentArn, DisplayName, TrialComponentSource: Source, Status, StartTime, EndTime, CreationTime, LastModifiedTime };
  });
  return { TrialComponentSummaries: summaries, NextToken: page.nextToken };
}

// ---- associations ----

function requireEntity(context: OperationContext, arn: string, member: string): LineageEntityRecord {
  const entity = context.store.lineage.entity(arn.toLowerCase());
  if (entity === undefined) throw missingResource('AddAssociation', `${member} ${arn} is not a lineage entity of this service.`);
  return entity;
}

export function addAssociation(body: RequestBody, context: OperationContext): AddAssociationResponse {
  const source = requireEntity(context, requiredString(body, 'SourceArn', arnRules), 'SourceArn');
  const destination = requireEntity(context, requiredString(body, 'DestinationArn', arnRules), 'DestinationArn');
  const type = optionalEnum(body, 'AssociationType', associationTypes);
  if (source.arn === destination.arn) throw validationError('An association joins two different entities');
  context.store.lineage.associate({ sourceArn: source.arn, destinationArn: destination.arn, associationType: type ?? null, createdAt: context.now() });
  return { SourceArn: source.arn, DestinationArn: destination.arn };
}

export function deleteAssociation(body: RequestBody, context: OperationContext): DeleteAssociationResponse {
  const sourceArn = requiredString(body, 'SourceArn', arnRules).toLowerCase();
  const destinationArn = requiredString(body, 'DestinationArn', arnRules).toLowerCase();
  if (!context.store.lineage.dissociate(sourceArn, destinationArn))
    throw missingResource('DeleteAssociation', `No association from ${sourceArn} to ${destinationArn}.`);
  return { SourceArn: sourceArn, DestinationArn: destinationArn };
}

const associationSort = {
  SourceArn: 'sourceArn',
  DestinationArn: 'destinationArn',
  SourceType: 'sourceType',
  DestinationType: 'destinationType',
  CreationTime: 'createdAt',
} as const;

export function listAssociations(body: RequestBody, context: OperationContext): ListAssociationsResponse {
  const window = pageWindow(body, 10);
  const sortBy = optionalEnum(body, 'SortBy', Object.keys(associationSort) as (keyof typeof associationSort)[]) ?? 'CreationTime';
  const rows = context.store.lineage.listAssociations({
    sourceArn: optionalString(body, 'SourceArn', arnRules)?.toLowerCase(),
    destinationArn: optionalString(body, 'DestinationArn', arnRules)?.toLowerCase(),
    sourceType: optionalString(body, 'SourceType', typeRules),
    destinationType: optionalString(body, 'DestinationType', typeRules),
    associationType: optionalEnum(body, 'AssociationType', associationTypes),
    createdAfter: optionalTimestamp(body, 'CreatedAfter'),
    createdBefore: optionalTimestamp(body, 'CreatedBefore'),
    sortBy: associationSort[sortBy],
    descending: isDescending(body),
    offset: window.offset,
    limit: window.limit + 1,
  });
  const page = pageOf(rows, window);
  const summaries = page.items.map((row): AssociationSummary => ({
    SourceArn: row.sourceArn,
    DestinationArn: row.destinationArn,
    SourceType: row.sourceType ?? row.sourceKind,
    DestinationType: row.destinationType ?? row.destinationKind,
    AssociationType: orUndefined(row.associationType) as AssociationSummary['AssociationType'],
    SourceName: orUndefined(row.sourceName),
    DestinationName: orUndefined(row.destinationName),
    CreationTime: toDate(row.createdAt),
    CreatedBy: {},
  }));
  return { AssociationSummaries: summaries, NextToken: page.nextToken };
}

// ---- QueryLineage ----

function readFilters(body: RequestBody): LineageFilters {
  const filters = optionalObject(body, 'Filters') ?? {};
  const strings = (member: string, allowed?: readonly string[]): string[] | undefined => {
    const list = optionalArray(filters, member, { max: 100 });
    return list?.map((item, i) => {
      if (typeof item !== 'string' || (allowed !== undefined && !allowed.includes(item))) {
        throw validationError(`Filters.${member}[${i}] must be ${allowed === undefined ? 'a string' : `one of ${allowed.join(', ')}`}`);
      }
      return item;
    });
  };
  return {
    types: strings('Types'),
    lineageTypes: strings('LineageTypes', lineageTypes),
    createdBefore: optionalTimestamp(filters, 'CreatedBefore'),
    createdAfter: optionalTimestamp(filters, 'CreatedAfter'),
    modifiedBefore: optionalTimestamp(filters, 'ModifiedBefore'),
    modifiedAfter: optionalTimestamp(filters, 'ModifiedAfter'),
    properties: optionalStringMap(filters, 'Properties'),
  };
}

export function queryLineage(body: RequestBody, context: OperationContext): QueryLineageResponse {
  const startArns = (optionalArray(body, 'StartArns', { max: 1 }) ?? []).map((arn, i) => {
    if (typeof arn !== 'string' || arn === '' || arn.length > 2048) throw validationError(`StartArns[${i}] must be an ARN`);
    return arn.toLowerCase();
  });
  const direction = optionalEnum(body, 'Direction', ['Both', 'Ascendants', 'Descendants'] as const) ?? 'Both';
  const includeEdges = optionalBoolean(body, 'IncludeEdges') ?? true;
  const maxDepth = optionalInteger(body, 'MaxDepth', { min: 0, max: 10 }) ?? 10;
  const window = pageWindow(body, 100, 100);
  const result = walkLineage(context.store, { startArns, direction, includeEdges, maxDepth, filters: readFilters(body) });
  const page = pageOf(result.vertices.slice(window.offset, window.offset + window.limit + 1), window);
  return { Vertices: page.items, Edges: result.edges, NextToken: page.nextToken };
}
