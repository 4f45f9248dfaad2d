/**
 * Reading a property path such as `ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri` out of a
 * Describe* document. `['name']` on a list picks the item whose name field equals it, as SageMaker does.
 */
import { isJsonObject, type Json } from './definition.js';

type Segment = { key: string } | { index: number } | { name: string };

/** Splits `A.B['x'][0].C` into segments; throws on a malformed path. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /\.?([A-Za-z0-9_:-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < path.length && (match = pattern.exec(path)) !== null) {
    if (match[1] !== undefined) segments.push({ key: match[1] });
    else if (match[2] !== undefined) segments.push({ index: Number(match[2]) });
    else segments.push({ name: match[3] ?? match[4] ?? '' });
  }
  if (pattern.lastIndex !== path.length) throw new Error(`malformed property path "${path}"`);
  return segments;
}

const NAME_FIELDS = ['OutputName', 'InputName', 'ChannelName', 'MetricName', 'Name', 'Key'];

function pick(value: Json | undefined, segment: Segment): Json | undefined {
  if (value === undefined || value === null) return undefined;
  if ('index' in segment) return Array.isArray(value) ? value[segment.index] : undefined;
  const key = 'key' in segment ? segment.key : segment.name;
  if (Array.isArray(value)) {
    return value.find((item) => isJsonObject(item) && NAME_FIELDS.some((field) => item[field] === key));
  }
  return isJsonObject(value) ? value[key] : undefined;
}

/** The value at `path` in `document`, or undefined when any part is missing. */
export function readPath(document: Json | undefined, path: string): Json | undefined {
  let value = document;
  let previous: Segment | undefined;
  for (const segment of parsePath(path)) {
    value = pick(value, segment);
    // OutputParameters['x'] (Lambda, Callback) stands for the output's value, not its {Name, Value} entry.
    if (previous !== undefined && 'key' in previous && previous.key === 'OutputParameters' && 'name' in segment && isJsonObject(value ?? null)) {
      value = (value as { Value?: Json }).Value;
    }
    previous = segment;
  }
  return value;
}
