/**
 * SageMaker Experiments, as the Python SDK's `sagemaker.experiments.Run` uses them: experiments, their trials,
 * trial components (a run is one) with parameters, artifacts and a status, associated with trials; and the
 * metrics a run logs (SageMaker Metrics' BatchPutMetrics, a REST operation of its own service on SageMaker, here on
 * the same endpoint). Trial components live with the lineage entities (the jobs' own are there), so Describe and
 * List serve both (lineage.ts).
 */
import type {
  AssociateTrialComponentResponse,
  TrialComponentMetricSummary,
  CreateExperimentResponse,
  CreateTrialComponentResponse,
  CreateTrialResponse,
  DeleteExperimentResponse,
  DeleteTrialComponentResponse,
  DeleteTrialResponse,
  DescribeExperimentResponse,
  DescribeTrialResponse,
  DisassociateTrialComponentResponse,
  ListExperimentsResponse,
  ListTrialsResponse,
  UpdateTrialComponentResponse,
} from '@aws-sdk/client-sagemaker';
import type { ExperimentQuery, ExperimentRecord, LineageEntityRecord, MetricPointOf } from '../../store/index.js';
import { experimentArn, trialArn, trialComponentArn } from '../arns.js';
import type { OperationContext } from '../context.js';
import { missingResource } from '../differences.js';
import { validationError } from '../errors.js';
import { constraintError, optionalArray, optionalEnum, optionalObject, optionalString, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import type { Output } from '../protocol.js';
import { isDescending, toDate } from './shared.js';
import { recordTags } from './tags.js';

type Document = Record<string, unknown>;

/** SageMaker's pattern for the names of experiments, trials and trial components. */
const nameRules = { min: 1, max: 120, pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}$/ } as const;
const primaryStatuses = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;

const times = (record: { createdAt: number; modifiedAt: number }) => ({ CreationTime: toDate(record.createdAt), LastModifiedTime: toDate(record.modifiedAt) });
const documentOf = (record: { document: string }): Document => JSON.parse(record.document) as Document;

// ---- experiments ----

export function createExperiment(body: RequestBody, context: OperationContext): CreateExperimentResponse {
  const name = requiredString(body, 'ExperimentName', nameRules);
  const displayName = optionalString(body, 'DisplayName', nameRules);
  const description = optionalString(body, 'Description', { max: 3072 });
  const arn = experimentArn(context.scope, name);
  const now = context.now();
  const document = {
    ExperimentName: name,
    ExperimentArn: arn,
    DisplayName: displayName ?? name,
    ...(description === undefined ? {} : { Description: description }),
  };
  // "already exists" is what the Python SDK's load-or-create looks for.
  if (!context.store.experiments.createExperiment({ name, arn, document: JSON.stringify(document), createdAt: now, modifiedAt: now }))
    throw validationError(`Experiment ${name} already exists: ${arn}`);
  recordTags(body, arn, context);
  return { ExperimentArn: arn };
}

function requireExperiment(operation: string, name: string, context: OperationContext): ExperimentRecord {
  const experiment = context.store.experiments.experiment(name);
  if (experiment === undefined) throw missingResource(operation, `Experiment ${name} does not exist.`);
  return experiment;
}

export function describeExperiment(body: RequestBody, context: OperationContext): DescribeExperimentResponse {
  const experiment = requireExperiment('DescribeExperiment', requiredString(body, 'ExperimentName', nameRules), context);
  return { ...documentOf(experiment), ...times(experiment), CreatedBy: {}, LastModifiedBy: {} };
}

/** A page of experiments or trials, each summarised by `members` of its document and its times. */
function listed(
  body: RequestBody,
  fetch: (query: ExperimentQuery) => ExperimentRecord[],
  members: readonly string[],
): { summaries: Document[]; nextToken: string | undefined } {
  const window = pageWindow(body, 10);
  const rows = fetch({
    sortBy: optionalEnum(body, 'SortBy', ['Name', 'CreationTime'] as const) === 'Name' ? 'name' : 'createdAt',
    descending: isDescending(body),
    createdAfter: optionalTimestamp(body, 'CreatedAfter'),
    createdBefore: optionalTimestamp(body, 'CreatedBefore'),
    offset: window.offset,
    limit: window.limit + 1,
  });
  const page = pageOf(rows, window);
  const summary = (row: ExperimentRecord): Document => {
    const document = documentOf(row);
    return { ...Object.fromEntries(members.map((member) => [member, document[member]])), ...times(row) };
  };
  return { summaries: page.items.map(summary), nextToken: page.nextToken };
}

export function listExperiments(body: RequestBody, context: OperationContext): ListExperimentsResponse {
  const { summaries, nextToken } = listed(body, (query) => context.store.experiments.listExperiments(query), [
    'ExperimentName',
    'ExperimentArn',
    'DisplayName',
  ]);
  return { ExperimentSummaries: summaries, NextToken: nextToken };
}

export function deleteExperiment(body: RequestBody, context: OperationContext): DeleteExperimentResponse {
  const name = requiredString(body, 'ExperimentName', nameRules);
  const experiment = requireExperiment('DeleteExperiment', name, context);
  const outcome = context.store.experiments.deleteExperiment(name);
  if (outcome === 'has-trials') throw validationError(`Experiment ${name} still has trials: delete them first.`);
  return { ExperimentArn: experiment.arn };
}

// ---- trials ----

export function createTrial(body: RequestBody, context: OperationContext): CreateTrialResponse {
  const name = requiredString(body, 'TrialName', nameRules);
  const experiment = requireExperiment('CreateTrial', requiredString(body, 'ExperimentName', nameRules), context);
  const displayName = optionalString(body, 'DisplayName', nameRules);
  const metadata = optionalObject(body, 'MetadataProperties');
  const arn = trialArn(context.scope, name);
  const now = context.now();
  const document = {
    TrialName: name,
    TrialArn: arn,
    DisplayName: displayName ?? name,
    ExperimentName: experiment.name,
    ...(metadata === undefined ? {} : { MetadataProperties: metadata }),
  };
  const created = context.store.experiments.createTrial({
    name,
    arn,
    experimentName: experiment.name,
    document: JSON.stringify(document),
    createdAt: now,
    modifiedAt: now,
  });
  if (!created) throw validationError(`Trial ${name} already exists: ${arn}`);
  recordTags(body, arn, context);
  return { TrialArn: arn };
}

function requireTrial(operation: string, name: string, context: OperationContext) {
  const trial = context.store.experiments.trial(name);
  if (trial === undefined) throw missingResource(operation, `Trial ${name} does not exist.`);
  return trial;
}

export function describeTrial(body: RequestBody, context: OperationContext): DescribeTrialResponse {
  const trial = requireTrial('DescribeTrial', requiredString(body, 'TrialName', nameRules), context);
  return { ...documentOf(trial), ...times(trial), CreatedBy: {}, LastModifiedBy: {} };
}

export function listTrials(body: RequestBody, context: OperationContext): ListTrialsResponse {
  const experimentName = optionalString(body, 'ExperimentName', nameRules);
  if (experimentName !== undefined) requireExperiment('ListTrials', experimentName, context);
  const trialComponentName = optionalString(body, 'TrialComponentName', nameRules);
  if (trialComponentName !== undefined) requireTrialComponent('ListTrials', trialComponentName, context);
  const { summaries, nextToken } = listed(body, (query) => context.store.experiments.listTrials({ ...query, experimentName, trialComponentName }), [
    'TrialName',
    'TrialArn',
    'DisplayName',
  ]);
  return { TrialSummaries: summaries, NextToken: nextToken };
}

export function deleteTrial(body: RequestBody, context: OperationContext): DeleteTrialResponse {
  const name = requiredString(body, 'TrialName', nameRules);
  const trial = requireTrial('DeleteTrial', name, context);
  if (context.store.experiments.deleteTrial(name) === 'has-components')
    throw validationError(`Trial ${name} still has trial components: disassociate them first.`);
  return { TrialArn: trial.arn };
}

// ---- trial components ----

export function requireTrialComponent(operation: string, name: string, context: OperationContext): LineageEntityRecord {
  const entity = context.store.lineage.entity(trialComponentArn(context.scope, name));
  if (entity === undefined || entity.kind !== 'TrialComponent') throw missingResource(operation, `Trial component ${name} does not exist.`);
  return entity;
}

/** A map of parameters: each value a StringValue or a NumberValue. */
function readParameters(body: RequestBody): Document | undefined {
  const given = optionalObject(body, 'Parameters');
  if (given === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(given).map(([key, value]) => {
      const entry = typeof value === 'object' && value !== null ? (value as Document) : {};
      const text = entry.StringValue;
      const number = entry.NumberValue;
      if ((typeof text === 'string') === (typeof number === 'number'))
        throw validationError(`Parameters.${key} must have either a StringValue or a NumberValue`);
      return [key, typeof text === 'string' ? { StringValue: text } : { NumberValue: number }];
    }),
  );
}

function readArtifacts(body: RequestBody, member: string): Document | undefined {
  const given = optionalObject(body, member);
  if (given === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(given).map(([key, value]) => {
      const entry = typeof value === 'object' && value !== null ? (value as RequestBody) : {};
      const mediaType = optionalString(entry, 'MediaType', { max: 64 });
      return [key, { ...(mediaType === undefined ? {} : { MediaType: mediaType }), Value: requiredString(entry, 'Value', { max: 2048 }) }];
    }),
  );
}

function readStatus(body: RequestBody): Document | undefined {
  const status = optionalObject(body, 'Status');
  if (status === undefined) return undefined;
  const primary = optionalEnum(status, 'PrimaryStatus', primaryStatuses);
  const message = optionalString(status, 'Message', { max: 1024 });
  return { ...(primary === undefined ? {} : { PrimaryStatus: primary }), ...(message === undefined ? {} : { Message: message }) };
}

/** The members a create or update request sets, as the document keeps them (times as epoch seconds). */
function readChanges(body: RequestBody): Document {
  const start = optionalTimestamp(body, 'StartTime');
  const end = optionalTimestamp(body, 'EndTime');
  const members: Document = {
    DisplayName: optionalString(body, 'DisplayName', nameRules),
    Status: readStatus(body),
    StartTime: start === undefined ? undefined : start / 1000,
    EndTime: end === undefined ? undefined : end / 1000,
    Parameters: readParameters(body),
    InputArtifacts: readArtifacts(body, 'InputArtifacts'),
    OutputArtifacts: readArtifacts(body, 'OutputArtifacts'),
  };
  return Object.fromEntries(Object.entries(members).filter(([, value]) => value !== undefined));
}

export function createTrialComponent(body: RequestBody, context: OperationContext): CreateTrialComponentResponse {
  const name = requiredString(body, 'TrialComponentName', nameRules);
  const metadata = optionalObject(body, 'MetadataProperties');
  const arn = trialComponentArn(context.scope, name);
  const now = context.now();
  const document = { TrialComponentName: name, DisplayName: name, ...readChanges(body), ...(metadata === undefined ? {} : { MetadataProperties: metadata }) };
  const inserted = context.store.lineage.insertEntity({
    arn,
    kind: 'TrialComponent',
    name,
    type: null,
    sourceUri: null,
    document: JSON.stringify(document),
    createdAt: now,
    modifiedAt: now,
  });
  if (!inserted) throw validationError(`Trial component ${name} already exists: ${arn}`);
  // A name used before: what was associated with and logged to the old one is not the new one's.
  context.store.experiments.forgetTrialComponent(name);
  recordTags(body, arn, context);
  return { TrialComponentArn: arn };
}

/** Sets what the request gives; Parameters and artifacts are merged by key, and the `…ToRemove` keys removed. */
export function updateTrialComponent(body: RequestBody, context: OperationContext): UpdateTrialComponentResponse {
  const name = requiredString(body, 'TrialComponentName', nameRules);
  const entity = requireTrialComponent('UpdateTrialComponent', name, context);
  const current = documentOf(entity);
  const changes = readChanges(body);
  const merged = (member: string, removals: string): Document => {
    const keys = (optionalArray(body, removals, { max: 1000 }) ?? []).map(String);
    const map: Document = { ...((current[member] as Document | undefined) ?? {}), ...((changes[member] as Document | undefined) ?? {}) };
    for (const key of keys) delete map[key];
    return map;
  };
  const document: Document = { ...current, ...changes };
  for (const [member, removals] of [
    ['Parameters', 'ParametersToRemove'],
    ['InputArtifacts', 'InputArtifactsToRemove'],
    ['OutputArtifacts', 'OutputArtifactsToRemove'],
  ] as const) {
    document[member] = merged(member, removals);
  }
  context.store.lineage.putEntity({ ...entity, document: JSON.stringify(document), modifiedAt: context.now() });
  return { TrialComponentArn: entity.arn };
}

export function deleteTrialComponent(body: RequestBody, context: OperationContext): DeleteTrialComponentResponse {
  const name = requiredString(body, 'TrialComponentName', nameRules);
  const entity = requireTrialComponent('DeleteTrialComponent', name, context);
  const parents = context.store.experiments.parents(entity.name ?? name);
  if (parents.length > 0)
    throw validationError(`Trial component ${name} is associated with trial ${parents.map((parent) => parent.trialName).join(', ')}: disassociate it first.`);
  context.store.lineage.deleteEntity(entity.arn);
  context.store.experiments.forgetTrialComponent(entity.name ?? name);
  return { TrialComponentArn: entity.arn };
}

export function associateTrialComponent(body: RequestBody, context: OperationContext): AssociateTrialComponentResponse {
  const entity = requireTrialComponent('AssociateTrialComponent', requiredString(body, 'TrialComponentName', nameRules), context);
  const trial = requireTrial('AssociateTrialComponent', requiredString(body, 'TrialName', nameRules), context);
  context.store.experiments.associate(trial.name, entity.name ?? '', context.now());
  return { TrialComponentArn: entity.arn, TrialArn: trial.arn };
}

export function disassociateTrialComponent(body: RequestBody, context: OperationContext): DisassociateTrialComponentResponse {
  const entity = requireTrialComponent('DisassociateTrialComponent', requiredString(body, 'TrialComponentName', nameRules), context);
  const trial = requireTrial('DisassociateTrialComponent', requiredString(body, 'TrialName', nameRules), context);
  if (!context.store.experiments.dissociate(trial.name, entity.name ?? ''))
    throw missingResource('DisassociateTrialComponent', `Trial component ${entity.name ?? ''} is not associated with trial ${trial.name}.`);
  return { TrialComponentArn: entity.arn, TrialArn: trial.arn };
}

/** The trial components a trial (or every trial of an experiment) holds, for ListTrialComponents' filters. */
export function trialComponentsOf(body: RequestBody, context: OperationContext): Set<string> | undefined {
  const trialName = optionalString(body, 'TrialName', nameRules);
  const experimentName = optionalString(body, 'ExperimentName', nameRules);
  if (trialName !== undefined) {
    const trial = requireTrial('ListTrialComponents', trialName, context);
    return new Set(context.store.experiments.members(trial.name, 'trial').map((name) => name.toLowerCase()));
  }
  if (experimentName !== undefined) {
    const experiment = requireExperiment('ListTrialComponents', experimentName, context);
    return new Set(context.store.experiments.members(experiment.name, 'experiment').map((name) => name.toLowerCase()));
  }
  return undefined;
}

/**
 * DescribeTrialComponent's Metrics: each metric's count, minimum, maximum, mean, sample standard deviation and last
 * value (the latest logged). A run's are those logged to it (BatchPutMetrics); a training job's, those its
 * MetricDefinitions captured.
 */
export function metricSummaries(entity: LineageEntityRecord, context: OperationContext): TrialComponentMetricSummary[] {
  const source = typeof entity.sourceUri === 'string' && entity.type === 'TrainingJob' ? entity.sourceUri.split('/').pop() : undefined;
  const job = source === undefined ? undefined : context.store.jobs.get('TrainingJob', source);
  const points = job === undefined ? context.store.experiments.metricPoints(entity.name ?? '') : context.store.trainingMetrics.allPoints(job.name);
  const byName = new Map<string, MetricPointOf[]>();
  for (const point of points) byName.set(point.metricName, [...(byName.get(point.metricName) ?? []), point]);
  return [...byName]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([MetricName, series]) => {
      const values = series.map((point) => point.value);
      const count = values.length;
      const mean = values.reduce((sum, value) => sum + value, 0) / count;
      const variance = count < 2 ? 0 : values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (count - 1);
      const last = series.reduce((latest, point) => (point.timestamp >= latest.timestamp ? point : latest));
      return {
        MetricName,
        ...(job === undefined ? {} : { SourceArn: job.arn }),
        TimeStamp: toDate(last.timestamp * 1000),
        Max: Math.max(...values),
        Min: Math.min(...values),
        Last: last.value,
        Count: count,
        Avg: mean,
        StdDev: Math.sqrt(variance),
      };
    });
}

// ---- metrics ----

/** SageMaker Metrics' BatchPutMetrics (PUT /BatchPutMetrics): values a run logs, by metric, step and time. */
export function batchPutMetrics(body: RequestBody, context: OperationContext): Output<'SageMakerMetrics.BatchPutMetrics'> {
  const name = requiredString(body, 'TrialComponentName', nameRules);
  const data = optionalArray(body, 'MetricData', { max: 10 });
  if (data === undefined || data.length === 0)
    throw constraintError('metricData', data === undefined ? 'null' : '[]', 'Member must have length greater than or equal to 1');
  // Answered as DescribeTrialComponent answers a trial component that does not exist: SageMaker Metrics' model names no error.
  const entity = requireTrialComponent('DescribeTrialComponent', name, context);
  const errors: { Code: 'VALIDATION_ERROR'; MetricIndex: number }[] = [];
  const points: { name: string; step: number | null; timestamp: number; value: number }[] = [];
  data.forEach((item, index) => {
    const datum = typeof item === 'object' && item !== null ? (item as Document) : {};
    const { MetricName, Timestamp, Step, Value } = datum;
    const valid =
      typeof MetricName === 'string' &&
      /^.{1,255}$/.test(MetricName) &&
      typeof Timestamp === 'number' &&
      Number.isFinite(Timestamp) &&
      typeof Value === 'number' &&
      Number.isFinite(Value) &&
      (Step === undefined || (Number.isInteger(Step) && Number(Step) >= 0));
    if (!valid) errors.push({ Code: 'VALIDATION_ERROR', MetricIndex: index });
    else points.push({ name: MetricName, step: Step === undefined ? null : Number(Step), timestamp: Timestamp, value: Value });
  });
  context.store.experiments.putMetrics(entity.name ?? name, points);
  return errors.length === 0 ? {} : { Errors: errors };
}
