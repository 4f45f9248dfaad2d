/**
 * Describe and List for the jobs and models pipeline steps create here. Transform and tuning jobs do not
 * run locally yet: their lists are empty and describing one is ResourceNotFound.
 */
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
      for (const key of ['ProcessingEndTime', 'TrainingEndTime', 'FailureReason']) if (key in document) summary[key] = document[key];
      return withDates(summary);
    });
    return { [info.listMember]: summaries, NextToken: page.nextToken };
  };
}

function notRunHere(label: string, nameMember: string) {
  return (body: RequestBody): object => {
    const name = requiredString(body, nameMember, { min: 1, max: 63 });
    throw resourceNotFound(`${label} ${name} does not exist: ${label.toLowerCase()}s do not run on this machine yet.`);
  };
}

const emptyList = (member: string) => (body: RequestBody): object => {
  pageWindow(body, 10);
  return { [member]: [] };
};

export const describeProcessingJob = describe(kinds.processing);
export const listProcessingJobs = list(kinds.processing);
export const describeTrainingJob = describe(kinds.training);
export const listTrainingJobs = list(kinds.training);
export const describeModel = describe(kinds.model);
export const listModels = list(kinds.model);
export const describeTransformJob = notRunHere('Transform job', 'TransformJobName');
export const listTransformJobs = emptyList('TransformJobSummaries');
export const describeHyperParameterTuningJob = notRunHere('Hyperparameter tuning job', 'HyperParameterTuningJobName');
export const listHyperParameterTuningJobs = emptyList('HyperParameterTuningJobSummaries');
