import * as React from 'react';
import { absoluteTime, epochMs, fullTime, relativeTime, type TimeValue } from '../model';

/**
 * A date as the panel shows every date: absolute in the user's locale with a relative hint, to the second on
 * hover (Studio shows only relative times, and users ask for both).
 */
export function Time(props: { epochSeconds: number | undefined } | { time: TimeValue }): React.ReactElement {
  const time = 'time' in props ? props.time : props.epochSeconds;
  const ms = epochMs(time);
  if (ms === undefined) return <span className="sluice-Time">{absoluteTime(undefined)}</span>;
  return (
    <time className="sluice-Time" dateTime={new Date(ms).toISOString()} title={fullTime(time)}>
      {absoluteTime(time)} <span className="sluice-Time-relative">({relativeTime(time)})</span>
    </time>
  );
}
