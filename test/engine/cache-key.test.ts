import { cacheKey, isCacheable } from '../../kernel-lib/src/engine/cache-key.js';

/** A tuning step's resolved arguments, as the SDK writes them, with a few fields changed. */
function tuning(change: { degrees?: string; instanceType?: string; staticHyperParameters?: Record<string, string>; trainUri?: string } = {}) {
  return {
    HyperParameterTuningJobConfig: {
      Strategy: 'Grid',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ParameterRanges: { IntegerParameterRanges: [{ Name: 'degree', MinValue: '1', MaxValue: change.degrees ?? '3', ScalingType: 'Auto' }] },
    },
    TrainingJobDefinition: {
      StaticHyperParameters: change.staticHyperParameters ?? { max_iterations: '25' },
      RoleArn: 'arn:aws:iam::000000000000:role/SluiceLocal',
      StoppingCondition: { MaxRuntimeInSeconds: 86400 },
      HyperParameterTuningResourceConfig: { InstanceCount: 1, InstanceType: change.instanceType ?? 'ml.m5.xlarge', VolumeSizeInGB: 30 },
      AlgorithmSpecification: { TrainingInputMode: 'File', TrainingImage: 'sluice/node:20' },
      InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3Uri: change.trainUri ?? 's3://bucket/train' } } }],
    },
  };
}

describe("a tuning step's cache key (SageMaker's key attributes for Tuning)", () => {
  it('makes tuning steps cacheable', () => {
    expect(isCacheable('Tuning')).toBe(true);
  });

  it('is the same for the same tuning job, and for one on other instances', () => {
    expect(cacheKey('Tuning', 'Tune', tuning())).toBe(cacheKey('Tuning', 'Tune', tuning()));
    expect(cacheKey('Tuning', 'Tune', tuning({ instanceType: 'ml.c5.xlarge' }))).toBe(cacheKey('Tuning', 'Tune', tuning()));
  });

  it('changes with the ranges, the static hyperparameters and the input data', () => {
    const key = cacheKey('Tuning', 'Tune', tuning());
    expect(cacheKey('Tuning', 'Tune', tuning({ degrees: '2' }))).not.toBe(key);
    expect(cacheKey('Tuning', 'Tune', tuning({ staticHyperParameters: { max_iterations: '50' } }))).not.toBe(key);
    expect(cacheKey('Tuning', 'Tune', tuning({ trainUri: 's3://bucket/other' }))).not.toBe(key);
  });
});
