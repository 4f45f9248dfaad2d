/**
 * Which step properties exist: `Steps.<Step>.<path>` checked against the Describe* response SageMaker resolves it
 * from (the shapes in property-shapes.generated.ts, taken from @aws-sdk/client-sagemaker's own model). The SDK's
 * property proxy refuses a path that is not there, naming the nearest valid names.
 */
import { distance } from 'fastest-levenshtein';
import { propertyRoots, propertyShapes } from './property-shapes.generated.js';

/** What a point of a property path is: a value, a structure, a list or a map (as in the AWS SDK's model). */
export type PropertyShape =
  | { readonly kind: 'value'; readonly type: 'string' | 'number' | 'boolean' | 'timestamp' | 'document' }
  | { readonly kind: 'structure'; readonly name: string; readonly fields: { readonly [field: string]: PropertyShape | (() => PropertyShape) } }
  | { readonly kind: 'list'; readonly item: () => PropertyShape; readonly keyedBy: string | undefined }
  | { readonly kind: 'map'; readonly value: () => PropertyShape };

const valueTypes = { s: 'string', n: 'number', b: 'boolean', t: 'timestamp', d: 'document' } as const;

/** Structures SageMaker adds to some steps' properties, beyond the AWS SDK's model. */
const addedShapes: { readonly [shape: string]: { readonly [field: string]: string } } = {
  BestCandidateProperties: { ModelInsightsJsonReportPath: 's', ExplainabilityJsonReportPath: 's' },
};

function fieldsOf(shape: string): { readonly [field: string]: string } | undefined {
  return propertyShapes[shape] ?? addedShapes[shape];
}

/** Shapes are read-only, so each is decoded once: a 1,000-step definition checks thousands of property paths. */
const decoded = new Map<string, PropertyShape>();

function decode(code: string): PropertyShape {
  let shape = decoded.get(code);
  if (shape === undefined) {
    shape = decodeOnce(code);
    decoded.set(code, shape);
  }
  return shape;
}

function decodeOnce(code: string): PropertyShape {
  if (code.startsWith('[')) {
    const item = code.slice(1);
    return { kind: 'list', item: () => decode(item), keyedBy: keyOf(item) };
  }
  if (code.startsWith('{')) {
    const value = code.slice(1);
    return { kind: 'map', value: () => decode(value) };
  }
  if (code in valueTypes) return { kind: 'value', type: valueTypes[code as keyof typeof valueTypes] };
  const fields = fieldsOf(code);
  if (fields === undefined) throw new Error(`no property shape ${code}`);
  return { kind: 'structure', name: code, fields: Object.fromEntries(Object.entries(fields).map(([field, child]) => [field, () => decode(child)])) };
}

/** Items of a list can be picked by name (`Outputs['train']`) when they have a name field, as outputs, channels and metrics do. */
function keyOf(item: string): string | undefined {
  const fields = fieldsOf(item);
  if (fields === undefined) return undefined;
  return Object.keys(fields).find((field) => /Name$/.test(field) && fields[field] === 's');
}

/** Fields SageMaker adds to a step's properties beyond its Describe* response. */
const addedFields: { readonly [stepType: string]: { readonly [field: string]: string } } = {
  Tuning: { TrainingJobSummaries: '[HyperParameterTrainingJobSummary' },
  AutoML: { BestCandidateProperties: 'BestCandidateProperties' },
};

/** The property shape of a step type, or undefined for step types whose properties are not a Describe* response. */
export function stepPropertyShape(stepType: string): PropertyShape | undefined {
  if (!stepShapes.has(stepType)) stepShapes.set(stepType, stepShapeOnce(stepType));
  return stepShapes.get(stepType);
}

const stepShapes = new Map<string, PropertyShape | undefined>();

function stepShapeOnce(stepType: string): PropertyShape | undefined {
  const root = (propertyRoots as { readonly [type: string]: string })[stepType];
  if (root === undefined) return undefined;
  const shape = decode(root);
  if (shape.kind !== 'structure' || addedFields[stepType] === undefined) return shape;
  const added = Object.fromEntries(Object.entries(addedFields[stepType]).map(([field, code]) => [field, () => decode(code)]));
  return { ...shape, fields: { ...shape.fields, ...added } };
}

/** The fields of a structure shape, by name. */
export function fieldOf(shape: PropertyShape, field: string): PropertyShape | undefined {
  if (shape.kind !== 'structure' || !Object.hasOwn(shape.fields, field)) return undefined;
  const child = shape.fields[field];
  return typeof child === 'function' ? child() : child;
}

/** Up to three names nearest to `name` (by edit distance, case ignored), closest first. */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  if (candidates.length === 0) return [];
  const lower = name.toLowerCase();
  const within = Math.max(2, Math.floor(name.length / 3));
  const scored = candidates.map((candidate) => ({ candidate, score: distance(lower, candidate.toLowerCase()) })).sort((a, b) => a.score - b.score);
  // The nearest always, then any other within a third of the name's length (or containing it).
  return scored
    .filter(({ candidate, score }, index) => index === 0 || score <= within || candidate.toLowerCase().includes(lower))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** The sentence that suggests names, or "" when none is near. */
export function didYouMean(names: readonly string[]): string {
  if (names.length === 0) return '';
  return ` Did you mean ${names.join(' or ')}?`;
}

/** A description of a shape for messages: "a string", "a list of Channel", "a map". */
export function describeShape(shape: PropertyShape): string {
  switch (shape.kind) {
    case 'value':
      return `a ${shape.type} value`;
    case 'structure':
      return `a ${shape.name} structure`;
    case 'list':
      return 'a list';
    case 'map':
      return 'a map';
  }
}

/** One part of a property path: `.Key`, `[0]` or `['name']`. */
export type PathSegment = { key: string } | { index: number } | { name: string };

/** Splits `A.B['x'][0].C` into segments; throws on a malformed path. */
export function parsePropertyPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
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

/** A segment as written in a path. */
function segmentText(segment: PathSegment): string {
  if ('key' in segment) return `.${segment.key}`;
  if ('index' in segment) return `[${segment.index}]`;
  return `['${segment.name}']`;
}

/**
 * Why a step property path (the part after `Steps.<Step>`, e.g. `.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri`)
 * does not exist in SageMaker's model of the step type, or undefined when it does (or the step type's properties are not
 * a Describe* response).
 */
export function propertyPathProblem(stepType: string, path: string): string | undefined {
  let shape = stepPropertyShape(stepType);
  if (shape === undefined || path.startsWith('.PropertyFiles.')) return undefined;
  let segments: PathSegment[];
  try {
    segments = parsePropertyPath(path);
  } catch (error) {
    return (error as Error).message;
  }
  let written = '';
  for (const segment of segments) {
    if ('key' in segment) {
      const child = fieldOf(shape, segment.key);
      if (child === undefined) {
        const fields = shape.kind === 'structure' ? Object.keys(shape.fields) : [];
        const where =
          shape.kind === 'structure'
            ? `SageMaker's ${shape.name} has no field ${segment.key}`
            : `${written || 'it'} is ${describeShape(shape)}, not a structure`;
        return `${where}.${didYouMean(nearestNames(segment.key, fields))}`;
      }
      shape = child;
    } else if (shape.kind === 'map' && 'name' in segment) {
      shape = shape.value();
    } else if (shape.kind === 'list' && ('index' in segment || shape.keyedBy !== undefined)) {
      shape = shape.item();
    } else {
      return `${written || 'the step'} is ${describeShape(shape)}: ${segmentText(segment)} cannot be read from it`;
    }
    written += segmentText(segment);
  }
  return undefined;
}
