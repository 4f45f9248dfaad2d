/**
 * Training jobs' metrics over their run, in the shapes of SageMaker Metrics' BatchGetMetrics (a service of its
 * own on SageMaker, `sagemaker-metrics`; here a `SluiceLocal.` target of the one endpoint). The values are those
 * the job's MetricDefinitions captured in its log, recorded by the engine when the job ended.
 */
import type { MetricPointRecord } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { constraintError, optionalArray, optionalEnum, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import type { MetricQuery, MetricQueryResult, Output } from '../protocol.js';

const stats = ['Min', 'Max', 'Avg', 'Count', 'StdDev', 'Last'] as const;
const periods = ['OneMinute', 'FiveMinute', 'OneHour', 'IterationNumber'] as const;
const axes = ['IterationNumber', 'Timestamp'] as const;
const periodSeconds: Record<MetricQuery['Period'], number | undefined> = { OneMinute: 60, FiveMinute: 300, OneHour: 3600, IterationNumber: undefined };
const trainingJobArn = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:training-job\/(.+)$/;

/** `{MetricQueries}` → one result per query, in order; a query naming no known training job gets its own ValidationError. */
export function batchGetMetrics(body: RequestBody, context: OperationContext): Output<'SluiceLocal.BatchGetMetrics'> {
  const queries = optionalArray(body, 'MetricQueries', { max: 100 });
  if (queries === undefined || queries.length === 0)
    throw constraintError('metricQueries', queries === undefined ? 'null' : '[]', 'Member must have length greater than or equal to 1');
  return { MetricQueryResults: queries.map((item, index) => answer(metricQuery(item, index), context)) };
}

function metricQuery(item: unknown, index: number): MetricQuery {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw constraintError(`metricQueries.${index + 1}`, JSON.stringify(item), 'Member must be an object');
  const body = item as RequestBody;
  const required = <const T extends string>(name: string, allowed: readonly T[]): T => {
    const value = optionalEnum(body, name, allowed);
    if (value === undefined) throw constraintError(`metricQueries.${index + 1}.${name}`, 'null', 'Member must not be null');
    return value;
  };
  const start = optionalTimestamp(body, 'Start');
  const end = optionalTimestamp(body, 'End');
  return {
    MetricName: requiredString(body, 'MetricName', { min: 1, max: 255 }),
    ResourceArn: requiredString(body, 'ResourceArn', { min: 1, max: 2048 }),
    MetricStat: required('MetricStat', stats),
    Period: required('Period', periods),
    XAxisType: required('XAxisType', axes),
    ...(start === undefined ? {} : { Start: start / 1000 }),
    ...(end === undefined ? {} : { End: end / 1000 }),
  };
}

function answer(query: MetricQuery, context: OperationContext): MetricQueryResult {
  const jobName = trainingJobArn.exec(query.ResourceArn)?.[1];
  if (jobName === undefined || context.store.jobs.get('TrainingJob', jobName) === undefined) {
    return { Status: 'ValidationError', Message: `No training job has the ARN ${query.ResourceArn}.`, XAxisValues: [], MetricValues: [] };
  }
  const points = context.store.trainingMetrics
    .points(jobName, query.MetricName)
    .filter((point) => (query.Start === undefined || point.timestamp >= query.Start) && (query.End === undefined || point.timestamp <= query.End));
  const XAxisValues: number[] = [];
  const MetricValues: number[] = [];
  for (const group of groups(points, periodSeconds[query.Period])) {
    const last = group[group.length - 1];
    XAxisValues.push(query.XAxisType === 'IterationNumber' ? last.iteration : query.Period === 'IterationNumber' ? last.timestamp : bucketStart(last, query));
    MetricValues.push(
      statistic(
        query.MetricStat,
        group.map((point) => point.value),
      ),
    );
  }
  return { Status: 'Complete', XAxisValues, MetricValues };
}

const bucketStart = (point: MetricPointRecord, query: MetricQuery): number => {
  const seconds = periodSeconds[query.Period] ?? 1;
  return Math.floor(point.timestamp / seconds) * seconds;
};

/** Points in order, grouped per iteration (each its own) or per period of time. */
function groups(points: readonly MetricPointRecord[], seconds: number | undefined): MetricPointRecord[][] {
  if (seconds === undefined) return points.map((point) => [point]);
  const grouped: MetricPointRecord[][] = [];
  for (const point of points) {
    const current = grouped[grouped.length - 1];
    if (current !== undefined && Math.floor(current[0].timestamp / seconds) === Math.floor(point.timestamp / seconds)) current.push(point);
    else grouped.push([point]);
  }
  return grouped;
}

function statistic(stat: MetricQuery['MetricStat'], values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  switch (stat) {
    case 'Min':
      return Math.min(...values);
    case 'Max':
      return Math.max(...values);
    case 'Avg':
      return mean;
    case 'Count':
      return values.length;
    case 'StdDev':
      return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
    case 'Last':
      return values[values.length - 1];
  }
}
