/**
 * Fires the stored schedules on time. Every schedule keeps its next firing in the store, so a restarted service
 * finds what came due while it was down: the latest such firing runs once if it is no older than the target's
 * RetryPolicy.MaximumEventAgeInSeconds (EventBridge's rule for an event it could not deliver; default one day),
 * and is skipped otherwise. A firing and the schedule's next one are recorded in the transaction that starts the
 * execution, and the execution's token is derived from the firing, so no firing runs twice.
 */
import { latestDueFiring, nextFiring } from '../../definition/index.js';
import type { ScheduleRecord } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { defaultMaximumEventAgeSeconds, expressionOf, storedWindow, type StoredSchedule } from './schedules.js';
import { startOnBehalf } from './started-by.js';

export interface ScheduleRunnerOptions {
  /** How often due schedules are looked for (default 1 s). */
  readonly pollMs?: number;
  readonly log: (message: string) => void;
}

export class ScheduleRunner {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly context: OperationContext,
    private readonly options: ScheduleRunnerOptions,
  ) {}

  /** Fires what came due while the service was down, then keeps looking. */
  start(): void {
    this.tick();
    this.timer = setInterval(() => this.tick(), this.options.pollMs ?? 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Fires every enabled schedule whose next firing has come. */
  tick(): void {
    const now = this.context.now();
    for (const record of this.context.store.schedules.due(now)) {
      try {
        this.fire(record, now);
      } catch (error) {
        this.options.log(`sluice service: schedule ${record.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private fire(record: ScheduleRecord, now: number): void {
    const schedule = JSON.parse(record.document) as StoredSchedule;
    const expression = expressionOf(schedule);
    const window = storedWindow(schedule, record.modifiedAt);
    const scheduled = record.nextFiringAt ?? now;
    // Firings missed while the service was down collapse into the latest of them.
    const due = latestDueFiring(expression, scheduled - 1, now, window) ?? scheduled;
    const maxAge = (schedule.Target.RetryPolicy?.MaximumEventAgeInSeconds ?? defaultMaximumEventAgeSeconds) * 1000;
    const next = nextFiring(expression, now, window) ?? null;
    const store = this.context.store;
    store.transaction(() => {
      let lastError: string | undefined;
      if (now - due <= maxAge) {
        try {
          const pipeline = schedule.Target.Arn ?? '';
          const parameters = (schedule.Target.SageMakerPipelineParameters?.PipelineParameterList ?? []).map((p) => ({
            Name: p.Name ?? '',
            Value: p.Value ?? '',
          }));
          startOnBehalf(this.context, { Kind: 'Schedule', Name: record.name, Arn: record.arn, Time: due }, pipeline, parameters, String(due));
        } catch (error) {
          lastError = `${new Date(due).toISOString()}: ${error instanceof Error ? error.message : String(error)}`;
          this.options.log(`sluice service: schedule ${record.name} started no execution: ${lastError}`);
        }
      } else {
        lastError = `${new Date(due).toISOString()}: skipped, missed by more than MaximumEventAgeInSeconds (${maxAge / 1000}) while the service was down`;
      }
      if (next === null && schedule.ActionAfterCompletion === 'DELETE') {
        store.schedules.delete(record.groupName, record.name);
        return;
      }
      const document = lastError === schedule.LastError ? undefined : JSON.stringify({ ...schedule, LastError: lastError });
      store.schedules.advance(record.groupName, record.name, { nextFiringAt: next, firedAt: lastError === undefined ? due : undefined, document });
    });
  }
}
