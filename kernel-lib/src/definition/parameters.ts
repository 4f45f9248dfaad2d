/**
 * Pipeline parameter values as StartPipelineExecution carries them (strings), coerced to their declared type.
 * The rules follow SageMaker: the Python SDK sends `str(value)`, so a Boolean arrives as "True" and the case does
 * not matter; an Integer may carry a sign; a Float is a decimal number; surrounding spaces are ignored; an empty
 * value is refused, as SageMaker refuses it.
 */
import type { ParameterDefinition, ParameterType } from './types.js';

export type ParameterValue = string | number | boolean;

/** Why a value does not fit: its type, or the parameter's EnumValues, or it is empty. */
export type ParameterProblem = 'empty' | 'notInteger' | 'notFloat' | 'notBoolean' | 'notInEnum';

export type ParameterCheck = { readonly value: ParameterValue } | { readonly problem: ParameterProblem };

const INTEGER = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export const parameterTypes: readonly ParameterType[] = ['String', 'Integer', 'Float', 'Boolean'];

export function isParameterType(value: unknown): value is ParameterType {
  return typeof value === 'string' && (parameterTypes as readonly string[]).includes(value);
}

/** The typed value of `text` for a parameter of this type and EnumValues, or the problem with it. */
export function checkParameterValue(parameter: Pick<ParameterDefinition, 'Type' | 'EnumValues'>, text: string): ParameterCheck {
  if (text === '') return { problem: 'empty' };
  const value = coerce(parameter.Type, text);
  if (typeof value === 'object') return value;
  if (parameter.EnumValues !== undefined && !parameter.EnumValues.includes(String(value))) return { problem: 'notInEnum' };
  return { value };
}

function coerce(type: ParameterType, text: string): ParameterValue | { problem: ParameterProblem } {
  const trimmed = text.trim();
  switch (type) {
    case 'Integer':
      return INTEGER.test(trimmed) ? Number(trimmed) : { problem: 'notInteger' };
    case 'Float': {
      const number = Number(trimmed);
      return FLOAT.test(trimmed) && Number.isFinite(number) ? number : { problem: 'notFloat' };
    }
    case 'Boolean': {
      const lowered = trimmed.toLowerCase();
      return lowered === 'true' || lowered === 'false' ? lowered === 'true' : { problem: 'notBoolean' };
    }
    default:
      return text;
  }
}
