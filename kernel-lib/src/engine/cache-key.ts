/** What makes two runs of a step the same for caching: SageMaker's key attributes per step type. */
import { createHash } from 'node:crypto';
import type { KeyChange, KeyChangeKind } from '../definition/run-reasons.js';
import { isJsonObject, type Json, type JsonObject } from './definition.js';

const KEY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  Processing: ['AppSpecification', 'Environment', 'ProcessingInputs'],
  Training: ['AlgorithmSpecification', 'CheckpointConfig', 'DebugHookConfig', 'DebugRuleConfigurations', 'Environment', 'HyperParameters', 'InputDataConfig'],
  Tuning: ['HyperParameterTuningJobConfig', 'TrainingJobDefinition', 'TrainingJobDefinitions'],
};

/** Attributes of which only some children count: a tuning job's instances, role or stopping condition do not. */
const KEY_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  'Tuning.TrainingJobDefinition': ['AlgorithmSpecification', 'HyperParameterRanges', 'InputDataConfig', 'StaticHyperParameters', 'TuningObjective'],
};

export function isCacheable(stepType: string): boolean {
  return stepType in KEY_ATTRIBUTES;
}

/** The step's key attributes as resolved: what its cache key is the hash of, kept with its record to explain the next miss. */
export function keyAttributes(stepType: string, resolvedArguments: Json): JsonObject {
  const args = isJsonObject(resolvedArguments) ? resolvedArguments : {};
  return Object.fromEntries(
    (KEY_ATTRIBUTES[stepType] ?? []).map((key) => {
      const value = args[key] ?? null;
      const children = KEY_CHILDREN[`${stepType}.${key}`];
      return [key, children !== undefined && isJsonObject(value) ? Object.fromEntries(children.map((child) => [child, value[child] ?? null])) : value];
    }),
  );
}

/** The hash of a step's type, name and key attributes. */
export function hashKey(stepType: string, stepName: string, attributes: JsonObject): string {
  return createHash('sha256')
    .update(JSON.stringify([stepType, stepName, attributes]))
    .digest('hex');
}

/** A hash of the step's type, name and resolved key attributes. */
export function cacheKey(stepType: string, stepName: string, resolvedArguments: Json): string {
  return hashKey(stepType, stepName, keyAttributes(stepType, resolvedArguments));
}

/** Members holding name → value maps whose entries are reported one by one. */
const NAMED_VALUES: Readonly<Record<string, KeyChangeKind>> = {
  HyperParameters: 'hyperparameter',
  StaticHyperParameters: 'hyperparameter',
  Environment: 'environment',
};
/** Lists of inputs, each named by a member. */
const NAMED_INPUTS: Readonly<Record<string, string>> = { ProcessingInputs: 'InputName', InputDataConfig: 'ChannelName' };
const IMAGES = new Set(['ImageUri', 'TrainingImage']);
/** Where the Python SDK's training jobs find their code. */
const CODE_HYPERPARAMETER = 'sagemaker_submit_directory';

function shown(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The first S3 URI inside an input, which is what a person recognises it by. */
function inputUri(input: Json | undefined): string | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isJsonObject(input)) return Array.isArray(input) ? input.map(inputUri).find((uri) => uri !== undefined) : undefined;
  if (typeof input.S3Uri === 'string') return input.S3Uri;
  return Object.values(input)
    .map(inputUri)
    .find((uri) => uri !== undefined);
}

function isCode(name: string, uri: string | undefined): boolean {
  return name === 'code' || name === CODE_HYPERPARAMETER || (uri !== undefined && /\/code\/[0-9a-f]{12,}\//.test(uri));
}

function namedItems(list: Json | undefined, nameKey: string): Map<string, Json> {
  const items = Array.isArray(list) ? list : [];
  return new Map(
    items.map((item, index): [string, Json] => {
      const name = isJsonObject(item) ? item[nameKey] : undefined;
      return [typeof name === 'string' ? name : `#${index}`, item];
    }),
  );
}

function changesIn(path: string, key: string, before: Json | undefined, after: Json | undefined): KeyChange[] {
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
  const namedKind = NAMED_VALUES[key];
  if (namedKind !== undefined && (isJsonObject(before ?? {}) || isJsonObject(after ?? {}))) {
    const old = isJsonObject(before ?? null) ? (before as JsonObject) : {};
    const now = isJsonObject(after ?? null) ? (after as JsonObject) : {};
    return [...new Set([...Object.keys(old), ...Object.keys(now)])]
      .filter((name) => JSON.stringify(old[name] ?? null) !== JSON.stringify(now[name] ?? null))
      .map((name) => ({ Kind: isCode(name, shown(now[name])) ? 'code' : namedKind, Name: name, Before: shown(old[name]), After: shown(now[name]) }));
  }
  const nameKey = NAMED_INPUTS[key];
  if (nameKey !== undefined) {
    const old = namedItems(before, nameKey);
    const now = namedItems(after, nameKey);
    return [...new Set([...old.keys(), ...now.keys()])].flatMap((name): KeyChange[] => {
      const [was, is] = [old.get(name), now.get(name)];
      if (JSON.stringify(was ?? null) === JSON.stringify(is ?? null)) return [];
      const [from, to] = [inputUri(was), inputUri(is)];
      const sameUri = from === to && was !== undefined && is !== undefined;
      return [{ Kind: isCode(name, to ?? from) ? 'code' : 'input', Name: name, Before: sameUri ? shown(was) : from, After: sameUri ? shown(is) : to }];
    });
  }
  if (IMAGES.has(key)) return [{ Kind: 'image', Name: path, Before: shown(before), After: shown(after) }];
  if (isJsonObject(before ?? null) && isJsonObject(after ?? null)) {
    const [old, now] = [before as JsonObject, after as JsonObject];
    return [...new Set([...Object.keys(old), ...Object.keys(now)])].flatMap((child) => changesIn(`${path}.${child}`, child, old[child], now[child]));
  }
  return [{ Kind: 'attribute', Name: path, Before: shown(before), After: shown(after) }];
}

/** What differs between two runs' key attributes, named as a person would: a hyperparameter, an input's URI, the code, the image. */
export function keyChanges(before: JsonObject, after: JsonObject): KeyChange[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].flatMap((key) => changesIn(key, key, before[key], after[key]));
}
