/** Pipeline parameters as the definition declares them, and the typed values the Start dialog sends. */
import { checkParameterValue, isParameterType, type ParameterType } from 'sluice/definition';

export type { ParameterType };

export interface PipelineParameter {
  name: string;
  type: ParameterType;
  /** As the definition writes it; undefined when the parameter has none (then a value is required). */
  defaultValue?: string | number | boolean;
  enumValues?: string[];
}

export function parametersOf(definitionJson: string): PipelineParameter[] {
  const definition = JSON.parse(definitionJson) as {
    Parameters?: { Name: string; Type: string; DefaultValue?: string | number | boolean; EnumValues?: string[] }[];
  };
  return (definition.Parameters ?? []).map((parameter) => ({
    name: parameter.Name,
    type: isParameterType(parameter.Type) ? parameter.Type : 'String',
    ...(parameter.DefaultValue !== undefined ? { defaultValue: parameter.DefaultValue } : {}),
    ...(parameter.EnumValues ? { enumValues: parameter.EnumValues } : {}),
  }));
}

/** The default as the wire carries values: a string ("6.0" stays "6.0" for a Float written as 6). */
export function defaultText(parameter: PipelineParameter): string {
  if (parameter.defaultValue === undefined) return '';
  if (parameter.type === 'Float' && typeof parameter.defaultValue === 'number' && Number.isInteger(parameter.defaultValue))
    return parameter.defaultValue.toFixed(1);
  return String(parameter.defaultValue);
}

/** Why `value` is not a valid value for the parameter, or undefined when it is: the engine's rules, in the dialog's words. */
export function parameterProblem(parameter: PipelineParameter, value: string): string | undefined {
  // A value left at its default is not sent, so there is nothing for the service to refuse.
  if (parameter.defaultValue !== undefined && value === defaultText(parameter)) return undefined;
  const checked = checkParameterValue({ Type: parameter.type, EnumValues: parameter.enumValues }, value);
  if (!('problem' in checked)) return undefined;
  switch (checked.problem) {
    case 'empty':
      return `${parameter.name} needs a value`;
    case 'notInteger':
      return `${parameter.name} must be a whole number`;
    case 'notFloat':
      return `${parameter.name} must be a number`;
    case 'notBoolean':
      return `${parameter.name} must be true or false`;
    case 'notInEnum':
      return `${parameter.name} must be one of ${(parameter.enumValues ?? []).join(', ')}`;
  }
}

/** Only the values that differ from their defaults are sent, as Studio does. */
export function overridesOf(parameters: PipelineParameter[], values: Record<string, string>): { Name: string; Value: string }[] {
  return parameters
    .filter((parameter) => values[parameter.name] !== undefined && values[parameter.name] !== defaultText(parameter))
    .map((parameter) => ({ Name: parameter.name, Value: values[parameter.name] }));
}
