/**
 * Reading a property path such as `ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri` out of a
 * Describe* document. `['name']` on a list picks the item whose name field equals it, as SageMaker does.
 */
import { isJsonObject, type Json } from './definition.js';
import { parsePropertyPath as parsePath, type PathSegment } from '../definition/property-paths.js';

type Segment = PathSegment;

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
