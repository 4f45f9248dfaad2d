/**
 * Resolves the expressions in step arguments at run time: Get (parameters, execution variables,
 * experiment config, step properties), Std:Join and Std:JsonGet.
 */
import { parseReference } from '../definition/index.js';
import { parsePropertyPath, type PathSegment } from '../definition/property-paths.js';
import { isJsonObject, type Json, type PropertyFileDefinition } from './definition.js';
import { readPath } from './property-path.js';

export class ResolutionError extends Error {
  override readonly name = 'ResolutionError';
}

export interface ResolveScope {
  readonly parameters: Readonly<Record<string, Json>>;
  /** PipelineExecutionId, PipelineExecutionArn, PipelineName, PipelineArn, StartDateTime, ... */
  readonly execution: Readonly<Record<string, Json>>;
  readonly experiment: Readonly<Record<string, Json>> | null;
  /** The Describe* document of a finished step, or undefined when it has none (yet). */
  stepProperties(name: string): Json | undefined;
  /** The property files a step declares. */
  propertyFiles(step: string): readonly PropertyFileDefinition[];
  /** Reads and parses a JSON object from the artifact store. */
  readJson(s3Uri: string): Json;
}

/** Python's str() of a value, which is what Join does with each part. */
export function joinPart(value: Json): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

function resolveGet(path: string, scope: ResolveScope): Json {
  const target = parseReference(path);
  switch (target.root) {
    case 'Parameters':
      if (!(target.name in scope.parameters)) throw new ResolutionError(`parameter "${target.name}" has no value`);
      return scope.parameters[target.name];
    case 'Execution':
      if (!(target.name in scope.execution)) throw new ResolutionError(`execution variable "${target.name}" is not available here`);
      return scope.execution[target.name];
    case 'PipelineExperimentConfig':
      if (scope.experiment === null || !(target.name in scope.experiment))
        throw new ResolutionError(`${path} is not set: the pipeline has no experiment config`);
      return scope.experiment[target.name];
    case 'Steps': {
      const document = scope.stepProperties(target.step);
      if (document === undefined) throw new ResolutionError(`step "${target.step}" has not produced properties`);
      const propertyPath = target.path.replace(/^\./, '');
      const value = readPath(document, propertyPath);
      if (value === undefined) throw new ResolutionError(`step "${target.step}" has no property ${propertyPath}`);
      return value;
    }
    default:
      throw new ResolutionError(`unknown reference "${path}"`);
  }
}

/** The S3 URI of a property file: `<output's S3Uri>/<FilePath>`. */
function propertyFileUri(reference: string, scope: ResolveScope): string {
  const target = parseReference(reference);
  const prefix = '.PropertyFiles.';
  if (target.root !== 'Steps' || !target.path.startsWith(prefix) || target.path.length === prefix.length)
    throw new ResolutionError(`malformed property file reference "${reference}"`);
  const step = target.step;
  const fileName = target.path.slice(prefix.length);
  const file = scope.propertyFiles(step).find((candidate) => candidate.PropertyFileName === fileName);
  if (!file) throw new ResolutionError(`step "${step}" declares no property file "${fileName}"`);
  const uri = resolveGet(`Steps.${step}.ProcessingOutputConfig.Outputs['${file.OutputName}'].S3Output.S3Uri`, scope);
  if (typeof uri !== 'string') throw new ResolutionError(`output "${file.OutputName}" of step "${step}" has no S3 URI`);
  return `${uri.replace(/\/$/, '')}/${file.FilePath}`;
}

function resolveJsonGet(spec: Json, scope: ResolveScope): Json {
  if (!isJsonObject(spec) || typeof spec.Path !== 'string') throw new ResolutionError('Std:JsonGet needs a Path');
  let uri: string;
  if (isJsonObject(spec.PropertyFile) && typeof spec.PropertyFile.Get === 'string') {
    uri = propertyFileUri(spec.PropertyFile.Get, scope);
  } else {
    const resolved = resolveValue(spec.S3Uri ?? null, scope);
    if (typeof resolved !== 'string') throw new ResolutionError('Std:JsonGet S3Uri did not resolve to a string');
    uri = resolved;
  }
  const document = scope.readJson(uri);
  const value = readPath(document, spec.Path);
  if (value === undefined) {
    const file = isJsonObject(spec.PropertyFile) && typeof spec.PropertyFile.Get === 'string' ? parseReference(spec.PropertyFile.Get) : undefined;
    const source = file?.root === 'Steps' ? `property file ${file.path.slice('.PropertyFiles.'.length)} of step "${file.step}" (${uri})` : uri;
    throw new ResolutionError(`JsonGet "${spec.Path}": ${source} does not match: ${missingPart(document, spec.Path)}`);
  }
  return value;
}

/** `value` with every expression in it replaced by what it stands for now. */
export function resolveValue(value: Json, scope: ResolveScope): Json {
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, scope));
  if (!isJsonObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value.Get === 'string') return resolveGet(value.Get, scope);
  if (keys.length === 1 && keys[0] === 'Std:Join') {
    const join = value['Std:Join'];
    if (!isJsonObject(join) || !Array.isArray(join.Values)) throw new ResolutionError('Std:Join needs Values');
    const on = typeof join.On === 'string' ? join.On : '';
    return join.Values.map((part) => joinPart(resolveValue(part, scope))).join(on);
  }
  if (keys.length === 1 && keys[0] === 'Std:JsonGet') return resolveJsonGet(value['Std:JsonGet'], scope);
  return Object.fromEntries(keys.map((key) => [key, resolveValue(value[key], scope)]));
}

/** Where `path` stops matching `document`: the deepest part that exists and what it has instead. */
function missingPart(document: Json | undefined, path: string): string {
  let segments: PathSegment[];
  try {
    segments = parsePropertyPath(path);
  } catch (error) {
    return (error as Error).message;
  }
  let value = document;
  let reached = '';
  for (const segment of segments) {
    const text = 'key' in segment ? segment.key : 'index' in segment ? `[${segment.index}]` : `['${segment.name}']`;
    const next = readPath(value, 'key' in segment ? segment.key : text);
    if (next === undefined) {
      const where = reached === '' ? 'the file' : `"${reached}"`;
      const has = isJsonObject(value ?? null)
        ? `it has ${Object.keys(value as object).join(', ') || 'no keys'}`
        : `it is ${Array.isArray(value) ? `a list of ${value.length}` : JSON.stringify(value)}`;
      return `${where} has no ${'key' in segment ? `"${segment.key}"` : text}; ${has}`;
    }
    value = next;
    reached = reached === '' || !('key' in segment) ? `${reached}${text}` : `${reached}.${text}`;
  }
  return 'the value is missing';
}
