/** Long values shortened in the middle, where a URI says least: `s3://sluice-…/abalone.csv`. */

/**
 * `value` in at most `max` characters with `…` in the middle; a path keeps its last segment (the file name)
 * whole when it fits in half the room, and as much of its start (scheme, bucket) as the rest allows.
 */
export function middleTruncate(value: string, max = 32): string {
  if (value.length <= max) return value;
  const room = Math.max(2, max - 1);
  const slash = value.lastIndexOf('/');
  const lastSegment = slash > 0 ? value.slice(slash) : '';
  const tailLength = lastSegment.length > 1 && lastSegment.length <= Math.floor(room / 2) ? lastSegment.length : Math.floor(room / 2);
  return `${value.slice(0, room - tailLength)}…${value.slice(value.length - tailLength)}`;
}
