// Compiled by types.test.ts: each @ts-expect-error line must be a type error, or tsc reports it unused.
import { ParameterBoolean, ParameterInteger, ProcessingStep, TrainingStep, type Value } from '../../kernel-lib/src/index.js';

const train = new TrainingStep({ name: 'Train', imageUri: 'i', roleArn: 'r', instanceType: 't', outputPath: 's3://b/o' });
const prep = new ProcessingStep({ name: 'Prep', imageUri: 'i', roleArn: 'r', instanceType: 't', instanceCount: 1 });

export const checks: Value[] = [
  train.properties.ModelArtifacts.S3ModelArtifacts,
  prep.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri,
  train.properties.FinalMetricDataList.get('validation:mse').Value,
  // @ts-expect-error: training jobs have no ProcessingOutputConfig
  train.properties.ProcessingOutputConfig,
  // @ts-expect-error: misspelt property path
  train.properties.ModelArtifacts.S3ModelArtifact,
  // @ts-expect-error: outputs are read with .get("name"), not as members
  prep.properties.ProcessingOutputConfig.Outputs.train,
  // @ts-expect-error: an Integer parameter takes a number default
  new ParameterInteger({ name: 'N', defaultValue: '1' }),
  // @ts-expect-error: a Boolean parameter takes a boolean default
  new ParameterBoolean({ name: 'B', defaultValue: 'true' }),
];
