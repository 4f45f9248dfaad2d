/**
 * References inside a definition: `{"Get": "Steps.X.Properties..."}` (Std:JsonGet's PropertyFile and Std:Join's
 * parts are such objects too), `Parameters.X`, `Execution.X`, `PipelineExperimentConfig.X`, parsed in one place.
 */
import { isJsonObject, type Json } from './json.js';
import type { StepDefinition } from './types.js';

export type ParsedReference =
  | { readonly root: 'Steps'; readonly step: string; /** What follows the step's name: `.Properties.X`, `.PropertyFiles.Y`, `['Z']`. */ readonly path: string }
  | { readonly root: 'Parameters' | 'Execution' | 'PipelineExperimentConfig'; readonly name: string }
  | { readonly root: 'unknown'; readonly text: string };

/** A reference written at `field` (a path from the step object, as a validator names it). */
export interface Reference {
  readonly field: string;
  readonly text: string;
  readonly target: ParsedReference;
}

const namedRoots = new Set(['Parameters', 'Execution', 'PipelineExperimentConfig']);

export function parseReference(text: string): ParsedReference {
  const dot = text.indexOf('.');
  const root = dot < 0 ? text : text.slice(0, dot);
  const rest = dot < 0 ? '' : text.slice(dot + 1);
  if (root === 'Steps') {
    // A step name ends where its property path starts, at a dot or a bracket.
    const end = rest.search(/[.[]/);
    return { root: 'Steps', step: end < 0 ? rest : rest.slice(0, end), path: end < 0 ? '' : rest.slice(end) };
  }
  if (namedRoots.has(root)) return { root: root as 'Parameters' | 'Execution' | 'PipelineExperimentConfig', name: rest };
  return { root: 'unknown', text };
}

/** The reference an object is, when it is one: exactly `{"Get": "<text>"}`. */
export function referenceText(value: unknown): string | undefined {
  if (!isJsonObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && typeof value.Get === 'string' ? value.Get : undefined;
}

/** Every reference inside `value`, with where it is written. */
export function referencesIn(value: Json | undefined, field: string, into: Reference[] = []): Reference[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => referencesIn(item, `${field}[${index}]`, into));
  } else if (isJsonObject(value)) {
    const text = referenceText(value);
    if (text !== undefined) into.push({ field, text, target: parseReference(text) });
    else for (const [key, item] of Object.entries(value)) referencesIn(item, `${field}.${key}`, into);
  }
  return into;
}

/** What a step itself reads: its fields, a Condition's conditions, but not the steps in its branches (they read for themselves). */
export function stepReferences(step: StepDefinition): Reference[] {
  const found: Reference[] = [];
  for (const [key, value] of Object.entries(step)) {
    if (key === 'Name' || key === 'Type' || key === 'DependsOn') continue;
    if (key === 'Arguments' && step.Type === 'Condition' && isJsonObject(value)) {
      for (const [argument, item] of Object.entries(value))
        if (argument !== 'IfSteps' && argument !== 'ElseSteps') referencesIn(item, `Arguments.${argument}`, found);
      continue;
    }
    referencesIn(value as Json, key, found);
  }
  return found;
}

/** The names of the steps whose properties a step reads, in the order it reads them. */
export function stepsReadBy(step: StepDefinition): string[] {
  const names: string[] = [];
  for (const { target } of stepReferences(step)) if (target.root === 'Steps' && !names.includes(target.step)) names.push(target.step);
  return names;
}
