/** Pipeline parameters as the definition declares them, and the typed values the Start dialog sends. */
export type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean';

export interface PipelineParameter {
  name: string;
  type: ParameterType;
  /** As the definition writes it; undefined when the parameter has none (then a value is required). */
  defaultValue?: string | number | boolean;
  enumValues?: string[];
}

export function parametersOf(definitionJson: string): PipelineParameter[] {
  const definition = JSON.parse(definitionJson) as { Parameters?: { Name: string; Type: string; DefaultValue?: string | number | boolean; EnumValues?: string[] }[] };
  return (definition.Parameters ?? []).map((parameter) => ({
    name: parameter.Name,
    type: (['String', 'Integer', 'Float', 'Boolean'].includes(parameter.Type) ? parameter.Type : 'String') as ParameterType,
    ...(parameter.DefaultValue !== undefined ? { defaultValue: parameter.DefaultValue } : {}),
    ...(parameter.EnumValues ? { enumValues: parameter.EnumValues } : {})
  }));
}

/** The default as the wire carries values: a string ("6.0" stays "6.0" for a Float written as 6). */
export function defaultText(parameter: PipelineParameter): string {
  if (parameter.defaultValue === undefined) return '';
  if (parameter.type === 'Float' && typeof parameter.defaultValue === 'number' && Number.isInteger(parameter.defaultValue)) return parameter.defaultValue.toFixed(1);
  return String(parameter.defaultValue);
}

/** Why `value` is not a valid value for the parameter, or undefined when it is. */
export function parameterProblem(parameter: PipelineParameter, value: string): string | undefined {
  if (value === '' && parameter.defaultValue === undefined) return `${parameter.name} needs a value`;
  switch (parameter.type) {
    case 'Integer':
      return /^-?\d+$/.test(value) ? undefined : `${parameter.name} must be a whole number`;
    case 'Float':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? undefined : `${parameter.name} must be a number`;
    case 'Boolean':
      return value === 'true' || value === 'false' ? undefined : `${parameter.name} must be true or false`;
    default:
      return parameter.enumValues && !parameter.enumValues.includes(value) ? `${parameter.name} must be one of ${parameter.enumValues.join(', ')}` : undefined;
  }
}

/** Only the values that differ from their defaults are sent, as Studio does. */
export function overridesOf(parameters: PipelineParameter[], values: Record<string, string>): { Name: string; Value: string }[] {
  return parameters.filter((parameter) => values[parameter.name] !== undefined && values[parameter.name] !== defaultText(parameter)).map((parameter) => ({ Name: parameter.name, Value: values[parameter.name] }));
}
