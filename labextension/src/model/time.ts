/**
 * The one way the panel writes a date: the user's locale, absolute, with a relative hint
 * ("3 Dec 2026, 12:41 (5 min ago)"); durations too.
 */

import { formatDuration as formatElapsed } from 'sluice/definition';

/** Epoch seconds (as the service's JSON carries times), an ISO string, or a Date. */
export type TimeValue = number | string | Date | undefined;

export interface TimeOptions {
  /** Milliseconds since the epoch the relative hint counts from. */
  now?: number;
  /** BCP 47 locale; the browser's by default. */
  locale?: string;
}

const absoluteFormats = new Map<string, Intl.DateTimeFormat>();
const fullFormats = new Map<string, Intl.DateTimeFormat>();
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function cached<F>(cache: Map<string, F>, locale: string | undefined, make: (locale: string | undefined) => F): F {
  const key = locale ?? '';
  let format = cache.get(key);
  if (format === undefined) {
    format = make(locale);
    cache.set(key, format);
  }
  return format;
}

/** Milliseconds since the epoch, or undefined for no time or one that cannot be read. */
export function epochMs(time: TimeValue): number | undefined {
  if (time === undefined || time === '') return undefined;
  const ms = typeof time === 'number' ? time * 1000 : typeof time === 'string' ? Date.parse(time) : time.getTime();
  return Number.isFinite(ms) ? ms : undefined;
}

/** `3 Dec 2026, 12:41` in the user's locale and time zone; `—` when there is no time. */
export function absoluteTime(time: TimeValue, options: TimeOptions = {}): string {
  const ms = epochMs(time);
  if (ms === undefined) return '—';
  return cached(
    absoluteFormats,
    options.locale,
    (locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }),
  ).format(ms);
}

/** To the second, with the time zone: what a hover shows. */
export function fullTime(time: TimeValue, options: TimeOptions = {}): string {
  const ms = epochMs(time);
  if (ms === undefined) return '';
  return cached(fullFormats, options.locale, (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'long' })).format(ms);
}

const relativeUnits: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

/** `5 min ago`, `in 2 hr`, `now`: the largest whole unit, in the user's locale; empty when there is no time. */
export function relativeTime(time: TimeValue, options: TimeOptions = {}): string {
  const ms = epochMs(time);
  if (ms === undefined) return '';
  const format = cached(relativeFormats, options.locale, (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }));
  const seconds = (ms - (options.now ?? Date.now())) / 1000;
  // Under 45 seconds a count of seconds changes on every poll and says nothing more than "now".
  if (Math.abs(seconds) < 45) return format.format(0, 'second');
  for (const [unit, size] of relativeUnits) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/** `3 Dec 2026, 12:41 (5 min ago)`: every date the panel shows as text. */
export function formatTime(time: TimeValue, options: TimeOptions = {}): string {
  const absolute = absoluteTime(time, options);
  return epochMs(time) === undefined ? absolute : `${absolute} (${relativeTime(time, options)})`;
}

/** How long from `startSeconds` to `endSeconds` (or until now, while it runs), as the notebook says it too. */
export function formatDuration(startSeconds: number | undefined, endSeconds: number | undefined, now: number = Date.now()): string {
  if (startSeconds === undefined) return '—';
  return formatElapsed(((endSeconds ?? now / 1000) - startSeconds) * 1000, { running: endSeconds === undefined });
}
