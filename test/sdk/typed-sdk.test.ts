// The typed SDK at run time: definitions that refer to properties SageMaker's model does not have are refused with the
// nearest name (loaded JSON included, as a Python-written definition is); a Float parameter compared with an integer
// literal is flagged by validate(); the conditions' option forms and the Python SDK's execution variable names.
import { jest } from '@jest/globals';
import {
  ConditionLessThanOrEqualTo,
  ConditionNot,
  ConditionOr,
  ConditionEquals,
  ConditionStep,
  ExecutionVariables,
  float,
  ParameterFloat,
  ParameterInteger,
  Pipeline,
  PipelineDefinitionError,
  TrainingStep,
  pythonExecutionVariableNames,
} from '../../kernel-lib/src/index.js';

const role = 'arn:aws:iam::123456789012:role/SageMakerRole';
const train = new TrainingStep({ name: 'Train', imageUri: 'node:20', roleArn: role, instanceType: 'ml.m5.xlarge', outputPath: 's3://b/m' });

function definitionReading(path: string): string {
  const pipeline = new Pipeline({ name: 'P', steps: [train] });
  const definition = JSON.parse(pipeline.definition()) as { Steps: Record<string, unknown>[] };
  definition.Steps.push({ Name: 'Fail', Type: 'Fail', Arguments: { ErrorMessage: { Get: `Steps.Train.${path}` } } });
  return JSON.stringify(definition);
}

describe('property references checked against SageMaker’s model', () => {
  it('a loaded definition reading a misspelled property is refused with the nearest field', () => {
    expect(() => Pipeline.fromDefinition(definitionReading('ModelArtefacts.S3ModelArtifacts'))).toThrow(PipelineDefinitionError);
    expect(() => Pipeline.fromDefinition(definitionReading('ModelArtefacts.S3ModelArtifacts'))).toThrow(
      `Step "Fail" Arguments.ErrorMessage refers to Steps.Train.ModelArtefacts.S3ModelArtifacts, which does not exist: SageMaker's DescribeTrainingJobResponse has no field ModelArtefacts. Did you mean ModelArtifacts?`,
    );
    expect(() => Pipeline.fromDefinition(definitionReading('ModelArtifacts.S3ModelArtifacts.Key'))).toThrow(
      '.ModelArtifacts.S3ModelArtifacts is a string value, not a structure.',
    );
  });
  it('lists by name or position, maps by key, and every real field pass', () => {
    for (const path of [
      "FinalMetricDataList['validation:mse'].Value",
      'FinalMetricDataList[0].Value',
      "HyperParameters['max_depth']",
      'WarmPoolStatus.Status',
    ]) {
      expect(() => Pipeline.fromDefinition(definitionReading(path))).not.toThrow();
    }
  });
});

describe('validate()', () => {
  it('flags a Float parameter compared with an integer literal, and not with float()', () => {
    const threshold = new ParameterFloat({ name: 'MseThreshold', defaultValue: 6 });
    const count = new ParameterInteger({ name: 'Count', defaultValue: 6 });
    const mse = train.properties.FinalMetricDataList.get('validation:mse').Value;
    const gate = (right: number | ReturnType<typeof float>) =>
      new Pipeline({
        name: 'P',
        parameters: [threshold, count],
        steps: [
          new ConditionStep({
            name: 'Check',
            conditions: [
              new ConditionLessThanOrEqualTo({ left: threshold, right }),
              new ConditionLessThanOrEqualTo({ left: count, right: 7 }),
              new ConditionLessThanOrEqualTo({ left: mse, right: threshold }),
            ],
          }),
          train,
        ],
      });
    expect(gate(6).validate().warnings).toEqual([
      'Step "Check" LessThanOrEqualTo compares Float parameter MseThreshold with the integer 6: the Python SDK writes 6.0 for a float; write float(6) for the same definition.',
    ]);
    expect(gate(float(6)).validate().warnings).toEqual([]);
  });
});

describe('conditions take their options as objects', () => {
  it('ConditionNot({ expression }) and ConditionOr({ conditions }) write what the old positional forms wrote; the old forms warn once', () => {
    const equals = new ConditionEquals({ left: 1, right: 2 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(new ConditionNot({ expression: equals }).toJsonValue()).toEqual(new ConditionNot(equals).toJsonValue());
      expect(new ConditionOr({ conditions: [equals] }).toJsonValue()).toEqual(new ConditionOr([equals]).toJsonValue());
      new ConditionNot(equals);
      expect(warn.mock.calls.map(([message]) => String(message))).toEqual([
        'new ConditionNot(condition) is deprecated: write new ConditionNot({ expression: condition }), as the other conditions take their options.',
        'new ConditionOr([...]) is deprecated: write new ConditionOr({ conditions: [...] }), as the other conditions take their options.',
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('execution variables', () => {
  it('the Python SDK’s names are aliases of SageMaker’s', () => {
    for (const [python, name] of Object.entries(pythonExecutionVariableNames)) {
      expect(JSON.stringify(ExecutionVariables[python as keyof typeof pythonExecutionVariableNames])).toBe(JSON.stringify({ Get: `Execution.${name}` }));
    }
  });
});
