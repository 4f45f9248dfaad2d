/**
 * A pipeline's schedules and event triggers through a session. Schedules are EventBridge Scheduler's, made as
 * SageMaker's docs (and the Python SDK's `PipelineSchedule` / `put_triggers`) make them: the target is the
 * pipeline's ARN with SageMakerPipelineParameters, the role lets Scheduler call StartPipelineExecution. The same
 * calls reach AWS or the local service, which speaks Scheduler's API and fires schedules itself.
 */
import { DescribePipelineCommand } from '@aws-sdk/client-sagemaker';
import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { parseScheduleExpression } from '../definition/index.js';
import type { TriggerParameter } from '../service/protocol.js';
import { Session, type LocalSession } from './session.js';

/** When a schedule fires: an EventBridge cron (6 fields, UTC), a rate, or one time. */
export type ScheduleTiming =
  | { /** `0 9 ? * MON-FRI *` or `cron(0 9 ? * MON-FRI *)`. */ readonly cron: string }
  | { /** `5 minutes` or `rate(5 minutes)`. */ readonly rate: string }
  | { /** One firing at this time (UTC), `at(…)` on the wire. */ readonly at: Date | string };

/** What `pipeline.schedule(…)` takes. */
export type PipelineScheduleOptions = ScheduleTiming & {
  /** The schedule's name (1–64 of `0-9a-zA-Z-_.`); scheduling again under a name replaces that schedule. */
  readonly name: string;
  /** Pipeline parameters each execution starts with. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** No firing before this time (a rate counts its periods from here). */
  readonly startDate?: Date;
  /** No firing after this time. */
  readonly endDate?: Date;
  /** DISABLED keeps the schedule paused. Default ENABLED. */
  readonly state?: 'ENABLED' | 'DISABLED';
  /**
   * What happens to a firing that could not be delivered on time (locally: the service was down). `runOnce` (the
   * default) runs the latest missed firing once when it is at most a day old; `skip` drops a firing not started
   * within 60 seconds. Sent as the target's RetryPolicy.MaximumEventAgeInSeconds, which means the same on AWS.
   */
  readonly missedRunPolicy?: 'runOnce' | 'skip';
  /** The role Scheduler assumes to start the pipeline; it must trust scheduler.amazonaws.com. Default: the session's role. */
  readonly roleArn?: string;
  /** The schedule's `Description`. */
  readonly description?: string;
  /** Where the pipeline and its schedule are; default `Session.default`. */
  readonly session?: Session;
};

/** A schedule of the pipeline, as `listSchedules()` answers. */
export interface PipelineSchedule {
  readonly name: string;
  readonly arn: string;
  readonly expression: string;
  readonly state: 'ENABLED' | 'DISABLED';
  readonly parameters: Readonly<Record<string, string>>;
  readonly startDate?: Date;
  readonly endDate?: Date;
}

const missedRunAge = { runOnce: 86_400, skip: 60 } as const;

/** The schedule expression of a timing, checked here so a mistake is named before any call. */
export function scheduleExpressionOf(timing: ScheduleTiming): string {
  let text: string;
  if ('cron' in timing) text = timing.cron.trim().startsWith('cron(') ? timing.cron.trim() : `cron(${timing.cron.trim()})`;
  else if ('rate' in timing) text = timing.rate.trim().startsWith('rate(') ? timing.rate.trim() : `rate(${timing.rate.trim()})`;
  else {
    const at = timing.at instanceof Date ? timing.at : new Date(timing.at);
    if (Number.isNaN(at.getTime())) throw new Error(`schedule: at ${String(timing.at)} is not a date`);
    text = `at(${at.toISOString().slice(0, 19)})`;
  }
  parseScheduleExpression(text);
  return text;
}

async function pipelineArnOf(session: Session, pipelineName: string): Promise<string> {
  const described = await (await session.client()).send(new DescribePipelineCommand({ PipelineName: pipelineName }));
  return described.PipelineArn ?? '';
}

/** Creates the schedule, or replaces the one of that name (the Python SDK's put_triggers does the same). */
export async function schedulePipeline(pipelineName: string, options: PipelineScheduleOptions): Promise<{ scheduleArn: string }> {
  const session = options.session ?? Session.default;
  const expression = scheduleExpressionOf(options);
  const input: CreateScheduleCommandInput = {
    Name: options.name,
    ScheduleExpression: expression,
    ScheduleExpressionTimezone: 'UTC',
    Description: options.description,
    StartDate: options.startDate,
    EndDate: options.endDate,
    State: options.state ?? 'ENABLED',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: {
      Arn: await pipelineArnOf(session, pipelineName),
      RoleArn: options.roleArn ?? session.roleArn,
      SageMakerPipelineParameters: {
        PipelineParameterList: Object.entries(options.parameters ?? {}).map(([Name, value]) => ({ Name, Value: String(value) })),
      },
      RetryPolicy: {
        MaximumEventAgeInSeconds: missedRunAge[options.missedRunPolicy ?? 'runOnce'],
        MaximumRetryAttempts: options.missedRunPolicy === 'skip' ? 0 : 185,
      },
    },
  };
  const scheduler = await session.scheduler();
  try {
    return { scheduleArn: (await scheduler.send(new CreateScheduleCommand(input))).ScheduleArn ?? '' };
  } catch (error) {
    if (!(error instanceof ConflictException) && (error as Error).name !== 'ConflictException') throw error;
    return { scheduleArn: (await scheduler.send(new UpdateScheduleCommand(input))).ScheduleArn ?? '' };
  }
}

/** The schedules whose target is this pipeline. */
export async function listPipelineSchedules(pipelineName: string, options: { session?: Session } = {}): Promise<PipelineSchedule[]> {
  const session = options.session ?? Session.default;
  const arn = (await pipelineArnOf(session, pipelineName)).toLowerCase();
  const scheduler = await session.scheduler();
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await scheduler.send(new ListSchedulesCommand({ NextToken: token }));
    for (const summary of page.Schedules ?? []) if (summary.Target?.Arn?.toLowerCase() === arn && summary.Name) names.push(summary.Name);
    token = page.NextToken;
  } while (token);
  return Promise.all(
    names.map(async (name) => {
      const schedule = await scheduler.send(new GetScheduleCommand({ Name: name }));
      const parameters = schedule.Target?.SageMakerPipelineParameters?.PipelineParameterList ?? [];
      return {
        name,
        arn: schedule.Arn ?? '',
        expression: schedule.ScheduleExpression ?? '',
        state: schedule.State ?? 'ENABLED',
        parameters: Object.fromEntries(parameters.map((parameter) => [parameter.Name ?? '', parameter.Value ?? ''])),
        startDate: schedule.StartDate,
        endDate: schedule.EndDate,
      };
    }),
  );
}

export async function deletePipelineSchedule(name: string, options: { session?: Session } = {}): Promise<void> {
  await (await (options.session ?? Session.default).scheduler()).send(new DeleteScheduleCommand({ Name: name }));
}

/** A parameter value read from the triggering event, at an EventBridge path such as `$.detail.ModelPackageArn`. */
export interface EventValue {
  readonly eventPath: string;
}

/** `fromEvent('$.detail.object.key')`: the value of a trigger's parameter taken from its event. */
export function fromEvent(eventPath: string): EventValue {
  if (!/^\$(\.[A-Za-z0-9_-]+)+$/.test(eventPath)) throw new Error(`fromEvent: "${eventPath}" is not a path such as $.detail.ModelPackageArn`);
  return { eventPath };
}

/** What starts the pipeline: a version of a model package group approved, or an object created under an S3 prefix. */
export type TriggerOn =
  { readonly modelPackageApproved: { readonly group: string } } | { readonly s3ObjectCreated: { readonly bucket: string; readonly prefix?: string } };

/** The options of {@link Pipeline.trigger}: an event rule whose target is the pipeline. */
export interface PipelineTriggerOptions {
  /** The trigger's name; triggering again under a name replaces that trigger. */
  readonly name: string;
  /** The event that starts the pipeline. */
  readonly on: TriggerOn;
  /** Each parameter fixed, or read from the event with fromEvent(…). The event has EventBridge's shape. */
  readonly parameters?: Readonly<Record<string, string | number | boolean | EventValue>>;
  /** DISABLED keeps the trigger paused; a new trigger is ENABLED unless told otherwise. */
  readonly state?: 'ENABLED' | 'DISABLED';
  /** Where the pipeline is; default `Session.default` (the local session only, for now). */
  readonly session?: Session;
}

/** Event triggers are kept by the local service; the AWS session would need an EventBridge rule, not made here yet. */
async function localExtras(session: Session, what: string) {
  if (session.kind !== 'local') {
    throw new Error(
      `pipeline.${what}: event triggers are not yet on the AWS session; create an EventBridge rule whose target is the pipeline (docs/differences.md)`,
    );
  }
  return (session as LocalSession).extras();
}

/** Creates or replaces the event trigger of this name. */
export async function triggerPipeline(pipelineName: string, options: PipelineTriggerOptions): Promise<{ triggerArn: string }> {
  const extras = await localExtras(options.session ?? Session.default, 'trigger');
  const parameters: TriggerParameter[] = Object.entries(options.parameters ?? {}).map(([Name, value]) =>
    typeof value === 'object' ? { Name, EventPath: value.eventPath } : { Name, Value: String(value) },
  );
  const on = options.on;
  const event =
    'modelPackageApproved' in on
      ? { ModelPackageApproved: { ModelPackageGroupName: on.modelPackageApproved.group } }
      : { S3ObjectCreated: { Bucket: on.s3ObjectCreated.bucket, Prefix: on.s3ObjectCreated.prefix ?? '' } };
  const result = await extras.call('PutTrigger', {
    Name: options.name,
    PipelineName: pipelineName,
    Event: event,
    Parameters: parameters,
    State: options.state,
  });
  return { triggerArn: result.TriggerArn };
}

export async function deletePipelineTrigger(name: string, options: { session?: Session } = {}): Promise<void> {
  await (await localExtras(options.session ?? Session.default, 'deleteTrigger')).call('DeleteTrigger', { Name: name });
}
