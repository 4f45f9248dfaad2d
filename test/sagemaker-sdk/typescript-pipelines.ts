// The pipelines of python_pipelines.py, written with the sluice SDK: each must come out byte for byte the same.
import {
  CacheConfig,
  CallbackStep,
  CategoricalParameter,
  ConditionEquals,
  ConditionGreaterThan,
  ConditionGreaterThanOrEqualTo,
  ConditionIn,
  ConditionLessThan,
  ConditionLessThanOrEqualTo,
  ConditionNot,
  ConditionOr,
  ConditionStep,
  ContinuousParameter,
  ExecutionVariables,
  FailStep,
  float,
  IntegerParameter,
  Join,
  JsonGet,
  LambdaStep,
  ParameterBoolean,
  ParameterFloat,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  PropertyFile,
  SageMakerJobStepRetryPolicy,
  StepRetryPolicy,
  TrainingStep,
  TransformStep,
  TuningStep,
  type EstimatorOptions,
  type Step,
  type AnyParameter,
  sklearnImage,
  xgboostImage,
} from '../../kernel-lib/src/index.js';

const bucket = 'my-bucket';
const roleArn = 'arn:aws:iam::123456789012:role/SageMakerRole';
const imageUri = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3';

const estimator = (extra: Partial<EstimatorOptions> = {}): EstimatorOptions => ({
  imageUri,
  roleArn,
  instanceType: 'ml.m5.xlarge',
  outputPath: `s3://${bucket}/models`,
  ...extra,
});

const pipeline = (name: string, parameters: AnyParameter[], steps: Step[]) => new Pipeline({ name, parameters, steps, defaultBucket: bucket });

function conditionForms(): Pipeline {
  const mode = new ParameterString({ name: 'Mode', defaultValue: 'full', enumValues: ['full', 'fast'] });
  const count = new ParameterInteger({ name: 'Count', defaultValue: 3 });
  const ratio = new ParameterFloat({ name: 'Ratio', defaultValue: 0.75 });
  const decide = new ConditionStep({
    name: 'Decide',
    conditions: [
      new ConditionEquals({ left: mode, right: 'full' }),
      new ConditionGreaterThan({ left: count, right: 1 }),
      new ConditionGreaterThanOrEqualTo({ left: ratio, right: 0.5 }),
      new ConditionLessThan({ left: ExecutionVariables.StartDateTime, right: '2030-01-01' }),
      new ConditionLessThanOrEqualTo({ left: count, right: count }),
      new ConditionIn({ value: mode, in: ['full', 'fast', mode] }),
      new ConditionNot({ expression: new ConditionEquals({ left: ratio, right: float(1.0) }) }),
      new ConditionNot({ expression: new ConditionIn({ value: count, in: [7, 8] }) }),
      new ConditionOr({ conditions: [new ConditionGreaterThan({ left: count, right: 10 }), new ConditionIn({ value: mode, in: ['fast'] })] }),
    ],
    ifSteps: [new TrainingStep({ name: 'WhenTrue', ...estimator(), inputs: { train: `s3://${bucket}/data/train` } })],
    elseSteps: [new FailStep({ name: 'WhenFalse', errorMessage: new Join({ on: ' ', values: ['mode was', mode, 'count was', count] }) })],
  });
  return pipeline('ConditionForms', [mode, count, ratio], [decide]);
}

function tuning(): Pipeline {
  const tune = new TuningStep({
    name: 'Tune',
    estimator: estimator({
      hyperparameters: { objective: 'reg:squarederror', num_round: 50 },
      metricDefinitions: [{ name: 'validation:rmse', regex: 'validation-rmse:([0-9\\.]+)' }],
    }),
    inputs: { train: { s3Data: `s3://${bucket}/data/train`, contentType: 'text/csv' } },
    objectiveMetricName: 'validation:rmse',
    objectiveType: 'Minimize',
    hyperparameterRanges: {
      max_depth: new IntegerParameter({ min: 2, max: 8 }),
      eta: new ContinuousParameter({ min: 0.01, max: 0.5, scaling: 'Logarithmic' }),
      subsample: new ContinuousParameter({ min: 0.5, max: 1.0, scaling: 'Linear' }),
      booster: new CategoricalParameter(['gbtree', 'dart']),
    },
    strategy: 'Random',
    maxJobs: 6,
    maxParallelJobs: 2,
  });
  return pipeline('Tuning', [], [tune]);
}

function transform(): Pipeline {
  const inputPrefix = new ParameterString({ name: 'BatchInput', defaultValue: `s3://${bucket}/batch/in` });
  const modelName = new ParameterString({ name: 'ModelName', defaultValue: 'abalone-model' });
  const score = new TransformStep({
    name: 'Score',
    modelName,
    data: inputPrefix,
    contentType: 'text/csv',
    splitType: 'Line',
    instanceType: 'ml.m5.large',
    outputPath: `s3://${bucket}/batch/out`,
    accept: 'text/csv',
    assembleWith: 'Line',
    strategy: 'MultiRecord',
  });
  return pipeline('Transform', [inputPrefix, modelName], [score]);
}

function lambdaCallback(): Pipeline {
  const notify = new LambdaStep({
    name: 'Notify',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:notify',
    inputs: { pipeline: ExecutionVariables.PipelineName, attempt: 1 },
    outputs: [
      { outputName: 'ticket', outputType: 'String' },
      { outputName: 'priority', outputType: 'Integer' },
    ],
  });
  const approve = new CallbackStep({
    name: 'Approve',
    sqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
    inputs: { ticket: notify.output('ticket'), execution: ExecutionVariables.PipelineExecutionId },
    outputs: [
      { outputName: 'approved', outputType: 'Boolean' },
      { outputName: 'score', outputType: 'Float' },
    ],
    dependsOn: [notify],
  });
  return pipeline('LambdaCallback', [], [notify, approve]);
}

function propertyFilesRetryCache(): Pipeline {
  const report = new PropertyFile({ name: 'Report', outputName: 'evaluation', path: 'evaluation.json' });
  const evaluate = new ProcessingStep({
    name: 'Evaluate',
    imageUri,
    roleArn,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    command: ['python3'],
    code: `s3://${bucket}/code/evaluate.py`,
    inputs: [{ source: `s3://${bucket}/data/test`, destination: '/opt/ml/processing/test' }],
    outputs: [{ outputName: 'evaluation', source: '/opt/ml/processing/evaluation' }],
    propertyFiles: [report],
    retryPolicies: [
      new StepRetryPolicy({ exceptionTypes: ['Step.SERVICE_FAULT', 'Step.THROTTLING'], maxAttempts: 3 }),
      new SageMakerJobStepRetryPolicy({ exceptionTypes: ['SageMaker.CAPACITY_ERROR'], intervalSeconds: 30, backoffRate: 1.5, expireAfterMin: 120 }),
    ],
    cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'P30D' }),
  });
  const threshold = new ParameterFloat({ name: 'MaxRmse', defaultValue: 3.5 });
  const gate = new ConditionStep({
    name: 'Gate',
    conditions: [
      new ConditionLessThanOrEqualTo({
        left: new JsonGet({ step: evaluate, propertyFile: report, jsonPath: 'regression_metrics.rmse.value' }),
        right: threshold,
      }),
      new ConditionGreaterThan({
        left: new JsonGet({
          s3Uri: new Join({ on: '/', values: [`s3://${bucket}/metrics`, ExecutionVariables.PipelineExecutionId, 'summary.json'] }),
          jsonPath: 'rows',
        }),
        right: 100,
      }),
    ],
    ifSteps: [],
    elseSteps: [new FailStep({ name: 'TooPoor', errorMessage: "the model's RMSE is above MaxRmse" })],
  });
  return pipeline('PropertyFilesRetryCache', [threshold], [evaluate, gate]);
}

function parameterTypes(): Pipeline {
  const region = new ParameterString({ name: 'Region' });
  const stage = new ParameterString({ name: 'Stage', defaultValue: 'dev', enumValues: ['dev', 'prod'] });
  const epochs = new ParameterInteger({ name: 'Epochs' });
  const workers = new ParameterInteger({ name: 'Workers', defaultValue: 0 });
  const learningRate = new ParameterFloat({ name: 'LearningRate' });
  const dropout = new ParameterFloat({ name: 'Dropout', defaultValue: 0.1 });
  const verbose = new ParameterBoolean({ name: 'Verbose' });
  const dryRun = new ParameterBoolean({ name: 'DryRun', defaultValue: false });
  const train = new TrainingStep({
    name: 'Train',
    ...estimator({
      hyperparameters: { epochs, lr: learningRate, dropout, verbose },
      env: { STAGE: stage, REGION: region },
    }),
    inputs: { train: new Join({ on: '/', values: [`s3://${bucket}/data`, stage, 'train'] }) },
    cacheConfig: new CacheConfig({ enableCaching: false }),
  });
  return pipeline('ParameterTypes', [region, stage, epochs, workers, learningRate, dropout, verbose, dryRun], [train]);
}

/** SageMaker's own images by version (sklearnImage, xgboostImage), in the seed code's shape. */
function frameworkImages(): Pipeline {
  const prepare = new ProcessingStep({
    name: 'Prepare',
    imageUri: sklearnImage('1.2-1'),
    roleArn,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    command: ['python3'],
    code: `s3://${bucket}/code/preprocess.py`,
    inputs: [{ source: `s3://${bucket}/data/abalone.csv`, destination: '/opt/ml/processing/input' }],
    outputs: [{ outputName: 'train', source: '/opt/ml/processing/train' }],
  });
  const builtin = new TrainingStep({
    name: 'TrainBuiltin',
    ...estimator({ imageUri: xgboostImage('1.7-1'), hyperparameters: { objective: 'reg:squarederror', num_round: 50, max_depth: 5, eta: 0.2 } }),
    inputs: { train: { s3Data: prepare.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri, contentType: 'text/csv' } },
  });
  return pipeline('FrameworkImages', [], [prepare, builtin]);
}

/** By pipeline name, as python_pipelines.py names them. */
export const typescriptPipelines: Record<string, () => Pipeline> = {
  ConditionForms: conditionForms,
  Tuning: tuning,
  Transform: transform,
  LambdaCallback: lambdaCallback,
  PropertyFilesRetryCache: propertyFilesRetryCache,
  ParameterTypes: parameterTypes,
  FrameworkImages: frameworkImages,
};
