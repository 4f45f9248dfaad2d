/**
 * EventBridge Scheduler's schedule expressions: `cron(minutes hours day-of-month month day-of-week year)`,
 * `rate(value unit)` and `at(yyyy-mm-ddThh:mm:ss)`, read one way for the SDK, the service and the panel's cron
 * helper. Browser-safe. Times are UTC (the local service accepts no other ScheduleExpressionTimezone).
 *
 * aws-cron-parser computes cron firings (L, W, #, names, the year field) as AWS does; it assumes an expression AWS
 * already accepted, so the structure is checked here first and every problem is named.
 */
import awsCron from 'aws-cron-parser';

export type ScheduleExpression =
  | { readonly kind: 'cron'; readonly text: string; readonly fields: readonly string[] }
  | { readonly kind: 'rate'; readonly text: string; readonly everyMs: number }
  | { readonly kind: 'at'; readonly text: string; readonly at: number };

/** When a schedule may fire: from its StartDate (or creation) to its EndDate, epoch milliseconds. */
export interface ScheduleWindow {
  readonly start: number;
  readonly end?: number;
}

/** A schedule's window: from StartDate, else from when it was last set (created or updated; a rate counts its periods from there), to EndDate. */
export function scheduleWindow(dates: { readonly startDate?: number; readonly endDate?: number; readonly setAt: number }): ScheduleWindow {
  return { start: dates.startDate ?? dates.setAt, end: dates.endDate };
}

export class ScheduleExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleExpressionError';
  }
}

const rateUnits: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const fieldNames = ['minutes', 'hours', 'day-of-month', 'month', 'day-of-week', 'year'] as const;
// Each field's allowed characters (names of months and days included); the library checks ranges.
const fieldCharacters = [/^[0-9,\-*/]+$/, /^[0-9,\-*/]+$/, /^[0-9,\-*/?LW]+$/, /^[0-9A-Za-z,\-*/]+$/, /^[0-9A-Za-z,\-*/?L#]+$/, /^[0-9,\-*/]+$/];

/** Reads `cron(…)`, `rate(…)` or `at(…)`; throws ScheduleExpressionError naming what is wrong. */
export function parseScheduleExpression(text: string): ScheduleExpression {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(text.trim());
  if (match === null) throw new ScheduleExpressionError(`"${text}" is not a schedule expression: write cron(…), rate(…) or at(…)`);
  const [, kind, inner] = match as unknown as [string, 'cron' | 'rate' | 'at', string];
  if (kind === 'rate') return { kind, text, everyMs: parseRate(inner, text) };
  if (kind === 'at') return { kind, text, at: parseAt(inner, text) };
  return { kind, text, fields: parseCronFields(inner, text) };
}

function parseRate(inner: string, text: string): number {
  const match = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(inner.trim());
  if (match === null) throw new ScheduleExpressionError(`${text}: a rate is "rate(value unit)" with unit minute(s), hour(s) or day(s), e.g. rate(5 minutes)`);
  const value = Number(match[1]);
  const unit = match[2]!;
  if (value < 1) throw new ScheduleExpressionError(`${text}: the value must be a positive whole number`);
  // EventBridge wants the singular for 1 and the plural otherwise.
  if ((value === 1) !== !unit.endsWith('s')) {
    throw new ScheduleExpressionError(`${text}: write "${value} ${value === 1 ? unit.replace(/s$/, '') : `${unit.replace(/s$/, '')}s`}"`);
  }
  return value * rateUnits[unit.replace(/s$/, '')]!;
}

function parseAt(inner: string, text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(inner)) throw new ScheduleExpressionError(`${text}: a one-time schedule is at(yyyy-mm-ddThh:mm:ss)`);
  const at = Date.parse(`${inner}Z`);
  if (Number.isNaN(at) || new Date(at).toISOString().slice(0, 19) !== inner) throw new ScheduleExpressionError(`${text}: ${inner} is not a date and time`);
  return at;
}

function parseCronFields(inner: string, text: string): string[] {
  const fields = inner.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(
      `${text}: a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${fields.length}`,
    );
  }
  fields.forEach((field, index) => {
    if (!fieldCharacters[index]!.test(field)) throw new ScheduleExpressionError(`${text}: the ${fieldNames[index]} field "${field}" is not valid`);
  });
  const [, , dayOfMonth, , dayOfWeek] = fields as [string, string, string, string, string, string];
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(`${text}: one of day-of-month and day-of-week must be "?" (and only one), e.g. cron(0 9 ? * MON-FRI *)`);
  }
  try {
    awsCron.parse(fields.join(' '));
  } catch (error) {
    throw new ScheduleExpressionError(`${text}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return fields;
}

/**
 * The first firing strictly after `after` within the window, or undefined when there is none. A rate fires every
 * period after the window's start; a one-time schedule fires at its time.
 */
export function nextFiring(expression: ScheduleExpression, after: number, window: ScheduleWindow): number | undefined {
  let next: number | undefined;
  if (expression.kind === 'at') next = expression.at > after && expression.at >= window.start ? expression.at : undefined;
  else if (expression.kind === 'rate') {
    const periods = Math.max(1, Math.floor((after - window.start) / expression.everyMs) + 1);
    next = window.start + periods * expression.everyMs;
  } else {
    // The library answers the next whole minute after `from`; a firing exactly at the window's start counts.
    const from = new Date(Math.max(after, window.start - 1));
    next = awsCron.next(awsCron.parse(expression.fields.join(' ')), from)?.getTime();
  }
  return next !== undefined && (window.end === undefined || next <= window.end) ? next : undefined;
}

/** The next `count` firings after `after`: what the panel's cron helper shows. */
export function nextFirings(expression: ScheduleExpression, after: number, window: ScheduleWindow, count: number): number[] {
  const firings: number[] = [];
  let from = after;
  while (firings.length < count) {
    const next = nextFiring(expression, from, window);
    if (next === undefined) break;
    firings.push(next);
    from = next;
  }
  return firings;
}

/** The latest firing at or before `now` that comes after `after` (the firings a stopped service missed collapse to it). */
export function latestDueFiring(expression: ScheduleExpression, after: number, now: number, window: ScheduleWindow): number | undefined {
  const until = Math.min(now, window.end ?? now);
  let due: number | undefined;
  if (expression.kind === 'at') due = expression.at;
  else if (expression.kind === 'rate') due = window.start + Math.floor((until - window.start) / expression.everyMs) * expression.everyMs;
  // prev answers the firing before its `from`: one millisecond past `until` lets a firing at `until` count.
  else due = awsCron.prev(awsCron.parse(expression.fields.join(' ')), new Date(until + 1))?.getTime();
  const firstAllowed = expression.kind === 'rate' ? window.start + 1 : window.start;
  return due !== undefined && due > after && due >= firstAllowed && due <= until ? due : undefined;
}
