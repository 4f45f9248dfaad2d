/** One table of parameter values: what the engine accepts at start is exactly what the panel's Start dialog accepts. */
import type { ParameterDefinition, ParameterType } from '../../kernel-lib/src/definition/index.js';
import { ParameterError, resolveParameters, type PipelineDefinition } from '../../kernel-lib/src/engine/index.js';
import { parameterProblem, parametersOf } from '../../labextension/src/model/parameters.js';

const declared: Record<string, ParameterDefinition> = {
  Integer: { Name: 'Count', Type: 'Integer', DefaultValue: 1 },
  Float: { Name: 'Threshold', Type: 'Float', DefaultValue: 6 },
  Boolean: { Name: 'Flag', Type: 'Boolean', DefaultValue: false },
  String: { Name: 'Input', Type: 'String', DefaultValue: 's3://bucket/input' },
  'String enum': { Name: 'Mode', Type: 'String', DefaultValue: 'fast', EnumValues: ['fast', 'slow'] },
  'Integer enum': { Name: 'Depth', Type: 'Integer', DefaultValue: 1, EnumValues: ['1', '2'] },
};

// [parameter, value as typed or sent, accepted?]: SageMaker's rules (the Python SDK sends str(True) = "True").
const table: [string, string, boolean][] = [
  ['Integer', '5', true],
  ['Integer', '+5', true],
  ['Integer', '-5', true],
  ['Integer', ' 7 ', true],
  ['Integer', '2.5', false],
  ['Integer', '1e3', false],
  ['Integer', '0x10', false],
  ['Integer', 'three', false],
  ['Integer', '', false],
  ['Float', '0.25', true],
  ['Float', '6', true],
  ['Float', '+5', true],
  ['Float', '-1.5e3', true],
  ['Float', '.5', true],
  ['Float', '5.', true],
  ['Float', ' 7 ', true],
  ['Float', 'abc', false],
  ['Float', 'NaN', false],
  ['Float', 'Infinity', false],
  ['Float', '1e400', false],
  ['Float', '0x10', false],
  ['Float', '', false],
  ['Boolean', 'true', true],
  ['Boolean', 'True', true],
  ['Boolean', 'FALSE', true],
  ['Boolean', ' true ', true],
  ['Boolean', 'yes', false],
  ['Boolean', '1', false],
  ['Boolean', 'maybe', false],
  ['Boolean', '', false],
  ['String', 'anything at all', true],
  ['String', ' spaced ', true],
  ['String', '', false],
  ['String enum', 'slow', true],
  ['String enum', 'medium', false],
  ['String enum', 'Slow', false],
  ['Integer enum', '2', true],
  ['Integer enum', '+2', true],
  ['Integer enum', '3', false],
];

const definition: PipelineDefinition = { Version: '2020-12-01', Parameters: Object.values(declared), Steps: [] };
const dialogParameters = parametersOf(JSON.stringify(definition));

function engineAccepts(parameter: ParameterDefinition, value: string): boolean {
  try {
    resolveParameters(definition, [{ Name: parameter.Name, Value: value }]);
    return true;
  } catch (error) {
    if (error instanceof ParameterError) return false;
    throw error;
  }
}

function dialogAccepts(parameter: ParameterDefinition, value: string): boolean {
  const shown = dialogParameters.find((candidate) => candidate.name === parameter.Name)!;
  return parameterProblem(shown, value) === undefined;
}

describe('a parameter value', () => {
  it.each(table)('%s %j: accepted = %s by the engine and by the Start dialog alike', (kind, value, accepted) => {
    const parameter = declared[kind]!;
    expect({ engine: engineAccepts(parameter, value), dialog: dialogAccepts(parameter, value) }).toEqual({ engine: accepted, dialog: accepted });
  });

  it('covers every parameter type', () => {
    const types = new Set<ParameterType>(table.map(([kind]) => declared[kind]!.Type));
    expect([...types].sort()).toEqual(['Boolean', 'Float', 'Integer', 'String']);
  });

  it('is resolved to its declared type', () => {
    const values = resolveParameters(definition, [
      { Name: 'Count', Value: '+5' },
      { Name: 'Threshold', Value: ' 0.25 ' },
      { Name: 'Flag', Value: 'True' },
    ]);
    expect(values).toMatchObject({ Count: 5, Threshold: 0.25, Flag: true });
  });
});
