// One test per validation rule: each asserts the message a user sees.
import {
  CacheConfig,
  ConditionEquals,
  ConditionStep,
  FailStep,
  float,
  JsonGet,
  LambdaStep,
  ParameterString,
  Pipeline,
  PipelineDefinitionError,
  ProcessingStep,
  PropertyFile,
  StepRetryPolicy,
  TrainingStep,
  type Step,
  type Value,
  GetVariable,
} from '../../kernel-lib/src/index.js';

const fn = 'arn:aws:lambda:us-east-1:123456789012:function:f';

function lambda(name: string, inputs: Record<string, Value> = {}, extra: Partial<ConstructorParameters<typeof LambdaStep>[0]> = {}): LambdaStep {
  return new LambdaStep({ name, functionArn: fn, inputs, outputs: [{ outputName: 'ok' }], ...extra });
}

function definitionOf(steps: readonly Step[], parameters: readonly ParameterString[] = []): () => string {
  return () => new Pipeline({ name: 'P', parameters, steps }).definition();
}

/** A one-step definition with `step` JSON spliced in, for rules that typed builders already prevent. */
function fromSteps(stepsJson: string, parametersJson = '[]'): () => Pipeline {
  return () =>
    Pipeline.fromDefinition(
      `{"Version": "2020-12-01", "Metadata": {}, "Parameters": ${parametersJson}, "PipelineExperimentConfig": null, "Steps": ${stepsJson}}`,
    );
}

describe('validation', () => {
  it('throws PipelineDefinitionError', () => {
    expect(definitionOf([lambda('A'), lambda('A')])).toThrow(PipelineDefinitionError);
  });

  it('rejects duplicate step names', () => {
    expect(definitionOf([lambda('A'), lambda('A')])).toThrow('Duplicate step name "A": step names must be unique across the pipeline, branches included');
  });

  it('rejects step names outside [A-Za-z0-9-_]{1,64}', () => {
    expect(definitionOf([lambda('has space')])).toThrow('Step "has space": Name must match [A-Za-z0-9-_]{1,64}');
    expect(definitionOf([lambda('x'.repeat(65))])).toThrow(`Step "${'x'.repeat(65)}": Name must match`);
  });

  it('rejects parameter names outside [A-Za-z0-9-_]{1,64}', () => {
    expect(definitionOf([], [new ParameterString({ name: 'a.b' })])).toThrow('Parameter "a.b": Name must match [A-Za-z0-9-_]{1,64}');
  });

  it('rejects a reference to an unknown step', () => {
    // A step object that is read from is added to the pipeline (as the Python SDK does); a bare name cannot be.
    expect(definitionOf([lambda('A', { x: new GetVariable("Steps.Ghost.OutputParameters['ok']") })])).toThrow(
      'Step "A" Arguments.x refers to unknown step "Ghost"',
    );
  });

  it('adds a step that is read from but not listed, at the end, as the Python SDK does', () => {
    const source = lambda('Source');
    const text = new Pipeline({ name: 'P', steps: [lambda('A', { x: source.properties.OutputParameters.get('ok') })] }).definition();
    expect((JSON.parse(text) as { Steps: { Name: string }[] }).Steps.map((step) => step.Name)).toEqual(['A', 'Source']);
  });

  it('rejects a reference to an unknown parameter', () => {
    const missing = new ParameterString({ name: 'Missing' });
    expect(definitionOf([lambda('A', { x: missing })])).toThrow('Step "A" Arguments.x refers to unknown parameter "Missing"');
  });

  it('rejects a JsonGet of an unknown property file', () => {
    const prep = new ProcessingStep({
      name: 'Prep',
      imageUri: 'i',
      roleArn: 'r',
      instanceType: 't',
      instanceCount: 1,
      outputs: [{ outputName: 'o', source: '/o', destination: 's3://b/o' }],
    });
    const other = new PropertyFile({ name: 'Nope', outputName: 'o', path: 'x.json' });
    const condition = new ConditionStep({
      name: 'C',
      conditions: [new ConditionEquals({ left: new JsonGet({ step: prep, propertyFile: other, jsonPath: 'a' }), right: 1 })],
    });
    expect(definitionOf([prep, condition])).toThrow(
      'Step "C" Arguments.Conditions[0].LeftValue.Std:JsonGet.PropertyFile refers to unknown property file "Nope" of step "Prep"',
    );
  });

  it('rejects a reference to an unknown processing output', () => {
    const prep = new ProcessingStep({
      name: 'Prep',
      imageUri: 'i',
      roleArn: 'r',
      instanceType: 't',
      instanceCount: 1,
      outputs: [{ outputName: 'o', source: '/o', destination: 's3://b/o' }],
    });
    expect(definitionOf([prep, lambda('A', { x: prep.properties.ProcessingOutputConfig.Outputs.get('typo').S3Output.S3Uri })])).toThrow(
      'Step "A" Arguments.x refers to unknown output "typo" of step "Prep"',
    );
  });

  it('rejects DependsOn on an unknown step', () => {
    expect(definitionOf([lambda('A', {}, { dependsOn: ['Nobody'] })])).toThrow('Step "A" DependsOn refers to unknown step "Nobody"');
  });

  it('rejects cycles and prints them', () => {
    const a: LambdaStep = lambda('A', {}, { dependsOn: ['B'] });
    const b = lambda('B', { x: a.properties.OutputParameters.get('ok') });
    expect(definitionOf([a, b])).toThrow('Steps form a cycle: A -> B -> A');
  });

  it('rejects a step that is both top-level and in a condition branch', () => {
    const a = lambda('A');
    const condition = new ConditionStep({ name: 'C', conditions: [new ConditionEquals({ left: 1, right: 1 })], ifSteps: [a] });
    expect(definitionOf([a, condition])).toThrow(
      'Step "A" is both a top-level step and in the IfSteps of condition step "C"; a step belongs in one place only',
    );
  });

  it('rejects a step in both branches', () => {
    const a = lambda('A');
    const condition = new ConditionStep({ name: 'C', conditions: [new ConditionEquals({ left: 1, right: 1 })], ifSteps: [a], elseSteps: [a] });
    expect(definitionOf([condition])).toThrow('Step "A" is in both the IfSteps and the ElseSteps of condition step "C"; a step belongs in one branch only');
  });

  it('rejects a referenced Fail step', () => {
    expect(
      fromSteps(
        '[{"Name": "F", "Type": "Fail", "Arguments": {"ErrorMessage": ""}}, {"Name": "A", "Type": "Lambda", "Arguments": {"x": {"Get": "Steps.F.Arguments"}}, "FunctionArn": "f", "OutputParameters": []}]',
      ),
    ).toThrow('Step "A" Arguments.x refers to Fail step "F"; a Fail step cannot be referenced');
  });

  it('rejects a depended-on Fail step', () => {
    const fail = new FailStep({ name: 'F', errorMessage: 'no' });
    expect(definitionOf([fail, lambda('A', {}, { dependsOn: [fail] })])).toThrow('Step "A" DependsOn names Fail step "F"; a Fail step cannot be depended on');
  });

  describe('retry policies', () => {
    const train = (policy: StepRetryPolicy): TrainingStep =>
      new TrainingStep({ name: 'T', imageUri: 'i', roleArn: 'r', instanceType: 't', outputPath: 's3://b/o', retryPolicies: [policy] });

    it('need exactly one of MaxAttempts and ExpireAfterMin', () => {
      expect(definitionOf([train(new StepRetryPolicy({ exceptionTypes: ['Step.THROTTLING'], maxAttempts: 2, expireAfterMin: 5 }))])).toThrow(
        'Step "T" RetryPolicies[0]: give exactly one of MaxAttempts and ExpireAfterMin (both are set)',
      );
      expect(definitionOf([train(new StepRetryPolicy({ exceptionTypes: ['Step.THROTTLING'] }))])).toThrow(
        'Step "T" RetryPolicies[0]: give exactly one of MaxAttempts and ExpireAfterMin (neither is set)',
      );
    });

    it('limit IntervalSeconds to 43200', () => {
      expect(definitionOf([train(new StepRetryPolicy({ exceptionTypes: ['Step.THROTTLING'], maxAttempts: 1, intervalSeconds: 43201 }))])).toThrow(
        'Step "T" RetryPolicies[0].IntervalSeconds is 43201; the maximum is 43200',
      );
    });

    it('limit MaxAttempts to 20', () => {
      expect(definitionOf([train(new StepRetryPolicy({ exceptionTypes: ['Step.THROTTLING'], maxAttempts: 21 }))])).toThrow(
        'Step "T" RetryPolicies[0].MaxAttempts is 21; the maximum is 20',
      );
    });

    it('limit ExpireAfterMin to 14400', () => {
      expect(definitionOf([train(new StepRetryPolicy({ exceptionTypes: ['Step.THROTTLING'], expireAfterMin: 14401 }))])).toThrow(
        'Step "T" RetryPolicies[0].ExpireAfterMin is 14401; the maximum is 14400',
      );
    });
  });

  it('rejects a cache ExpireAfter that is not an ISO-8601 duration', () => {
    const step = (expireAfter: string): LambdaStep => lambda('A', {}, { cacheConfig: new CacheConfig({ enableCaching: true, expireAfter }) });
    expect(definitionOf([step('30 days')])).toThrow('Step "A" CacheConfig.ExpireAfter "30 days" is not an ISO-8601 duration such as "P30D" or "PT1H"');
    expect(definitionOf([step('P')])).toThrow('CacheConfig.ExpireAfter "P" is not an ISO-8601 duration');
    expect(definitionOf([step('PT')])).toThrow('CacheConfig.ExpireAfter "PT" is not an ISO-8601 duration');
    for (const good of ['P30D', 'PT1H', 'P1Y2M3DT4H5M6.5S', '30d', 'T16m', 'P2W']) expect(definitionOf([step(good)])).not.toThrow();
  });

  it('rejects a String parameter default outside its EnumValues', () => {
    const mode = new ParameterString({ name: 'Mode', defaultValue: 'slow', enumValues: ['full', 'fast'] });
    expect(definitionOf([], [mode])).toThrow('Parameter "Mode": DefaultValue "slow" is not one of its EnumValues ["full","fast"]');
  });

  it('rejects a non-finite number, naming the step and field', () => {
    expect(definitionOf([lambda('A', { n: float(NaN) })])).toThrow('Step "A" Arguments.n is not a finite number');
    expect(fromSteps('[{"Name": "A", "Type": "Lambda", "Arguments": {"n": -Infinity}, "FunctionArn": "f", "OutputParameters": []}]')).toThrow(
      'Step "A" Arguments.n is not a finite number',
    );
  });

  it('rejects a missing required field of a step type', () => {
    expect(fromSteps('[{"Name": "A", "Type": "Lambda", "Arguments": {}}]')).toThrow('Step "A" (Lambda) is missing required field FunctionArn');
  });

  it('rejects an unknown step type', () => {
    expect(fromSteps('[{"Name": "A", "Type": "Magic", "Arguments": {}}]')).toThrow('Step "A" has unknown Type "Magic"');
  });

  it('reports invalid JSON as a definition error', () => {
    expect(() => Pipeline.fromDefinition('{"Version": ')).toThrow('The definition is not valid JSON: Unexpected end of JSON at position 12');
  });

  it('lists every problem, one per line', () => {
    try {
      definitionOf([lambda('A', {}, { dependsOn: ['X'] }), lambda('A')])();
      throw new Error('expected a PipelineDefinitionError');
    } catch (error) {
      expect((error as PipelineDefinitionError).problems).toEqual([
        'Duplicate step name "A": step names must be unique across the pipeline, branches included',
        'Step "A" DependsOn refers to unknown step "X"',
      ]);
    }
  });
});
