/**
 * Parameter values for an execution: the declared defaults, overridden by StartPipelineExecution's
 * `PipelineParameters` (strings on the wire), each coerced to its declared type.
 */
import { checkParameterValue, type Json, type ParameterDefinition, type ParameterProblem, type PipelineDefinition } from '../definition/index.js';

export class ParameterError extends Error {
  override readonly name = 'ParameterError';
}

/** What the caller is told when a value does not fit its parameter, in the service's words. */
function problemMessage(parameter: ParameterDefinition, value: string, problem: ParameterProblem): string {
  switch (problem) {
    case 'empty':
      return `Parameter "${parameter.Name}" has an empty Value`;
    case 'notInteger':
      return `Parameter "${parameter.Name}" is an Integer; "${value}" is not a whole number`;
    case 'notFloat':
      return `Parameter "${parameter.Name}" is a Float; "${value}" is not a number`;
    case 'notBoolean':
      return `Parameter "${parameter.Name}" is a Boolean; "${value}" is neither true nor false`;
    case 'notInEnum':
      return `Parameter "${parameter.Name}" must be one of ${(parameter.EnumValues ?? []).join(', ')}; got "${value}"`;
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
      throw new ParameterError(
        `Parameter "${name}" is not declared by the pipeline${known.length > 0 ? ` (it declares ${known.join(', ')})` : ' (it declares none)'}`,
      );
    }
    if (seen.has(name)) throw new ParameterError(`Parameter "${name}" is given more than once`);
    seen.add(name);
    if (typeof override.Value !== 'string') throw new ParameterError(`Parameter "${name}" has no Value`);
    const checked = checkParameterValue(parameter, override.Value);
    if ('problem' in checked) throw new ParameterError(problemMessage(parameter, override.Value, checked.problem));
    values[name] = checked.value;
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
