/** Small readers for resolved step arguments, failing with a message that names the field. */
import { isJsonObject, type Json, type JsonObject } from '../definition.js';
import { StepFailure } from './types.js';

export function objectAt(value: Json | undefined, field: string): JsonObject {
  if (!isJsonObject(value ?? null)) throw new StepFailure(`${field} must be an object`);
  return value as JsonObject;
}

export function optionalObject(value: Json | undefined): JsonObject {
  return isJsonObject(value ?? null) ? (value as JsonObject) : {};
}

export function listAt(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}

export function stringAt(value: Json | undefined, field: string): string {
  if (typeof value !== 'string' || value === '') throw new StepFailure(`${field} must be a non-empty string`);
  return value;
}

export function stringsAt(value: Json | undefined, field: string): string[] {
  const list = listAt(value);
  return list.map((item, index) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return String(item);
    throw new StepFailure(`${field}[${index}] must be a string`);
  });
}

/** Environment values are strings in the job; numbers and booleans are written as SageMaker would. */
export function environmentOf(value: Json | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(optionalObject(value)).map(([key, item]) => [key, typeof item === 'string' ? item : JSON.stringify(item)]));
}
