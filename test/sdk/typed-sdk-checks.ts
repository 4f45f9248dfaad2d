// Compiled by `npm run typecheck` (test/typecheck.test.ts): each @ts-expect-error line must be a type error, and every
// other line must compile. The SDK's types: values that carry their type, properties derived from SageMaker's
// Describe* responses, property files whose JsonGet paths are checked, request shapes.
import type { AutoMLJobConfig } from '@aws-sdk/client-sagemaker';
import {
  AutoMLStep,
  ConditionEquals,
  ConditionGreaterThan,
  ConditionIn,
  ConditionLessThanOrEqualTo,
  ConditionNot,
  ConditionOr,
  ExecutionVariables,
  float,
  JsonGet,
  Join,
  ParameterFloat,
  ParameterInteger,
  ParameterString,
  ProcessingStep,
  PropertyFile,
  TrainingStep,
  TransformStep,
  type Late,
  type PipelineVariable,
} from '../../kernel-lib/src/index.js';

const role = 'arn:aws:iam::123456789012:role/SageMakerRole';
const instanceType = new ParameterString({ name: 'InstanceType', defaultValue: 'ml.m5.xlarge' });
const instanceCount = new ParameterInteger({ name: 'InstanceCount', defaultValue: 1 });
const threshold = new ParameterFloat({ name: 'MseThreshold', defaultValue: 6 });

// ---------------------------------------------------------------------------------------- values carry their type
export const counts: Late<number>[] = [1, instanceCount];
// @ts-expect-error: a string parameter is not a number
export const stringAsCount: Late<number> = instanceType;
// @ts-expect-error: a float parameter is not an integer (SageMaker keeps Float and Integer apart)
export const floatAsCount: Late<number> = threshold;
export const joined: PipelineVariable<string> = new Join({ on: '/', values: ['s3://b', ExecutionVariables.PipelineExecutionId] });
export const pythonName: PipelineVariable<string> = ExecutionVariables.START_DATETIME;

export const prepare = new ProcessingStep({
  name: 'Prepare',
  imageUri: 'python:3.11',
  roleArn: role,
  instanceType,
  instanceCount,
  outputs: [{ outputName: 'train', source: '/opt/ml/processing/train' }],
});

export const badCount = new ProcessingStep({
  name: 'Bad',
  imageUri: 'python:3.11',
  roleArn: role,
  instanceType,
  // @ts-expect-error: a string parameter as instanceCount
  instanceCount: instanceType,
});

export const typoOption = new ProcessingStep({
  name: 'Typo',
  imageUri: 'python:3.11',
  roleArn: role,
  instanceType,
  instanceCount: 1,
  // @ts-expect-error: instance_count is not an option (instanceCount is)
  instance_count: 1,
});

// ----------------------------------------------------------------------- properties from SageMaker's own shapes
export const train = new TrainingStep({
  name: 'Train',
  imageUri: 'node:20',
  roleArn: role,
  instanceType,
  outputPath: 's3://bucket/models',
  inputs: { train: prepare.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri },
});
export const modelUri: PipelineVariable<string> = train.properties.ModelArtifacts.S3ModelArtifacts;
export const metric: PipelineVariable<number> = train.properties.FinalMetricDataList.get('validation:mse').Value;
export const hyperparameter = train.properties.HyperParameters.get('max_depth');
export const warmPool: PipelineVariable<string> = train.properties.WarmPoolStatus.Status;
export const billable: PipelineVariable<number> = train.properties.BillableTimeInSeconds;
// @ts-expect-error: ModelArtefacts is not a field of DescribeTrainingJobResponse
export const misspelled = train.properties.ModelArtefacts;
// @ts-expect-error: Outputs is a list: an item is picked with .get, not by member
export const outputByMember = prepare.properties.ProcessingOutputConfig.Outputs.train;
// @ts-expect-error: a structure is not a value
export const structureAsValue: PipelineVariable<string> = train.properties.ModelArtifacts;
// @ts-expect-error: a number property is not a string
export const numberAsString: PipelineVariable<string> = train.properties.BillableTimeInSeconds;

export const transform = new TransformStep({
  name: 'Transform',
  modelName: 'model',
  data: prepare.properties.ProcessingOutputConfig.Outputs.get(0).S3Output.S3Uri,
  instanceType: 'ml.m5.xlarge',
  // @ts-expect-error: a string property as an instance count
  instanceCount: train.properties.TrainingJobName,
});

// ------------------------------------------------------------------------------------- comparable conditions
export const conditions = [
  new ConditionGreaterThan({ left: metric, right: 0.5 }),
  new ConditionLessThanOrEqualTo({ left: metric, right: threshold }),
  new ConditionLessThanOrEqualTo({ left: instanceCount, right: float(2) }),
  new ConditionEquals({ left: instanceType, right: 'ml.m5.xlarge' }),
  new ConditionIn({ value: instanceType, in: ['ml.m5.xlarge', 'ml.m5.2xlarge'] }),
  new ConditionNot({ expression: new ConditionEquals({ left: instanceCount, right: 1 }) }),
  new ConditionOr({ conditions: [new ConditionEquals({ left: instanceCount, right: 1 })] }),
];
// @ts-expect-error: a number compared with a string
export const numberWithString = new ConditionGreaterThan({ left: instanceCount, right: 'ten' });
// @ts-expect-error: a string parameter compared with a number
export const stringWithNumber = new ConditionEquals({ left: instanceType, right: 5 });
// @ts-expect-error: a string parameter is never in a list of numbers
export const stringInNumbers = new ConditionIn({ value: instanceType, in: [1, 2] });

// -------------------------------------------------------------------------- property files with their type
interface EvaluationReport {
  regression_metrics: { mse: { value: number; standard_deviation: number } };
  runs: { seed: number; mse: number }[];
  model: string;
}
const report = new PropertyFile<EvaluationReport>({ name: 'EvaluationReport', outputName: 'evaluation', path: 'evaluation.json' });
export const mse = new JsonGet({ step: prepare, propertyFile: report, jsonPath: 'regression_metrics.mse.value' });
export const firstSeed = new JsonGet({ step: prepare, propertyFile: report, jsonPath: 'runs[0].seed' });
export const modelName = new JsonGet({ step: prepare, propertyFile: report, jsonPath: 'model' });
export const typed = [new ConditionLessThanOrEqualTo({ left: mse, right: threshold }), new ConditionEquals({ left: modelName, right: 'forest' })];
// @ts-expect-error: regression_metrics.mse has no field "valeu"
export const wrongPath = new JsonGet({ step: prepare, propertyFile: report, jsonPath: 'regression_metrics.mse.valeu' });
// @ts-expect-error: the model name is a string, not comparable with a number
export const modelWithNumber = new ConditionEquals({ left: modelName, right: 3 });
// An untyped property file (or one named by a string) takes any path, as in the Python SDK.
export const untyped = new JsonGet({ step: 'Evaluate', propertyFile: 'EvaluationReport', jsonPath: 'anything.at.all' });
export const untypedCompares = new ConditionGreaterThan({ left: untyped, right: 'a string is fine: the type is unknown' });

// -------------------------------------------------------------------------------- request shapes of the AWS SDK
export const completion: AutoMLJobConfig['CompletionCriteria'] = { MaxCandidates: 10 };
export const automl = new AutoMLStep({
  name: 'AutoPilot',
  inputDataConfig: [
    { ChannelType: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/train' } }, TargetAttributeName: 'rings' },
  ],
  outputPath: 's3://bucket/automl',
  roleArn: role,
  jobConfig: { CompletionCriteria: { MaxCandidates: 10 } },
});
export const misspelledRequestKey = new AutoMLStep({
  name: 'AutoPilot2',
  inputDataConfig: [],
  outputPath: 's3://bucket/automl',
  roleArn: role,
  // @ts-expect-error: CompletionCriterion is not a field of AutoMLJobConfig (CompletionCriteria is)
  jobConfig: { CompletionCriterion: { MaxCandidates: 10 } },
});
