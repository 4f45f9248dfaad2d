/**
 * CloudWatch's GetMetricStatistics (target prefix `GraniteServiceVersion20100801.`, the JSON protocol boto3 speaks)
 * over the metrics training jobs' MetricDefinitions captured: namespace `/aws/sagemaker/TrainingJobs`, a job named
 * by the dimension TrainingJobName (as the Python SDK's TrainingJobAnalytics asks) or Host `<job>/algo-1` (as
 * SageMaker publishes them). Other namespaces and metrics have no data points, as CloudWatch answers for a metric
 * nobody published.
 */
import type { OperationContext } from '../context.js';
import { AwsError } from '../errors.js';
import { optionalArray, optionalInteger, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import type { MetricDatapoint, MetricStatistic, Output } from '../protocol.js';

export const cloudWatchTargetPrefix = 'GraniteServiceVersion20100801.';
/** The signing name of a CloudWatch client. */
export const cloudWatchSigningName = 'monitoring';

export const trainingJobsNamespace = '/aws/sagemaker/TrainingJobs';
const hostSuffix = '/algo-1';
const statistics = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const satisfies readonly MetricStatistic[];
const percentile = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

const invalid = (message: string): AwsError => new AwsError('InvalidParameterValueException', message);
const missing = (member: string): AwsError => new AwsError('MissingRequiredParameterException', `The parameter ${member} is required.`);

function requiredTime(body: RequestBody, member: string): number {
  const time = optionalTimestamp(body, member);
  if (time === undefined) throw missing(member);
  return time;
}

/** The training job the dimensions name, or undefined when they name none the way SageMaker's metrics are published. */
function jobOf(body: RequestBody): string | undefined {
  const dimensions = (optionalArray(body, 'Dimensions', { max: 30 }) ?? []).map((item, index) => {
    if (typeof item !== 'object' || item === null) throw invalid(`Dimensions.member.${index + 1} must be an object with Name and Value.`);
    const { Name, Value } = item as { Name?: unknown; Value?: unknown };
    if (typeof Name !== 'string' || typeof Value !== 'string') throw invalid(`Dimensions.member.${index + 1} must have a Name and a Value.`);
    return { Name, Value };
  });
  if (dimensions.length !== 1) return undefined;
  const [dimension] = dimensions;
  if (dimension?.Name === 'TrainingJobName') return dimension.Value;
  if (dimension?.Name === 'Host' && dimension.Value.endsWith(hostSuffix)) return dimension.Value.slice(0, -hostSuffix.length);
  return undefined;
}

export function getMetricStatistics(body: RequestBody, context: OperationContext): Output<'GraniteServiceVersion20100801.GetMetricStatistics'> {
  const namespace = requiredString(body, 'Namespace', { min: 1, max: 255 });
  const metricName = requiredString(body, 'MetricName', { min: 1, max: 255 });
  const start = requiredTime(body, 'StartTime');
  const end = requiredTime(body, 'EndTime');
  if (end <= start) throw invalid('The parameter StartTime must be less than the parameter EndTime.');
  const period = optionalInteger(body, 'Period', { min: 1 });
  if (period === undefined) throw missing('Period');
  if (period % 60 !== 0 && ![1, 5, 10, 30].includes(period)) throw invalid(`The parameter Period must be 1, 5, 10, 30 or a multiple of 60; it is ${period}.`);
  const wanted = readStrings(body, 'Statistics');
  const extended = readStrings(body, 'ExtendedStatistics');
  if (wanted.length === 0 && extended.length === 0) throw missing('Statistics or ExtendedStatistics');
  for (const name of wanted)
    if (!(statistics as readonly string[]).includes(name)) throw invalid(`The parameter Statistics has the value ${name}; it takes ${statistics.join(', ')}.`);
  for (const name of extended)
    if (!percentile.test(name)) throw invalid(`The parameter ExtendedStatistics has the value ${name}; it takes percentiles p0.0 to p100.`);

  const jobName = namespace === trainingJobsNamespace ? jobOf(body) : undefined;
  const job = jobName === undefined ? undefined : context.store.jobs.get('TrainingJob', jobName);
  const points =
    job === undefined
      ? []
      : context.store.trainingMetrics.points(job.name, metricName).filter((point) => point.timestamp * 1000 >= start && point.timestamp * 1000 < end);
  const buckets = new Map<number, number[]>();
  for (const point of points) {
    const bucket = Math.floor(point.timestamp / period) * period;
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), point.value]);
  }
  const Datapoints: MetricDatapoint[] = [...buckets].map(([bucket, values]) => {
    const sum = values.reduce((total, value) => total + value, 0);
    const all: Record<MetricStatistic, number> = {
      SampleCount: values.length,
      Average: sum / values.length,
      Sum: sum,
      Minimum: Math.min(...values),
      Maximum: Math.max(...values),
    };
    const sorted = [...values].sort((a, b) => a - b);
    return {
      Timestamp: new Date(bucket * 1000),
      ...Object.fromEntries(wanted.map((name) => [name, all[name as MetricStatistic]])),
      ...(extended.length === 0 ? {} : { ExtendedStatistics: Object.fromEntries(extended.map((name) => [name, nearestRank(sorted, Number(name.slice(1)))])) }),
      Unit: 'None',
    };
  });
  return { Label: metricName, Datapoints };
}

function readStrings(body: RequestBody, member: string): string[] {
  return (optionalArray(body, member, { max: 10 }) ?? []).map((item) => {
    if (typeof item !== 'string') throw invalid(`The parameter ${member} must be a list of strings.`);
    return item;
  });
}

/** The nearest-rank percentile of sorted values. */
function nearestRank(sorted: readonly number[], percent: number): number {
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}
