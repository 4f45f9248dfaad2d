/**
 * Every enum-valued member of a SageMaker operation's input, nested ones included, checked as SageMaker checks
 * them. The members and their values are data generated from SageMaker's service model
 * (`kernel-lib/models/sagemaker-input-enums.json`, by `scripts/sagemaker-input-enums.py`), not written by hand.
 */
import { readFileSync } from 'node:fs';
import { acceptedBeyondModel } from './differences.js';
import { constraintError, type RequestBody } from './input.js';

interface EnumTable {
  /** Enum shape → its values. */
  readonly enums: Readonly<Record<string, readonly string[]>>;
  /** Operation → member path (`A.B`, `A[]` a list's items, `A{}` a map's values) → enum shape. */
  readonly operations: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

// The same depth from src/service and dist/service.
const table = JSON.parse(readFileSync(new URL('../../models/sagemaker-input-enums.json', import.meta.url), 'utf8')) as EnumTable;
const allowed = new Map(Object.entries(table.enums).map(([shape, values]) => [shape, new Set(values)]));

interface Found {
  readonly value: unknown;
  /** Where, in the camelCase SageMaker's messages use. */
  readonly at: string;
}

const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** The values at a member path, through lists (`[]`) and maps (`{}`). */
function valuesAt(value: unknown, steps: readonly string[], at: string): Found[] {
  if (steps.length === 0) return [{ value, at }];
  const [step, ...rest] = steps as [string, ...string[]];
  if (step === '[]') return Array.isArray(value) ? value.flatMap((item, index) => valuesAt(item, rest, `${at}.${index + 1}.member`)) : [];
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (step === '{}') return isObject ? Object.entries(value).flatMap(([key, item]) => valuesAt(item, rest, `${at}.${key}`)) : [];
  if (!isObject || !Object.hasOwn(value, step)) return [];
  return valuesAt((value as Record<string, unknown>)[step], rest, at === '' ? camel(step) : `${at}.${camel(step)}`);
}

/** `A.B[]{}.C` → ['A', 'B', '[]', '{}', 'C']. */
function stepsOf(path: string): string[] {
  return path.split('.').flatMap((part) => {
    const name = part.replace(/(\[\]|\{\})+$/, '');
    return [name, ...(part.slice(name.length).match(/\[\]|\{\}/g) ?? [])];
  });
}

const pathsByOperation = new Map(
  Object.entries(table.operations).map(([operation, members]) => [
    operation,
    Object.entries(members).map(([path, shape]) => ({ steps: stepsOf(path), shape })),
  ]),
);

/** Throws SageMaker's ValidationException for the first member whose value is not one of its enum's. */
export function checkInputEnums(operation: string, body: RequestBody): void {
  for (const { steps, shape } of pathsByOperation.get(operation) ?? []) {
    const values = allowed.get(shape);
    if (values === undefined) continue;
    for (const { value, at } of valuesAt(body, steps, '')) {
      // A value of the wrong type is the handler's to name.
      if (typeof value !== 'string' || values.has(value) || acceptedBeyondModel(shape, value)) continue;
      throw constraintError(at, value, `Member must satisfy enum value set: [${[...values].join(', ')}]`);
    }
  }
}
