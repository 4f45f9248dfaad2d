import * as React from 'react';
import { formatTime, relativeTime } from '../model';

/** Absolute time, relative on hover (Studio shows only relative times, and users ask for both). */
export function Time(props: { epochSeconds: number | undefined }): React.ReactElement {
  return <span title={relativeTime(props.epochSeconds)}>{formatTime(props.epochSeconds)}</span>;
}
