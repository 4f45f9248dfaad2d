/** Evaluates a Condition step's conditions (a list means AND) on resolved values. */
import { isJsonObject, type Json } from './definition.js';
import { resolveValue, type ResolveScope } from './expressions.js';

function comparable(value: Json): number | string {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new Error(`cannot compare ${JSON.stringify(value)}`);
}

function equal(left: Json, right: Json): boolean {
  if (typeof left === 'number' && typeof right === 'number') return left === right;
  return JSON.stringify(left) === JSON.stringify(right);
}

export function evaluateCondition(condition: Json, scope: ResolveScope): boolean {
  if (!isJsonObject(condition)) throw new Error('a condition must be an object');
  const value = (key: string) => resolveValue(condition[key] ?? null, scope);
  switch (condition.Type) {
    case 'Equals':
      return equal(value('LeftValue'), value('RightValue'));
    case 'GreaterThan':
      return comparable(value('LeftValue')) > comparable(value('RightValue'));
    case 'GreaterThanOrEqualTo':
      return comparable(value('LeftValue')) >= comparable(value('RightValue'));
    case 'LessThan':
      return comparable(value('LeftValue')) < comparable(value('RightValue'));
    case 'LessThanOrEqualTo':
      return comparable(value('LeftValue')) <= comparable(value('RightValue'));
    case 'In': {
      const query = value('QueryValue');
      const values = value('Values');
      return Array.isArray(values) && values.some((candidate) => equal(query, candidate));
    }
    case 'Not':
      return !evaluateCondition(condition.Condition ?? null, scope);
    case 'Or':
      return Array.isArray(condition.Conditions) && condition.Conditions.some((inner) => evaluateCondition(inner, scope));
    default:
      throw new Error(`unknown condition type ${JSON.stringify(condition.Type)}`);
  }
}

export function evaluateConditions(conditions: Json | undefined, scope: ResolveScope): boolean {
  return Array.isArray(conditions) && conditions.every((condition) => evaluateCondition(condition, scope));
}
