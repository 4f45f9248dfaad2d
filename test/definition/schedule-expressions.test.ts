/** EventBridge Scheduler's expressions, read one way for the SDK, the service and the panel's cron helper. */
import { latestDueFiring, nextFirings, parseScheduleExpression } from '../../kernel-lib/src/definition/index.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (times: number[]): string[] => times.map((time) => new Date(time).toISOString());

describe('schedule expressions', () => {
  it('gives the next five firings of a weekday cron, in UTC', () => {
    const cron = parseScheduleExpression('cron(0/15 9-17 ? * MON-FRI *)');
    // Friday 17:50, after the last firing of 17:45: the next firings are Monday morning's.
    expect(iso(nextFirings(cron, at('2026-12-04T17:50:00Z'), { start: 0 }, 5))).toEqual([
      '2026-12-07T09:00:00.000Z',
      '2026-12-07T09:15:00.000Z',
      '2026-12-07T09:30:00.000Z',
      '2026-12-07T09:45:00.000Z',
      '2026-12-07T10:00:00.000Z',
    ]);
  });

  it("reads AWS's L and # and the year field", () => {
    expect(iso(nextFirings(parseScheduleExpression('cron(0 12 L * ? *)'), at('2026-12-03T00:00:00Z'), { start: 0 }, 2))).toEqual([
      '2026-12-31T12:00:00.000Z',
      '2027-01-31T12:00:00.000Z',
    ]);
    // The first Monday (day 2, as AWS counts from Sunday = 1) of each month.
    expect(iso(nextFirings(parseScheduleExpression('cron(0 9 ? * 2#1 *)'), at('2026-12-03T00:00:00Z'), { start: 0 }, 1))).toEqual(['2026-12-07T09:00:00.000Z']);
    expect(nextFirings(parseScheduleExpression('cron(0 0 1 1 ? 2020)'), at('2026-12-03T00:00:00Z'), { start: 0 }, 5)).toEqual([]);
  });

  it('counts a rate from its start and stops at the end date', () => {
    const rate = parseScheduleExpression('rate(10 minutes)');
    const start = at('2026-01-01T00:00:00Z');
    expect(iso(nextFirings(rate, start + 25 * 60_000, { start, end: start + 50 * 60_000 }, 5))).toEqual([
      '2026-01-01T00:30:00.000Z',
      '2026-01-01T00:40:00.000Z',
      '2026-01-01T00:50:00.000Z',
    ]);
    // A service down from 00:05 to 00:47 missed four firings; the latest is the one it owes.
    expect(new Date(latestDueFiring(rate, start + 5 * 60_000, start + 47 * 60_000, { start }) ?? 0).toISOString()).toBe('2026-01-01T00:40:00.000Z');
    expect(latestDueFiring(rate, start + 40 * 60_000, start + 47 * 60_000, { start })).toBeUndefined();
  });

  it('fires a one-time schedule once', () => {
    const once = parseScheduleExpression('at(2026-12-24T18:00:00)');
    expect(iso(nextFirings(once, at('2026-12-01T00:00:00Z'), { start: 0 }, 5))).toEqual(['2026-12-24T18:00:00.000Z']);
  });

  it.each([
    ['cron(0 9 * * MON *)', /one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 9 * * ?)', /6 fields .* this one has 5/],
    ['cron(70 9 ? * MON *)', /70 is not between 0 and 59/],
    ['cron(0 9 ? * MON$ *)', /day-of-week field "MON\$" is not valid/],
    ['rate(0 minutes)', /positive whole number/],
    ['rate(5 minute)', /write "5 minutes"/],
    ['rate(1 hours)', /write "1 hour"/],
    ['rate(5 weeks)', /unit minute\(s\), hour\(s\) or day\(s\)/],
    ['at(2026-02-30T10:00:00)', /is not a date and time/],
    ['every day', /write cron\(…\), rate\(…\) or at\(…\)/],
  ])('refuses %s, naming the problem', (text, problem) => {
    expect(() => parseScheduleExpression(text)).toThrow(problem);
  });
});
