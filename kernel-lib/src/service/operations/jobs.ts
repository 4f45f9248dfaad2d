/** Describe and List for the jobs and models pipeline steps create here. */
import type { JobKind } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { modelArn } from '../arns.js';
import { missingResource } from '../differences.js';
import { optionalEnum, optionalString, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import type { Output } from '../protocol.js';
import { toDate } from './shared.js';

interface JobKindInfo {
  kind: JobKind;
  nameMember: string;
  listMember: string;
  statusMember?: string;
  /** The values of StatusEquals, as the model's enum has them. */
  statuses?: readonly string[];
  label: string;
  /** SortBy's values and the defaults of SortBy and SortOrder, as the model's documentation gives them for this list. */
  sortBy: readonly ('Name' | 'CreationTime' | 'Status')[];
  defaultSortBy: 'Name' | 'CreationTime';
  defaultOrder: 'Ascending' | 'Descending';
  /** The members a summary has besides name, ARN, CreationTime and status, read from the Describe document. */
  summary: (document: Record<string, unknown>) => Record<string, unknown>;
}

const jobStatuses = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;
const picked = (document: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(keys.filter((key) => document[key] !== undefined).map((key) => [key, document[key]]));

const kinds = {
  processing: {
    kind: 'ProcessingJob',
    nameMember: 'ProcessingJobName',
    listMember: 'ProcessingJobSummaries',
    statusMember: 'ProcessingJobStatus',
    statuses: jobStatuses,
    label: 'Processing job',
    sortBy: ['Name', 'CreationTime', 'Status'],
    defaultSortBy: 'CreationTime',
    defaultOrder: 'Ascending',
    summary: (document) => picked(document, ['ProcessingEndTime', 'LastModifiedTime', 'FailureReason', 'ExitMessage']),
  },
  training: {
    kind: 'TrainingJob',
    nameMember: 'TrainingJobName',
    listMember: 'TrainingJobSummaries',
    statusMember: 'TrainingJobStatus',
    statuses: [...jobStatuses, 'Deleting'],
    label: 'Training job',
    sortBy: ['Name', 'CreationTime', 'Status'],
    defaultSortBy: 'CreationTime',
    defaultOrder: 'Ascending',
    summary: (document) => picked(document, ['TrainingEndTime', 'LastModifiedTime', 'SecondaryStatus']),
  },
  tuning: {
    kind: 'HyperParameterTuningJob',
    nameMember: 'HyperParameterTuningJobName',
    listMember: 'HyperParameterTuningJobSummaries',
    statusMember: 'HyperParameterTuningJobStatus',
    statuses: ['Completed', 'InProgress', 'Failed', 'Stopped', 'Stopping', 'Deleting', 'DeleteFailed'],
    label: 'Hyperparameter tuning job',
    sortBy: ['Name', 'CreationTime', 'Status'],
    defaultSortBy: 'Name',
    defaultOrder: 'Ascending',
    summary: (document) => {
      const config = (document.HyperParameterTuningJobConfig ?? {}) as Record<string, unknown>;
      return {
        ...picked(config, ['Strategy', 'ResourceLimits']),
        ...picked(document, ['HyperParameterTuningEndTime', 'LastModifiedTime', 'TrainingJobStatusCounters', 'ObjectiveStatusCounters']),
      };
    },
  },
  transform: {
    kind: 'TransformJob',
    nameMember: 'TransformJobName',
    listMember: 'TransformJobSummaries',
    statusMember: 'TransformJobStatus',
    statuses: jobStatuses,
    label: 'Transform job',
    sortBy: ['Name', 'CreationTime', 'Status'],
    defaultSortBy: 'CreationTime',
    defaultOrder: 'Descending',
    summary: (document) => picked(document, ['TransformEndTime', 'LastModifiedTime', 'FailureReason']),
  },
  model: {
    kind: 'Model',
    nameMember: 'ModelName',
    listMember: 'Models',
    label: 'Model',
    sortBy: ['Name', 'CreationTime'],
    defaultSortBy: 'CreationTime',
    defaultOrder: 'Descending',
    summary: () => ({}),
  },
} as const satisfies Record<string, JobKindInfo>;

/** A response assembled from stored documents, before it is read as its operation's shape. */
const loose = (value: Record<string, unknown>): Record<string, unknown> => value;

/** Timestamps are kept as epoch seconds in documents; clients want them as dates. */
function withDates(document: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(document).map(([key, value]) => [key, /Time$/.test(key) && typeof value === 'number' ? toDate(value * 1000) : value]),
  );
}

// A job's document is the Describe response its Create stored, so it is read back as that operation's shape.
function describe<Name extends DescribeName>(info: JobKindInfo) {
  return (body: RequestBody, context: OperationContext): Output<Name> => {
    const name = requiredString(body, info.nameMember, { min: 1, max: 63 });
    const job = context.store.jobs.get(info.kind, name);
    if (job === undefined) throw missingResource(`Describe${info.kind}`, `${info.label} ${name} does not exist.`);
    return withDates(JSON.parse(job.document) as Record<string, unknown>) as Output<Name>;
  };
}

const sortColumns = { Name: 'name', CreationTime: 'createdAt', Status: 'status' } as const;

// Summaries are built from the documents member by member (info.summary), so the page is that list's shape.
function list<Name extends ListName>(info: JobKindInfo) {
  return (body: RequestBody, context: OperationContext): Output<Name> => {
    const window = pageWindow(body, 10);
    // No local training job has a warm pool, so a warm pool filter matches none.
    if (info.kind === 'TrainingJob' && optionalEnum(body, 'WarmPoolStatusEquals', ['Available', 'Terminated', 'Reused', 'InUse'] as const) !== undefined)
      return loose({ [info.listMember]: [] }) as Output<Name>;
    const sortBy = optionalEnum(body, 'SortBy', info.sortBy) ?? info.defaultSortBy;
    const sortOrder = optionalEnum(body, 'SortOrder', ['Ascending', 'Descending'] as const) ?? info.defaultOrder;
    const rows = context.store.jobs.list({
      kind: info.kind,
      nameContains: optionalString(body, 'NameContains', { max: 63 }),
      status: info.statuses === undefined ? undefined : optionalEnum(body, 'StatusEquals', info.statuses),
      createdAfter: optionalTimestamp(body, 'CreationTimeAfter'),
      createdBefore: optionalTimestamp(body, 'CreationTimeBefore'),
      sortBy: sortColumns[sortBy],
      descending: sortOrder === 'Descending',
      ...window,
    });
    const page = pageOf(rows, window);
    const summaries = page.items.map((row) => {
      const document = JSON.parse(row.document) as Record<string, unknown>;
      const summary: Record<string, unknown> = {
        [info.nameMember]: row.name,
        [`${info.kind}Arn`]: row.arn,
        CreationTime: toDate(row.createdAt),
        ...info.summary(document),
      };
      if (info.statusMember !== undefined) summary[info.statusMember] = row.status;
      return withDates(summary);
    });
    return { [info.listMember]: summaries, NextToken: page.nextToken } as Output<Name>;
  };
}

type DescribeName =
  'SageMaker.DescribeProcessingJob' | 'SageMaker.DescribeTrainingJob' | 'SageMaker.DescribeTransformJob' | 'SageMaker.DescribeHyperParameterTuningJob';
type ListName =
  | 'SageMaker.ListProcessingJobs'
  | 'SageMaker.ListTrainingJobs'
  | 'SageMaker.ListModels'
  | 'SageMaker.ListTransformJobs'
  | 'SageMaker.ListHyperParameterTuningJobs';

export const describeProcessingJob = describe<'SageMaker.DescribeProcessingJob'>(kinds.processing);
export const listProcessingJobs = list<'SageMaker.ListProcessingJobs'>(kinds.processing);
export const describeTrainingJob = describe<'SageMaker.DescribeTrainingJob'>(kinds.training);
export const listTrainingJobs = list<'SageMaker.ListTrainingJobs'>(kinds.training);
/** As SageMaker answers DescribeModel (and DeleteModel) for a model it does not have: ValidationException. */
export function describeModel(body: RequestBody, context: OperationContext): Output<'SageMaker.DescribeModel'> {
  const name = requiredString(body, 'ModelName', { min: 1, max: 63 });
  const model = context.store.jobs.get('Model', name);
  if (model === undefined) throw missingResource('DescribeModel', `Could not find model "${modelArn(context.scope, name)}".`);
  return withDates(JSON.parse(model.document) as Record<string, unknown>) as Output<'SageMaker.DescribeModel'>;
}
export const listModels = list<'SageMaker.ListModels'>(kinds.model);
export const describeTransformJob = describe<'SageMaker.DescribeTransformJob'>(kinds.transform);
export const listTransformJobs = list<'SageMaker.ListTransformJobs'>(kinds.transform);
/**
 * The tuning job without what its document keeps for the local engine: the trials' summaries (that is
 * ListTrainingJobsForHyperParameterTuningJob) and the program an estimator's code runs with (ContainerEntrypoint,
 * which HyperParameterAlgorithmSpecification does not have).
 */
export function describeHyperParameterTuningJob(body: RequestBody, context: OperationContext): Output<'SageMaker.DescribeHyperParameterTuningJob'> {
  // The stored document has members SageMaker's shape does not (the trials, the entrypoint), so it is read loosely.
  const { TrainingJobSummaries: _trials, ...described } = describe<'SageMaker.DescribeHyperParameterTuningJob'>(kinds.tuning)(body, context) as Record<
    string,
    unknown
  >;
  const definition = described.TrainingJobDefinition as Record<string, unknown> | undefined;
  const algorithm = definition?.AlgorithmSpecification as Record<string, unknown> | undefined;
  if (definition === undefined || algorithm === undefined) return described as Output<'SageMaker.DescribeHyperParameterTuningJob'>;
  const { ContainerEntrypoint: _entrypoint, ContainerArguments: _arguments, ...modelled } = algorithm;
  return loose({
    ...described,
    TrainingJobDefinition: { ...definition, AlgorithmSpecification: modelled },
  }) as Output<'SageMaker.DescribeHyperParameterTuningJob'>;
}
export const listHyperParameterTuningJobs = list<'SageMaker.ListHyperParameterTuningJobs'>(kinds.tuning);

const trialSortKeys = { Name: 'TrainingJobName', CreationTime: 'CreationTime', Status: 'TrainingJobStatus' } as const;
const compare = (a: unknown, b: unknown): number => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a ?? '').localeCompare(String(b ?? '')));

/**
 * The training jobs a tuning job ran, by Name unless SortBy says otherwise (as documented). By
 * FinalObjectiveMetricValue, only the jobs that reported it, best first for the objective's type unless
 * SortOrder asks for a direction.
 */
export function listTrainingJobsForHyperParameterTuningJob(
  body: RequestBody,
  context: OperationContext,
): Output<'SageMaker.ListTrainingJobsForHyperParameterTuningJob'> {
  const name = requiredString(body, 'HyperParameterTuningJobName', { min: 1, max: 32 });
  const job = context.store.jobs.get('HyperParameterTuningJob', name);
  if (job === undefined) throw missingResource('ListTrainingJobsForHyperParameterTuningJob', `Hyperparameter tuning job ${name} does not exist.`);
  const window = pageWindow(body, 10);
  const sortBy = optionalEnum(body, 'SortBy', ['Name', 'CreationTime', 'Status', 'FinalObjectiveMetricValue'] as const) ?? 'Name';
  const sortOrder = optionalEnum(body, 'SortOrder', ['Ascending', 'Descending'] as const);
  const status = optionalEnum(body, 'StatusEquals', [...jobStatuses, 'Deleting'] as const);
  const document = JSON.parse(job.document) as {
    TrainingJobSummaries?: Record<string, unknown>[];
    HyperParameterTuningJobConfig?: { HyperParameterTuningJobObjective?: { Type?: string } };
  };
  const trials = (document.TrainingJobSummaries ?? []).filter((trial) => status === undefined || trial.TrainingJobStatus === status);
  let sorted: Record<string, unknown>[];
  if (sortBy === 'FinalObjectiveMetricValue') {
    const objective = (trial: Record<string, unknown>) => (trial.FinalHyperParameterTuningJobObjectiveMetric as { Value?: number } | undefined)?.Value;
    const minimize = document.HyperParameterTuningJobConfig?.HyperParameterTuningJobObjective?.Type === 'Minimize';
    const ascending = sortOrder === undefined ? minimize : sortOrder === 'Ascending';
    sorted = trials
      .filter((trial) => typeof objective(trial) === 'number')
      .sort((a, b) => (ascending ? objective(a)! - objective(b)! : objective(b)! - objective(a)!));
  } else {
    const key = trialSortKeys[sortBy];
    sorted = [...trials].sort((a, b) => compare(a[key], b[key]));
    if (sortOrder === 'Descending') sorted.reverse();
  }
  const page = pageOf(sorted.slice(window.offset, window.offset + window.limit + 1), window);
  // The trials were stored as HyperParameterTrainingJobSummary members when the tuning job ran them.
  return loose({
    TrainingJobSummaries: page.items.map(withDates),
    NextToken: page.nextToken,
  }) as Output<'SageMaker.ListTrainingJobsForHyperParameterTuningJob'>;
}
