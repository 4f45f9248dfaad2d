/**
 * CloudWatch Logs' DescribeLogStreams and GetLogEvents (target prefix `Logs_20140328.`) over the jobs' own logs,
 * so that the SageMaker Python SDK's `wait(logs=True)` and `logs_for_job` follow a local job as they follow one
 * on AWS: group `/aws/sagemaker/<Kind>Jobs`, one stream `<job name>/algo-1` per job.
 */
import { join } from 'node:path';
import { readJobLog, type LogLine } from '../../engine/index.js';
import type { JobKind } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { AwsError } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString, requiredString, type RequestBody } from '../input.js';
import type { Output } from '../protocol.js';

export const logsTargetPrefix = 'Logs_20140328.';
/** The signing name of a CloudWatch Logs client. */
export const logsSigningName = 'logs';

const groups: Readonly<Record<string, JobKind>> = {
  '/aws/sagemaker/ProcessingJobs': 'ProcessingJob',
  '/aws/sagemaker/TrainingJobs': 'TrainingJob',
  '/aws/sagemaker/TransformJobs': 'TransformJob',
};
const streamSuffix = '/algo-1';
const maxEvents = 10000;

const notFound = (message: string): AwsError => new AwsError('ResourceNotFoundException', message);

function groupKind(body: RequestBody): JobKind {
  const group = requiredString(body, 'logGroupName', { min: 1, max: 512 });
  const kind = groups[group];
  if (kind === undefined) throw notFound(`The specified log group does not exist: ${group} (here: ${Object.keys(groups).join(', ')})`);
  return kind;
}

/** The job's log lines (none before it writes any), or undefined when there is no such job. */
function jobLines(kind: JobKind, jobName: string, context: OperationContext): { name: string; lines: LogLine[] } | undefined {
  const job = context.store.jobs.get(kind, jobName);
  return job === undefined ? undefined : { name: job.name, lines: readJobLog(join(context.engine.jobsDir, job.name, 'log')) };
}

const millis = (line: LogLine): number => Date.parse(line.time);

export function describeLogStreams(body: RequestBody, context: OperationContext): Output<'Logs_20140328.DescribeLogStreams'> {
  const kind = groupKind(body);
  const prefix = optionalString(body, 'logStreamNamePrefix', { min: 1, max: 512 }) ?? '';
  const jobName = prefix.split('/')[0] ?? '';
  const found = jobName === '' ? undefined : jobLines(kind, jobName, context);
  // Job names match regardless of case (the SDK takes them from lowercase ARNs); the stream keeps the caller's spelling.
  const streamName = `${jobName}${streamSuffix}`;
  if (found === undefined || !streamName.startsWith(prefix)) return { logStreams: [] };
  const first = found.lines[0];
  const last = found.lines[found.lines.length - 1];
  return {
    logStreams: [
      {
        logStreamName: streamName,
        creationTime: first === undefined ? Date.now() : millis(first),
        ...(first === undefined || last === undefined
          ? {}
          : { firstEventTimestamp: millis(first), lastEventTimestamp: millis(last), lastIngestionTime: millis(last) }),
        storedBytes: 0,
      },
    ],
  };
}

/** Events from the head (tokens are `f/<index>` into the events at or after startTime), as the SDK's log follower reads them. */
export function getLogEvents(body: RequestBody, context: OperationContext): Output<'Logs_20140328.GetLogEvents'> {
  const kind = groupKind(body);
  const stream = requiredString(body, 'logStreamName', { min: 1, max: 512 });
  const found = stream.endsWith(streamSuffix) ? jobLines(kind, stream.slice(0, -streamSuffix.length), context) : undefined;
  if (found === undefined) throw notFound(`The specified log stream does not exist: ${stream}`);
  const startTime = optionalInteger(body, 'startTime', { min: 0 }) ?? 0;
  const endTime = optionalInteger(body, 'endTime', { min: 0 });
  const limit = optionalInteger(body, 'limit', { min: 1, max: maxEvents }) ?? maxEvents;
  optionalBoolean(body, 'startFromHead');
  const token = optionalString(body, 'nextToken', { min: 1 });
  const from = token === undefined ? 0 : Number(/^[fb]\/(\d+)$/.exec(token)?.[1] ?? Number.NaN);
  if (!Number.isInteger(from)) throw new AwsError('InvalidParameterException', `The specified nextToken is invalid: ${token}`);
  const events = found.lines.filter((line) => millis(line) >= startTime && (endTime === undefined || millis(line) < endTime));
  const page = events.slice(from, from + limit);
  return {
    events: page.map((line) => ({ timestamp: millis(line), message: line.text, ingestionTime: millis(line) })),
    nextForwardToken: `f/${from + page.length}`,
    nextBackwardToken: `b/${from}`,
  };
}
