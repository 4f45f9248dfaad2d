import type { Db } from './database.js';
import { likeLiteral, Where } from './query.js';

export interface ScheduleRecord {
  groupName: string;
  name: string;
  arn: string;
  /** ENABLED or DISABLED. */
  state: string;
  /** JSON: the schedule as GetSchedule answers it (expression, target, dates, policies). */
  document: string;
  /** Epoch milliseconds of the next firing; null when none is left. */
  nextFiringAt: number | null;
  lastFiredAt: number | null;
  createdAt: number;
  modifiedAt: number;
}

export interface TriggerRecord {
  name: string;
  arn: string;
  pipelineName: string;
  state: string;
  /** JSON: the event it waits for and the parameters it starts the pipeline with. */
  document: string;
  createdAt: number;
}

const scheduleColumns = `group_name AS groupName, name, arn, state, document, next_firing_at AS nextFiringAt, last_fired_at AS lastFiredAt,
  created_at AS createdAt, modified_at AS modifiedAt`;

/** Schedules, with the next firing each is due at, so a restarted service knows what it missed. */
export class ScheduleStore {
  constructor(private readonly db: Db) {}

  put(schedule: ScheduleRecord): void {
    this.db
      .prepare(
        `INSERT INTO schedules (group_name, name, arn, state, document, next_firing_at, last_fired_at, created_at, modified_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (group_name, name) DO UPDATE SET state = excluded.state, document = excluded.document,
         next_firing_at = excluded.next_firing_at, modified_at = excluded.modified_at`,
      )
      .run(
        schedule.groupName,
        schedule.name,
        schedule.arn,
        schedule.state,
        schedule.document,
        schedule.nextFiringAt,
        schedule.lastFiredAt,
        schedule.createdAt,
        schedule.modifiedAt,
      );
  }

  get(groupName: string, name: string): ScheduleRecord | undefined {
    return this.db.prepare(`SELECT ${scheduleColumns} FROM schedules WHERE group_name = ? AND name = ?`).get(groupName, name) as ScheduleRecord | undefined;
  }

  list(filter: { groupName?: string; namePrefix?: string; state?: string }): ScheduleRecord[] {
    const where = new Where();
    if (filter.groupName !== undefined) where.add('group_name = ?', filter.groupName);
    if (filter.namePrefix !== undefined) where.add("name LIKE ? ESCAPE '\\'", `${likeLiteral(filter.namePrefix)}%`);
    if (filter.state !== undefined) where.add('state = ?', filter.state);
    return this.db.prepare(`SELECT ${scheduleColumns} FROM schedules ${where.toSql()} ORDER BY group_name, name`).all(...where.values) as ScheduleRecord[];
  }

  /** Enabled schedules whose next firing is at or before `now`. */
  due(now: number): ScheduleRecord[] {
    return this.db
      .prepare(`SELECT ${scheduleColumns} FROM schedules WHERE state = 'ENABLED' AND next_firing_at <= ? ORDER BY next_firing_at`)
      .all(now) as ScheduleRecord[];
  }

  /** Records a firing (or a skipped one) and the next one due. */
  advance(groupName: string, name: string, change: { nextFiringAt: number | null; firedAt?: number; document?: string }): void {
    this.db
      .prepare(
        `UPDATE schedules SET next_firing_at = ?, last_fired_at = COALESCE(?, last_fired_at), document = COALESCE(?, document)
         WHERE group_name = ? AND name = ?`,
      )
      .run(change.nextFiringAt, change.firedAt ?? null, change.document ?? null, groupName, name);
  }

  delete(groupName: string, name: string): boolean {
    return this.db.prepare('DELETE FROM schedules WHERE group_name = ? AND name = ?').run(groupName, name).changes > 0;
  }
}

const triggerColumns = 'name, arn, pipeline_name AS pipelineName, state, document, created_at AS createdAt';

/** Event triggers: what each waits for and which pipeline it starts. */
export class TriggerStore {
  constructor(private readonly db: Db) {}

  put(trigger: TriggerRecord): void {
    this.db
      .prepare(
        `INSERT INTO triggers (name, arn, pipeline_name, state, document, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET pipeline_name = excluded.pipeline_name, state = excluded.state, document = excluded.document`,
      )
      .run(trigger.name, trigger.arn, trigger.pipelineName, trigger.state, trigger.document, trigger.createdAt);
  }

  get(name: string): TriggerRecord | undefined {
    return this.db.prepare(`SELECT ${triggerColumns} FROM triggers WHERE name = ?`).get(name) as TriggerRecord | undefined;
  }

  list(pipelineName?: string): TriggerRecord[] {
    if (pipelineName === undefined) return this.db.prepare(`SELECT ${triggerColumns} FROM triggers ORDER BY name`).all() as TriggerRecord[];
    return this.db.prepare(`SELECT ${triggerColumns} FROM triggers WHERE pipeline_name = ? ORDER BY name`).all(pipelineName) as TriggerRecord[];
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM triggers WHERE name = ?').run(name).changes > 0;
  }
}
