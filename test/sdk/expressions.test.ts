// What a user sees when writing expressions: their JSON, and the error for string use of a variable.
import {
  ConditionEquals,
  ConditionGreaterThan,
  ConditionGreaterThanOrEqualTo,
  ConditionIn,
  ConditionLessThan,
  ConditionLessThanOrEqualTo,
  ConditionNot,
  ConditionOr,
  ExecutionVariables,
  Join,
  JsonGet,
  ParameterBoolean,
  ParameterFloat,
  ParameterInteger,
  ParameterString,
  PipelineExperimentConfigProperties,
  ProcessingStep,
  PropertyFile,
  pyJsonDumps,
  toJson,
  TrainingStep,
  TransformStep,
  type Value,
} from '../../kernel-lib/src/index.js';

const dumps = (value: Value): string => pyJsonDumps(toJson(value));

const prep = new ProcessingStep({ name: 'Prep', imageUri: 'i', roleArn: 'r', instanceType: 't', instanceCount: 1 });
const train = new TrainingStep({ name: 'Train', imageUri: 'i', roleArn: 'r', instanceType: 't', outputPath: 's3://b/o' });

describe('pipeline variables as plain strings', () => {
  const input = new ParameterString({ name: 'InputDataUrl' });
  const expected = /Pipeline variable Parameters\.InputDataUrl cannot be used as a plain string.*Use Join/;

  it('throw in a template literal, naming the variable and the fix', () => {
    expect(() => `${input}/data.csv`).toThrow(expected);
  });

  it('throw in String(x)', () => {
    expect(() => String(input)).toThrow(expected);
  });

  it('throw with +', () => {
    expect(() => 's3://' + input).toThrow(expected);
  });

  it('throw from toString()', () => {
    expect(() => input.toString()).toThrow(expected);
  });

  it('name step properties too', () => {
    expect(() => `${train.properties.ModelArtifacts.S3ModelArtifacts}`).toThrow(
      'Pipeline variable Steps.Train.ModelArtifacts.S3ModelArtifacts cannot be used as a plain string',
    );
  });

  it('suggest Join, which does work', () => {
    expect(dumps(new Join({ on: '/', values: ['s3://bucket', input, 'data.csv'] }))).toBe(
      '{"Std:Join": {"On": "/", "Values": ["s3://bucket", {"Get": "Parameters.InputDataUrl"}, "data.csv"]}}',
    );
  });
});

describe('expressions', () => {
  it('parameters declare themselves with their type and default', () => {
    expect(pyJsonDumps(new ParameterInteger({ name: 'N', defaultValue: 2 }).declaration())).toBe('{"Name": "N", "Type": "Integer", "DefaultValue": 2}');
    expect(pyJsonDumps(new ParameterFloat({ name: 'F', defaultValue: 1 }).declaration())).toBe('{"Name": "F", "Type": "Float", "DefaultValue": 1.0}');
    expect(pyJsonDumps(new ParameterBoolean({ name: 'B', defaultValue: false }).declaration())).toBe('{"Name": "B", "Type": "Boolean", "DefaultValue": false}');
    expect(pyJsonDumps(new ParameterString({ name: 'S', defaultValue: 'a', enumValues: ['a', 'b'] }).declaration())).toBe(
      '{"Name": "S", "Type": "String", "DefaultValue": "a", "EnumValues": ["a", "b"]}',
    );
    expect(pyJsonDumps(new ParameterString({ name: 'S' }).declaration())).toBe('{"Name": "S", "Type": "String"}');
  });

  it('asString() keeps a string parameter and wraps anything else in Join', () => {
    const s = new ParameterString({ name: 'S' });
    expect(dumps(s.asString())).toBe('{"Get": "Parameters.S"}');
    expect(dumps(new ParameterInteger({ name: 'N' }).asString())).toBe('{"Std:Join": {"On": "", "Values": [{"Get": "Parameters.N"}]}}');
  });

  it('execution variables and experiment config properties', () => {
    expect(dumps(ExecutionVariables.PipelineExecutionId)).toBe('{"Get": "Execution.PipelineExecutionId"}');
    expect(dumps(ExecutionVariables.StartDateTime)).toBe('{"Get": "Execution.StartDateTime"}');
    expect(dumps(PipelineExperimentConfigProperties.TrialName)).toBe('{"Get": "PipelineExperimentConfig.TrialName"}');
  });

  it("step properties follow the Describe* shapes, with ['name'] and [n] indexing", () => {
    expect(dumps(prep.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri)).toBe(
      '{"Get": "Steps.Prep.ProcessingOutputConfig.Outputs[\'train\'].S3Output.S3Uri"}',
    );
    expect(dumps(train.properties.FinalMetricDataList.get('validation:mse').Value)).toBe(
      '{"Get": "Steps.Train.FinalMetricDataList[\'validation:mse\'].Value"}',
    );
    expect(dumps(train.properties.ModelArtifacts.S3ModelArtifacts)).toBe('{"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}');
    const transform = new TransformStep({ name: 'T', modelName: 'm', data: 's3://b/d', instanceType: 't', outputPath: 's3://b/o' });
    expect(dumps(transform.properties.TransformOutput.S3OutputPath)).toBe('{"Get": "Steps.T.TransformOutput.S3OutputPath"}');
    expect(JSON.stringify(prep.properties.ProcessingInputs.get(0).S3Input.S3Uri)).toBe('{"Get":"Steps.Prep.ProcessingInputs[0].S3Input.S3Uri"}');
  });

  it('JsonGet in both forms', () => {
    const report = new PropertyFile({ name: 'Report', outputName: 'report', path: 'report.json' });
    expect(pyJsonDumps(report.toJsonValue())).toBe('{"PropertyFileName": "Report", "OutputName": "report", "FilePath": "report.json"}');
    expect(dumps(new JsonGet({ step: prep, propertyFile: report, jsonPath: 'a.b' }))).toBe(
      '{"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Prep.PropertyFiles.Report"}, "Path": "a.b"}}',
    );
    const uri = new Join({ on: '/', values: ['s3:/', 'b', 'm.json'] });
    expect(dumps(new JsonGet({ s3Uri: uri, jsonPath: 'score' }))).toBe(
      '{"Std:JsonGet": {"S3Uri": {"Std:Join": {"On": "/", "Values": ["s3:/", "b", "m.json"]}}, "Path": "score"}}',
    );
  });

  it('conditions in the SDK key order', () => {
    const n = new ParameterInteger({ name: 'N' });
    const forms: [{ toJsonValue(): import('../../kernel-lib/src/index.js').JsonValue }, string][] = [
      [new ConditionEquals({ left: n, right: 1 }), '{"Type": "Equals", "LeftValue": {"Get": "Parameters.N"}, "RightValue": 1}'],
      [new ConditionGreaterThan({ left: n, right: 1 }), '{"Type": "GreaterThan", "LeftValue": {"Get": "Parameters.N"}, "RightValue": 1}'],
      [new ConditionGreaterThanOrEqualTo({ left: n, right: 1 }), '{"Type": "GreaterThanOrEqualTo", "LeftValue": {"Get": "Parameters.N"}, "RightValue": 1}'],
      [new ConditionLessThan({ left: n, right: 1 }), '{"Type": "LessThan", "LeftValue": {"Get": "Parameters.N"}, "RightValue": 1}'],
      [new ConditionLessThanOrEqualTo({ left: n, right: 1 }), '{"Type": "LessThanOrEqualTo", "LeftValue": {"Get": "Parameters.N"}, "RightValue": 1}'],
      [new ConditionIn({ value: n, in: [1, 2] }), '{"Type": "In", "QueryValue": {"Get": "Parameters.N"}, "Values": [1, 2]}'],
      [
        new ConditionNot(new ConditionIn({ value: n, in: [1] })),
        '{"Type": "Not", "Condition": {"Type": "In", "QueryValue": {"Get": "Parameters.N"}, "Values": [1]}}',
      ],
      [
        new ConditionOr([new ConditionEquals({ left: 1, right: 2 }), new ConditionEquals({ left: 3, right: 4 })]),
        '{"Type": "Or", "Conditions": [{"Type": "Equals", "LeftValue": 1, "RightValue": 2}, {"Type": "Equals", "LeftValue": 3, "RightValue": 4}]}',
      ],
    ];
    for (const [condition, text] of forms) expect(pyJsonDumps(condition.toJsonValue())).toBe(text);
  });
});
