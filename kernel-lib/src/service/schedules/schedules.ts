/**
 * EventBridge Scheduler's schedule operations, kept in the store: CreateSchedule, GetSchedule, UpdateSchedule,
 * DeleteSchedule, ListSchedules, in Scheduler's own shapes. A schedule's target is a pipeline ARN with
 * SageMakerPipelineParameters, as SageMaker's docs describe; the ScheduleRunner starts its executions.
 */
import type { FlexibleTimeWindow, GetScheduleOutput, ScheduleSummary, Target } from '@aws-sdk/client-scheduler';
import {
  nextFiring,
  parseScheduleExpression,
  ScheduleExpressionError,
  scheduleWindow,
  type ScheduleExpression,
  type ScheduleWindow,
} from '../../definition/index.js';
import type { ScheduleRecord } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { AwsError } from '../errors.js';
import { optionalArray, optionalEnum, optionalInteger, optionalObject, optionalString, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import { pipelineName, pipelineNotFound } from '../operations/pipelines.js';
import type { Output } from '../protocol.js';

/** Scheduler's own error shapes (REST: the status tells the class as much as the type). */
export const schedulerValidation = (message: string): AwsError => new AwsError('ValidationException', message, 400);
const scheduleNotFound = (group: string, name: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Schedule ${name} does not exist in group ${group}.`, 404);
const scheduleConflict = (message: string): AwsError => new AwsError('ConflictException', message, 409);

const defaultGroup = 'default';
const namePattern = /^[0-9a-zA-Z-_.]+$/;
/** EventBridge's default: an event not delivered within a day is dropped. */
export const defaultMaximumEventAgeSeconds = 86_400;

/** A schedule as the store keeps it: Scheduler's fields, dates in epoch milliseconds. */
export interface StoredSchedule {
  readonly ScheduleExpression: string;
  readonly ScheduleExpressionTimezone?: string;
  readonly Description?: string;
  readonly StartDate?: number;
  readonly EndDate?: number;
  readonly FlexibleTimeWindow: FlexibleTimeWindow;
  readonly Target: Target;
  readonly ActionAfterCompletion?: string;
  /** Why the last firing started no execution (the pipeline is gone, a parameter was refused). */
  readonly LastError?: string;
}

export const scheduleArn = (context: OperationContext, group: string, name: string): string =>
  `arn:aws:scheduler:${context.scope.region}:${context.scope.account}:schedule/${group}/${name}`;

/** When the stored schedule may fire (the rule is the definition core's, which the panel's preview uses too). */
export function storedWindow(schedule: StoredSchedule, setAt: number): ScheduleWindow {
  return scheduleWindow({ startDate: schedule.StartDate, endDate: schedule.EndDate, setAt });
}

export function expressionOf(schedule: StoredSchedule): ScheduleExpression {
  return parseScheduleExpression(schedule.ScheduleExpression);
}

function readName(body: RequestBody): string {
  return requiredString(body, 'Name', { min: 1, max: 64, pattern: namePattern });
}

function readGroup(body: RequestBody): string {
  const group = optionalString(body, 'GroupName', { min: 1, max: 64, pattern: namePattern }) ?? defaultGroup;
  if (group !== defaultGroup)
    throw new AwsError('ResourceNotFoundException', `Schedule group ${group} does not exist: the local service has the default group only.`, 404);
  return group;
}

/** Reads and checks a whole schedule (CreateSchedule and UpdateSchedule take the same fields). */
function readSchedule(body: RequestBody, context: OperationContext): { schedule: StoredSchedule; state: 'ENABLED' | 'DISABLED' } {
  const expressionText = requiredString(body, 'ScheduleExpression', { min: 1, max: 256 });
  try {
    parseScheduleExpression(expressionText);
  } catch (error) {
    if (error instanceof ScheduleExpressionError) throw schedulerValidation(`Invalid Schedule Expression ${error.message}`);
    throw error;
  }
  const timezone = optionalString(body, 'ScheduleExpressionTimezone', { min: 1, max: 50 });
  if (timezone !== undefined && timezone !== 'UTC' && timezone !== 'Etc/UTC') {
    throw schedulerValidation(`ScheduleExpressionTimezone ${timezone}: the local service evaluates schedules in UTC only; leave it out or write UTC.`);
  }
  const window = optionalObject(body, 'FlexibleTimeWindow');
  if (window === undefined) throw schedulerValidation('FlexibleTimeWindow is required, e.g. {"Mode": "OFF"}.');
  const flexible: FlexibleTimeWindow = {
    Mode: optionalEnum(window, 'Mode', ['OFF', 'FLEXIBLE'] as const) ?? 'OFF',
    MaximumWindowInMinutes: optionalInteger(window, 'MaximumWindowInMinutes', { min: 1, max: 1440 }),
  };
  const startDate = optionalTimestamp(body, 'StartDate');
  const endDate = optionalTimestamp(body, 'EndDate');
  if (startDate !== undefined && endDate !== undefined && endDate <= startDate) throw schedulerValidation('EndDate must be after StartDate.');
  return {
    schedule: {
      ScheduleExpression: expressionText,
      ScheduleExpressionTimezone: timezone,
      Description: optionalString(body, 'Description', { max: 512 }),
      StartDate: startDate,
      EndDate: endDate,
      FlexibleTimeWindow: flexible,
      Target: readTarget(body, context),
      ActionAfterCompletion: optionalEnum(body, 'ActionAfterCompletion', ['NONE', 'DELETE'] as const),
    },
    state: optionalEnum(body, 'State', ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED',
  };
}

/** The target must be a pipeline of this service; its parameters are SageMakerPipelineParameters. */
function readTarget(body: RequestBody, context: OperationContext): Target {
  const target = optionalObject(body, 'Target');
  if (target === undefined) throw schedulerValidation('Target is required: {"Arn": <pipeline ARN>, "RoleArn": …, "SageMakerPipelineParameters": …}.');
  const arn = requiredString(target, 'Arn', { min: 1, max: 1600 });
  if (!/^arn:aws[a-z-]*:sagemaker:[^:]*:[0-9]*:pipeline\/.+$/.test(arn)) {
    throw schedulerValidation(
      `Target.Arn ${arn}: the local service schedules SageMaker pipelines only (arn:aws:sagemaker:<region>:<account>:pipeline/<name>).`,
    );
  }
  const name = pipelineName({ PipelineName: arn });
  if (context.store.pipelines.get(name) === undefined) throw new AwsError('ResourceNotFoundException', (pipelineNotFound(name) as Error).message, 404);
  const roleArn = requiredString(target, 'RoleArn', { min: 1, max: 1600 });
  const parameters = optionalObject(target, 'SageMakerPipelineParameters');
  const list = (parameters === undefined ? [] : (optionalArray(parameters, 'PipelineParameterList', { max: 200 }) ?? [])).map((item, index) => {
    if (typeof item !== 'object' || item === null) throw schedulerValidation(`PipelineParameterList[${index}] must be an object with Name and Value.`);
    return {
      Name: requiredString(item as RequestBody, 'Name', { min: 1, max: 256 }),
      Value: requiredString(item as RequestBody, 'Value', { min: 1, max: 1024 }),
    };
  });
  const retry = optionalObject(target, 'RetryPolicy');
  return {
    Arn: arn,
    RoleArn: roleArn,
    SageMakerPipelineParameters: parameters === undefined ? undefined : { PipelineParameterList: list },
    RetryPolicy:
      retry === undefined
        ? undefined
        : {
            MaximumEventAgeInSeconds: optionalInteger(retry, 'MaximumEventAgeInSeconds', { min: 60, max: 86_400 }),
            MaximumRetryAttempts: optionalInteger(retry, 'MaximumRetryAttempts', { min: 0, max: 185 }),
          },
  };
}

/** The first firing after `now`; a schedule with none left keeps no next firing. */
function firstFiring(schedule: StoredSchedule, setAt: number, now: number): number | null {
  return nextFiring(expressionOf(schedule), now, storedWindow(schedule, setAt)) ?? null;
}

export function createSchedule(body: RequestBody, context: OperationContext): Output<'Scheduler.CreateSchedule'> {
  const name = readName(body);
  const group = readGroup(body);
  const { schedule, state } = readSchedule(body, context);
  const now = context.now();
  const arn = scheduleArn(context, group, name);
  context.store.transaction(() => {
    if (context.store.schedules.get(group, name) !== undefined) throw scheduleConflict(`Schedule ${name} already exists.`);
    context.store.schedules.put({
      groupName: group,
      name,
      arn,
      state,
      document: JSON.stringify(schedule),
      nextFiringAt: firstFiring(schedule, now, now),
      lastFiredAt: null,
      createdAt: now,
      modifiedAt: now,
    });
  });
  return { ScheduleArn: arn };
}

/** UpdateSchedule replaces the whole schedule, as on AWS; firings count again from now. */
export function updateSchedule(body: RequestBody, context: OperationContext): Output<'Scheduler.UpdateSchedule'> {
  const name = readName(body);
  const group = readGroup(body);
  const { schedule, state } = readSchedule(body, context);
  const now = context.now();
  return context.store.transaction(() => {
    const existing = context.store.schedules.get(group, name);
    if (existing === undefined) throw scheduleNotFound(group, name);
    context.store.schedules.put({ ...existing, state, document: JSON.stringify(schedule), nextFiringAt: firstFiring(schedule, now, now), modifiedAt: now });
    return { ScheduleArn: existing.arn };
  });
}

export function getSchedule(body: RequestBody, context: OperationContext): Output<'Scheduler.GetSchedule'> {
  const name = readName(body);
  const group = readGroup(body);
  const record = context.store.schedules.get(group, name);
  if (record === undefined) throw scheduleNotFound(group, name);
  return describe(record);
}

export function deleteSchedule(body: RequestBody, context: OperationContext): Output<'Scheduler.DeleteSchedule'> {
  const name = readName(body);
  const group = readGroup(body);
  if (!context.store.schedules.delete(group, name)) throw scheduleNotFound(group, name);
  return {};
}

export function listSchedules(body: RequestBody, context: OperationContext): Output<'Scheduler.ListSchedules'> {
  const group = optionalString(body, 'ScheduleGroup', { min: 1, max: 64 }) ?? optionalString(body, 'GroupName', { min: 1, max: 64 });
  const limit = optionalInteger(body, 'MaxResults', { min: 1, max: 100 }) ?? 100;
  const offset = Number(optionalString(body, 'NextToken', { pattern: /^\d+$/ }) ?? '0');
  const records = context.store.schedules.list({
    groupName: group,
    namePrefix: optionalString(body, 'NamePrefix', { min: 1, max: 64 }),
    state: optionalEnum(body, 'State', ['ENABLED', 'DISABLED'] as const),
  });
  const page = records.slice(offset, offset + limit);
  return {
    Schedules: page.map((record) => {
      const schedule = JSON.parse(record.document) as StoredSchedule;
      const summary: ScheduleSummary = {
        Arn: record.arn,
        Name: record.name,
        GroupName: record.groupName,
        State: record.state as ScheduleSummary['State'],
        CreationDate: new Date(record.createdAt),
        LastModificationDate: new Date(record.modifiedAt),
        Target: { Arn: schedule.Target.Arn },
      };
      return summary;
    }),
    NextToken: offset + limit < records.length ? String(offset + limit) : undefined,
  };
}

function describe(record: ScheduleRecord): Output<'Scheduler.GetSchedule'> {
  const schedule = JSON.parse(record.document) as StoredSchedule;
  return {
    Arn: record.arn,
    Name: record.name,
    GroupName: record.groupName,
    State: record.state as GetScheduleOutput['State'],
    ScheduleExpression: schedule.ScheduleExpression,
    ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone ?? 'UTC',
    Description: schedule.Description,
    StartDate: schedule.StartDate === undefined ? undefined : new Date(schedule.StartDate),
    EndDate: schedule.EndDate === undefined ? undefined : new Date(schedule.EndDate),
    FlexibleTimeWindow: schedule.FlexibleTimeWindow,
    Target: schedule.Target,
    ActionAfterCompletion: schedule.ActionAfterCompletion as GetScheduleOutput['ActionAfterCompletion'],
    CreationDate: new Date(record.createdAt),
    LastModificationDate: new Date(record.modifiedAt),
  };
}
