import { serializationError, validationError } from './errors.js';

/** A request body as parsed JSON; handlers read typed members out of it with the functions below. */
export type RequestBody = Readonly<Record<string, unknown>>;

interface StringRules {
  min?: number;
  max?: number;
  pattern?: RegExp;
}

/** AWS names members in camelCase in its validation messages. */
const memberName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

export function constraintError(name: string, value: unknown, constraint: string): Error {
  const shown = value === undefined ? 'null' : `'${String(value)}'`;
  return validationError(`1 validation error detected: Value ${shown} at '${memberName(name)}' failed to satisfy constraint: ${constraint}`);
}

const typeError = (name: string, expected: string): Error => serializationError(`${name} must be ${expected}`);

export function requiredString(body: RequestBody, name: string, rules: StringRules = {}): string {
  const value = optionalString(body, name, rules);
  if (value === undefined) throw constraintError(name, undefined, 'Member must not be null');
  return value;
}

export function optionalString(body: RequestBody, name: string, rules: StringRules = {}): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(name, 'a string');
  if (rules.min !== undefined && value.length < rules.min) {
    throw constraintError(name, value, `Member must have length greater than or equal to ${rules.min}`);
  }
  if (rules.max !== undefined && value.length > rules.max) {
    throw constraintError(name, value.length > 200 ? `${value.slice(0, 200)}…` : value, `Member must have length less than or equal to ${rules.max}`);
  }
  if (rules.pattern !== undefined && !rules.pattern.test(value)) {
    throw constraintError(name, value, `Member must satisfy regular expression pattern: ${rules.pattern.source}`);
  }
  return value;
}

export function optionalInteger(body: RequestBody, name: string, rules: { min?: number; max?: number } = {}): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(name, 'an integer');
  if (rules.min !== undefined && value < rules.min) throw constraintError(name, value, `Member must have value greater than or equal to ${rules.min}`);
  if (rules.max !== undefined && value > rules.max) throw constraintError(name, value, `Member must have value less than or equal to ${rules.max}`);
  return value;
}

export function optionalBoolean(body: RequestBody, name: string): boolean | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw typeError(name, 'a boolean');
  return value;
}

/** Both clients send timestamps as epoch seconds; ISO strings are accepted too. Returns epoch milliseconds. */
export function optionalTimestamp(body: RequestBody, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'number' ? value * 1000 : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw typeError(name, 'a timestamp');
  return ms;
}

export function optionalEnum<const T extends string>(body: RequestBody, name: string, allowed: readonly T[]): T | undefined {
  const value = optionalString(body, name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw constraintError(name, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

export function optionalObject(body: RequestBody, name: string): RequestBody | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(name, 'an object');
  return value as RequestBody;
}

export function optionalArray(body: RequestBody, name: string, rules: { max?: number } = {}): readonly unknown[] | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(name, 'a list');
  if (rules.max !== undefined && value.length > rules.max) {
    throw constraintError(name, `[${value.length} items]`, `Member must have length less than or equal to ${rules.max}`);
  }
  return value;
}

export interface Tag {
  Key: string;
  Value: string;
}

export function optionalTags(body: RequestBody, name = 'Tags'): Tag[] | undefined {
  const list = optionalArray(body, name, { max: 50 });
  return list?.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw typeError(`${name} entries`, 'objects');
    const tag = item as RequestBody;
    return { Key: requiredString(tag, 'Key', { min: 1, max: 128 }), Value: optionalString(tag, 'Value', { max: 256 }) ?? '' };
  });
}

/** A map of string to string, such as CustomerMetadataProperties. */
export function optionalStringMap(body: RequestBody, name: string): Record<string, string> | undefined {
  const map = optionalObject(body, name);
  if (map === undefined) return undefined;
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'string') throw typeError(`${name}.${key}`, 'a string');
  }
  return map as Record<string, string>;
}

/** The number a text writes in decimal (as hyperparameters and Search's filter values carry numbers), else undefined. */
export const numberIn = (text: string): number | undefined => (/^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text) : undefined);
