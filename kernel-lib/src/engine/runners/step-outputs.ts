/** Lambda and Callback outputs: each declared output, coerced to its OutputType, as `OutputParameters`. */
import { isJsonObject, type Json, type StepDefinition } from '../definition.js';
import { StepFailure } from './types.js';

interface DeclaredOutput {
  OutputName: string;
  OutputType?: string;
}

export function declaredOutputs(step: StepDefinition): DeclaredOutput[] {
  const list = step.OutputParameters;
  return Array.isArray(list) ? (list as DeclaredOutput[]).filter((item) => typeof item?.OutputName === 'string') : [];
}

function coerce(name: string, type: string, value: Json): string | number | boolean {
  // Nested values become JSON text, as SageMaker flattens them.
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  switch (type) {
    case 'Integer': {
      const number = Number(text);
      if (!Number.isInteger(number)) throw new StepFailure(`output "${name}" is an Integer; got ${text}`);
      return number;
    }
    case 'Float': {
      const number = Number(text);
      if (!Number.isFinite(number)) throw new StepFailure(`output "${name}" is a Float; got ${text}`);
      return number;
    }
    case 'Boolean':
      if (!/^(true|false)$/i.test(text)) throw new StepFailure(`output "${name}" is a Boolean; got ${text}`);
      return text.toLowerCase() === 'true';
    default:
      return text;
  }
}

/** `[{Name, Value}]` for the declared outputs found in `values`; a declared output that is missing fails the step. */
export function outputParameters(step: StepDefinition, values: Readonly<Record<string, Json>>): { Name: string; Value: string | number | boolean }[] {
  return declaredOutputs(step).map((output) => {
    if (!(output.OutputName in values)) throw new StepFailure(`no value for output "${output.OutputName}"`);
    return { Name: output.OutputName, Value: coerce(output.OutputName, output.OutputType ?? 'String', values[output.OutputName]) };
  });
}

export function asRecord(value: Json): Record<string, Json> {
  return isJsonObject(value) ? value : {};
}
