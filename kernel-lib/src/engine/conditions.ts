/**
 * Evaluates a Condition step's conditions (a list means AND) on resolved values, keeping what each side
 * resolved to, so a person can see why the step went the way it did.
 */
import { isJsonObject, type Json } from './definition.js';
import { resolveValue, type ResolveScope } from './expressions.js';

/** One side of a comparison: what the definition says (a parameter, a property, a JsonGet) and its value. */
export interface ConditionOperand {
  readonly expression: string;
  readonly value: Json;
}

/** A condition as evaluated: its operands (or inner conditions), its result, and a line that says it all. */
export interface ConditionEvaluation {
  readonly type: string;
  readonly operands: readonly ConditionOperand[];
  readonly conditions?: readonly ConditionEvaluation[];
  readonly result: boolean;
  /** `regression_metrics.mse.value 4.38 ≤ MseThreshold 6 → true` */
  readonly text: string;
}

const symbols: Readonly<Record<string, string>> = {
  Equals: '=',
  GreaterThan: '>',
  GreaterThanOrEqualTo: '≥',
  LessThan: '<',
  LessThanOrEqualTo: '≤',
  In: 'in',
};

function comparable(value: Json): number | string {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new Error(`cannot compare ${JSON.stringify(value)}`);
}

function equal(left: Json, right: Json): boolean {
  if (typeof left === 'number' && typeof right === 'number') return left === right;
  return JSON.stringify(left) === JSON.stringify(right);
}

/** How an operand reads in the definition: `MseThreshold`, `Train.FinalMetricDataList[0].Value`, a JsonGet's path. */
export function operandExpression(value: Json): string {
  if (!isJsonObject(value)) return '';
  if (typeof value.Get === 'string') {
    const path = value.Get;
    if (path.startsWith('Parameters.')) return path.slice('Parameters.'.length);
    if (path.startsWith('Steps.')) return path.slice('Steps.'.length);
    return path;
  }
  const jsonGet = value['Std:JsonGet'];
  if (isJsonObject(jsonGet) && typeof jsonGet.Path === 'string') return jsonGet.Path;
  if (value['Std:Join'] !== undefined) return 'Join';
  return '';
}

/** A value as a person reads it: numbers to six significant digits, strings quoted only when empty. */
export function operandValueText(value: Json): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

function operandText(operand: ConditionOperand): string {
  const value = operandValueText(operand.value);
  return operand.expression === '' ? value : `${operand.expression} ${value}`;
}

function compared(type: string, left: Json, right: Json): boolean {
  switch (type) {
    case 'Equals':
      return equal(left, right);
    case 'GreaterThan':
      return comparable(left) > comparable(right);
    case 'GreaterThanOrEqualTo':
      return comparable(left) >= comparable(right);
    case 'LessThan':
      return comparable(left) < comparable(right);
    default:
      return comparable(left) <= comparable(right);
  }
}

export function explainCondition(condition: Json, scope: ResolveScope): ConditionEvaluation {
  if (!isJsonObject(condition)) throw new Error('a condition must be an object');
  const operand = (key: string): ConditionOperand => {
    const expression = condition[key] ?? null;
    return { expression: operandExpression(expression), value: resolveValue(expression, scope) };
  };
  const type = String(condition.Type);
  switch (condition.Type) {
    case 'Equals':
    case 'GreaterThan':
    case 'GreaterThanOrEqualTo':
    case 'LessThan':
    case 'LessThanOrEqualTo': {
      const left = operand('LeftValue');
      const right = operand('RightValue');
      const result = compared(type, left.value, right.value);
      return { type, operands: [left, right], result, text: `${operandText(left)} ${symbols[type]} ${operandText(right)} → ${result}` };
    }
    case 'In': {
      const query = operand('QueryValue');
      const values = operand('Values');
      const result = Array.isArray(values.value) && values.value.some((candidate) => equal(query.value, candidate));
      return { type, operands: [query, values], result, text: `${operandText(query)} in ${operandText(values)} → ${result}` };
    }
    case 'Not': {
      const inner = explainCondition(condition.Condition ?? null, scope);
      return { type, operands: [], conditions: [inner], result: !inner.result, text: `not (${inner.text}) → ${!inner.result}` };
    }
    case 'Or': {
      const inner = Array.isArray(condition.Conditions) ? condition.Conditions.map((item) => explainCondition(item, scope)) : [];
      const result = inner.some((item) => item.result);
      return { type, operands: [], conditions: inner, result, text: `${inner.map((item) => `(${item.text})`).join(' or ')} → ${result}` };
    }
    default:
      throw new Error(`unknown condition type ${JSON.stringify(condition.Type)}`);
  }
}

/** Every condition of a step evaluated (all must hold); evaluation stops at none, so each shows its values. */
export function explainConditions(conditions: Json | undefined, scope: ResolveScope): { outcome: boolean; evaluations: ConditionEvaluation[] } {
  const evaluations = Array.isArray(conditions) ? conditions.map((condition) => explainCondition(condition, scope)) : [];
  return { outcome: Array.isArray(conditions) && evaluations.every((evaluation) => evaluation.result), evaluations };
}
