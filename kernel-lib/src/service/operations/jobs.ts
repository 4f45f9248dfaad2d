/** Describe and List for the jobs and models pipeline steps create here. */
import type { JobKind } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { resourceNotFound } from '../errors.js';
import { optionalString, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import { isDescending, toDate } from './shared.js';

interface JobKindInfo {
  kind: JobKind;
  nameMember: string;
  listMember: string;
  statusMember?: string;
  label: string;
}

const kinds = {
  processing: { kind: 'ProcessingJob', nameMember: 'ProcessingJobName', listMember: 'ProcessingJobSummaries', statusMember: 'ProcessingJobStatus', label: 'Processing job' },
  training: { kind: 'TrainingJob', nameMember: 'TrainingJobName', listMember: 'TrainingJobSummaries', statusMember: 'TrainingJobStatus', label: 'Training job' },
  tuning: {
    kind: 'HyperParameterTuningJob',
    nameMember: 'HyperParameterTuningJobName',
    listMember: 'HyperParameterTuningJobSummaries',
    statusMember: 'HyperParameterTuningJobStatus',
    label: 'Hyperparameter tuning job',
  },
  transform: { kind: 'TransformJob', nameMember: 'TransformJobName', listMember: 'TransformJobSummaries', statusMember: 'TransformJobStatus', label: 'Transform job' },
  model: { kind: 'Model', nameMember: 'ModelName', listMember: 'Models', label: 'Model' },
} as const satisfies Record<string, JobKindInfo>;

/** Timestamps are kept as epoch seconds in documents; clients want them as dates. */
function withDates(document: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, /Time$/.test(key) && typeof value === 'number' ? toDate(value * 1000) : value]));
}

function describe(info: JobKindInfo) {
  return (body: RequestBody, context: OperationContext): object => {
    const name = requiredString(body, info.nameMember, { min: 1, max: 63 });
    const job = context.store.jobs.get(info.kind, name);
    if (job === undefined) throw resourceNotFound(`${info.label} ${name} does not exist.`);
    return withDates(JSON.parse(job.document) as Record<string, unknown>);
  };
}

function list(info: JobKindInfo) {
  return (body: RequestBody, context: OperationContext): object => {
    const window = pageWindow(body, 10);
    const rows = context.store.jobs.list({
      kind: info.kind,
      nameContains: optionalString(body, 'NameContains', { max: 63 }),
      status: info.statusMember === undefined ? undefined : optionalString(body, 'StatusEquals'),
      createdAfter: optionalTimestamp(body, 'CreationTimeAfter'),
      createdBefore: optionalTimestamp(body, 'CreationTimeBefore'),
      descending: isDescending(body),
      ...window,
    });
    const page = pageOf(rows, window);
    const summaries = page.items.map((row) => {
      const document = JSON.parse(row.document) as Record<string, unknown>;
      const summary: Record<string, unknown> = { [info.nameMember]: row.name, [`${info.kind}Arn`]: row.arn, CreationTime: toDate(row.createdAt) };
      if (info.statusMember !== undefined) summary[info.statusMember] = row.status;
      for (const key of ['ProcessingEndTime', 'TrainingEndTime', 'TransformEndTime', 'HyperParameterTuningEndTime', 'FailureReason']) if (key in document) summary[key] = document[key];
      return withDates(summary);
    });
    return { [info.listMember]: summaries, NextToken: page.nextToken };
  };
}

export const describeProcessingJob = describe(kinds.processing);
export const listProcessingJobs = list(kinds.processing);
export const describeTrainingJob = describe(kinds.training);
export const listTrainingJobs = list(kinds.training);
export const describeModel = describe(kinds.model);
export const listModels = list(kinds.model);
export const describeTransformJob = describe(kinds.transform);
export const listTransformJobs = list(kinds.transform);
export const describeHyperParameterTuningJob = describe(kinds.tuning);
export const listHyperParameterTuningJobs = list(kinds.tuning);

/** The training jobs a tuning job ran, best objective first (or as SortBy/SortOrder ask). */
export function listTrainingJobsForHyperParameterTuningJob(body: RequestBody, context: OperationContext): object {
  const name = requiredString(body, 'HyperParameterTuningJobName', { min: 1, max: 32 });
  const job = context.store.jobs.get('HyperParameterTuningJob', name);
  if (job === undefined) throw resourceNotFound(`Hyperparameter tuning job ${name} does not exist.`);
  const window = pageWindow(body, 10);
  const summaries = (JSON.parse(job.document) as { TrainingJobSummaries?: Record<string, unknown>[] }).TrainingJobSummaries ?? [];
  const sortBy = optionalString(body, 'SortBy') ?? 'FinalObjectiveMetricValue';
  const sorted = sortBy === 'FinalObjectiveMetricValue' ? [...summaries] : [...summaries].sort((a, b) => String(a[sortBy === 'Name' ? 'TrainingJobName' : sortBy === 'Status' ? 'TrainingJobStatus' : 'CreationTime']).localeCompare(String(b[sortBy === 'Name' ? 'TrainingJobName' : sortBy === 'Status' ? 'TrainingJobStatus' : 'CreationTime'])));
  if (optionalString(body, 'SortOrder') === (sortBy === 'FinalObjectiveMetricValue' ? 'Ascending' : 'Descending')) sorted.reverse();
  const page = pageOf(sorted.slice(window.offset, window.offset + window.limit + 1), window);
  return { TrainingJobSummaries: page.items.map(withDates), NextToken: page.nextToken };
}
