/**
 * Parameter values for an execution: the declared defaults, overridden by StartPipelineExecution's
 * `PipelineParameters` (strings on the wire), each coerced to its declared type.
 */
import type { Json, PipelineDefinition } from './definition.js';

export class ParameterError extends Error {
  override readonly name = 'ParameterError';
}

function coerce(name: string, type: string, value: string): Json {
  switch (type) {
    case 'Integer': {
      if (!/^[-+]?\d+$/.test(value.trim())) throw new ParameterError(`Parameter "${name}" is an Integer; "${value}" is not a whole number`);
      return Number(value);
    }
    case 'Float': {
      const number = Number(value);
      if (value.trim() === '' || !Number.isFinite(number)) throw new ParameterError(`Parameter "${name}" is a Float; "${value}" is not a number`);
      return number;
    }
    case 'Boolean': {
      // The Python SDK sends str(True) = "True".
      const lowered = value.trim().toLowerCase();
      if (lowered !== 'true' && lowered !== 'false') throw new ParameterError(`Parameter "${name}" is a Boolean; "${value}" is neither true nor false`);
      return lowered === 'true';
    }
    default:
      return value;
  }
}

export function resolveParameters(definition: PipelineDefinition, overrides: readonly { Name?: string; Value?: string }[] = []): Record<string, Json> {
  const declared = new Map(definition.Parameters.map((parameter) => [parameter.Name, parameter]));
  const values: Record<string, Json> = {};
  const seen = new Set<string>();
  for (const override of overrides) {
    const name = override.Name ?? '';
    const parameter = declared.get(name);
    if (!parameter) {
      const known = [...declared.keys()];
      throw new ParameterError(`Parameter "${name}" is not declared by the pipeline${known.length > 0 ? ` (it declares ${known.join(', ')})` : ' (it declares none)'}`);
    }
    if (seen.has(name)) throw new ParameterError(`Parameter "${name}" is given more than once`);
    seen.add(name);
    if (typeof override.Value !== 'string') throw new ParameterError(`Parameter "${name}" has no Value`);
    const value = coerce(name, parameter.Type, override.Value);
    if (parameter.EnumValues && !parameter.EnumValues.includes(String(value))) {
      throw new ParameterError(`Parameter "${name}" must be one of ${parameter.EnumValues.join(', ')}; got "${override.Value}"`);
    }
    values[name] = value;
  }
  for (const parameter of definition.Parameters) {
    if (parameter.Name in values) continue;
    if (parameter.DefaultValue === undefined || parameter.DefaultValue === null) {
      throw new ParameterError(`Parameter "${parameter.Name}" has no default value and must be given at start`);
    }
    values[parameter.Name] = parameter.DefaultValue;
  }
  return values;
}
