/** Times as the panel shows them: absolute, with a relative form for hover titles. */
export function formatTime(epochSeconds: number | undefined): string {
  if (epochSeconds === undefined) return '—';
  return new Date(epochSeconds * 1000).toLocaleString();
}

export function relativeTime(epochSeconds: number | undefined, now: number = Date.now()): string {
  if (epochSeconds === undefined) return '';
  const seconds = Math.round(now / 1000 - epochSeconds);
  if (seconds < 45) return 'just now';
  const units: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day']
  ];
  let chosen: [number, string] = units[0];
  for (const unit of units) if (seconds >= unit[0]) chosen = unit;
  const count = Math.round(seconds / chosen[0]);
  return `${count} ${chosen[1]}${count === 1 ? '' : 's'} ago`;
}

export function formatDuration(startSeconds: number | undefined, endSeconds: number | undefined, now: number = Date.now()): string {
  if (startSeconds === undefined) return '—';
  const exact = Math.max(0, (endSeconds ?? now / 1000) - startSeconds);
  // Local steps often take under a second: tenths say more than "0s" there.
  if (exact < 10 && endSeconds !== undefined) return `${exact.toFixed(1)}s`;
  const total = Math.round(exact);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}
