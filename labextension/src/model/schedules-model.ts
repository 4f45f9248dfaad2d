/**
 * A pipeline's schedules, as EventBridge Scheduler's operations on the local service show them: list, create,
 * pause and resume, delete; and the cron helper's preview of the next firings, read by the same module the
 * service fires them with (sluice/definition).
 */
import { nextFiring, nextFirings, parseScheduleExpression, ScheduleExpressionError, scheduleWindow } from 'sluice/definition';
import type { OutputOf, ServiceClient } from '../api/operations';
import { PolledModel } from './polled-model';

export type ScheduleDescription = OutputOf<'Scheduler.GetSchedule'>;

/** A schedule as the Schedules tab lists it: Scheduler's description and its next firing (epoch milliseconds). */
export interface ScheduleRow {
  readonly schedule: ScheduleDescription;
  readonly nextFiring?: number;
}

/** When a schedule fires next, by the rule the service fires it with: none while paused or when none is left. */
export function nextFiringOf(schedule: ScheduleDescription, now: number = Date.now()): number | undefined {
  if (schedule.State !== 'ENABLED' || !schedule.ScheduleExpression) return undefined;
  const seconds = (value: number | undefined): number | undefined => (value === undefined ? undefined : value * 1000);
  const window = scheduleWindow({
    startDate: seconds(schedule.StartDate),
    endDate: seconds(schedule.EndDate),
    setAt: seconds(schedule.LastModificationDate) ?? now,
  });
  try {
    return nextFiring(parseScheduleExpression(schedule.ScheduleExpression), now, window);
  } catch {
    return undefined;
  }
}

/** The cron helper's answer: the next firings (epoch milliseconds), or what is wrong with the expression. */
export type FiringPreview = { firings: number[]; problem?: undefined } | { firings?: undefined; problem: string };

/** The next `count` firings of an expression from `now`, as the service would fire a schedule made now. */
export function previewFirings(expression: string, now: number = Date.now(), count = 5): FiringPreview {
  try {
    const firings = nextFirings(parseScheduleExpression(expression), now, { start: now }, count);
    return firings.length === 0 ? { problem: 'This expression never fires again.' } : { firings };
  } catch (error) {
    if (error instanceof ScheduleExpressionError) return { problem: error.message };
    throw error;
  }
}

/** A firing time as the Schedules tab writes it: schedules run in UTC, so the time says so. */
export function firingText(epochMs: number): string {
  const date = new Date(epochMs);
  const weekday = date.toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
  return `${weekday} ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface NewSchedule {
  name: string;
  expression: string;
  /** Parameter overrides by name; empty values are left out. */
  parameters: Record<string, string>;
}

export class SchedulesModel extends PolledModel {
  private _schedules: ScheduleRow[] = [];
  private pipeline: { arn: string; roleArn: string } | undefined;

  constructor(
    client: ServiceClient,
    readonly pipelineName: string,
    intervalMs = 5000,
  ) {
    super(client, intervalMs);
  }

  /** The schedules whose target is this pipeline, by name. */
  get schedules(): readonly ScheduleRow[] {
    return this._schedules;
  }

  async create(schedule: NewSchedule): Promise<void> {
    const { arn, roleArn } = await this.target();
    await this.client.call('Scheduler.CreateSchedule', {
      Name: schedule.name,
      ScheduleExpression: schedule.expression,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: 'ENABLED',
      Target: {
        Arn: arn,
        RoleArn: roleArn,
        SageMakerPipelineParameters: {
          PipelineParameterList: Object.entries(schedule.parameters)
            .filter(([, value]) => value !== '')
            .map(([Name, Value]) => ({ Name, Value })),
        },
      },
    });
    await this.reload();
  }

  /** Pauses (DISABLED) or resumes (ENABLED) a schedule; UpdateSchedule takes the whole schedule, as on AWS. */
  async setState(name: string, state: 'ENABLED' | 'DISABLED'): Promise<void> {
    const current = await this.client.call('Scheduler.GetSchedule', { Name: name });
    await this.client.call('Scheduler.UpdateSchedule', {
      Name: name,
      ScheduleExpression: current.ScheduleExpression,
      ScheduleExpressionTimezone: current.ScheduleExpressionTimezone,
      Description: current.Description,
      StartDate: current.StartDate,
      EndDate: current.EndDate,
      FlexibleTimeWindow: current.FlexibleTimeWindow,
      Target: current.Target,
      ActionAfterCompletion: current.ActionAfterCompletion,
      State: state,
    });
    await this.reload();
  }

  async delete(name: string): Promise<void> {
    await this.client.call('Scheduler.DeleteSchedule', { Name: name });
    await this.reload();
  }

  private async target(): Promise<{ arn: string; roleArn: string }> {
    if (this.pipeline === undefined) {
      const description = await this.client.call('SageMaker.DescribePipeline', { PipelineName: this.pipelineName });
      this.pipeline = { arn: description.PipelineArn ?? '', roleArn: description.RoleArn ?? '' };
    }
    return this.pipeline;
  }

  protected async load(): Promise<void> {
    const { arn } = await this.target();
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.call('Scheduler.ListSchedules', { NextToken: token });
      for (const summary of page.Schedules ?? []) if (summary.Name && summary.Target?.Arn?.toLowerCase() === arn.toLowerCase()) names.push(summary.Name);
      token = page.NextToken;
    } while (token);
    // The summaries carry no expression: each schedule is read in full, as on AWS.
    const schedules = await Promise.all(names.map((name) => this.client.call('Scheduler.GetSchedule', { Name: name })));
    const now = Date.now();
    this._schedules = schedules.map((schedule) => ({ schedule, nextFiring: nextFiringOf(schedule, now) }));
  }
}
