// The business logic: a classification pipeline with hyperparameter tuning. PrepareChurnData → TuneChurnModel (a
// grid of logistic regressions) → EvaluateChurnModel (the best trial, on the test split) →
// CheckAccuracyChurnEvaluation → RegisterChurnModel, or the Fail step ChurnAccuracyFail when the test accuracy is
// below AccuracyThreshold.
import { join } from 'node:path';
import type { EvaluationReport } from './metrics';
import {
  CacheConfig,
  CategoricalParameter,
  ConditionGreaterThanOrEqualTo,
  ConditionStep,
  FailStep,
  IntegerParameter,
  Join,
  JsonGet,
  Model,
  ModelStep,
  ParameterFloat,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  PropertyFile,
  TuningStep,
} from 'sluice';

export interface GetPipelineOptions {
  pipelineName?: string;
  modelPackageGroupName?: string;
  /** Names the tuning output folder, as the seed's base_job_prefix does. */
  baseJobPrefix?: string;
  defaultBucket?: string;
  roleArn?: string;
  processingInstanceType?: string;
  trainingInstanceType?: string;
  /** The folder that holds pipelines/ (step code paths start there); default: the current directory. */
  projectRoot?: string;
}

const defaultRole = 'arn:aws:iam::000000000000:role/SluiceLocal';
/** Node.js step code: Sluice runs it on this machine, SageMaker in the Node.js image. */
const nodeImage = 'sluice/node:20';

export function getPipeline(options: GetPipelineOptions = {}): Pipeline {
  const prefix = options.baseJobPrefix ?? 'Churn';
  const role = options.roleArn ?? defaultRole;
  const code = (file: string): string => join(options.projectRoot ?? process.cwd(), 'pipelines', 'churn', file);
  const bucket = options.defaultBucket ?? 'sagemaker-us-east-1-000000000000';
  // Steps whose inputs and code are unchanged are reused from an earlier run.
  const cache = new CacheConfig({ enableCaching: true, expireAfter: 'P30D' });

  const processingInstanceType = new ParameterString({ name: 'ProcessingInstanceType', defaultValue: options.processingInstanceType ?? 'ml.m5.xlarge' });
  const trainingInstanceType = new ParameterString({ name: 'TrainingInstanceType', defaultValue: options.trainingInstanceType ?? 'ml.m5.xlarge' });
  const modelApprovalStatus = new ParameterString({
    name: 'ModelApprovalStatus',
    defaultValue: 'PendingManualApproval',
    enumValues: ['PendingManualApproval', 'Approved', 'Rejected'],
  });
  const sampleCount = new ParameterInteger({ name: 'SampleCount', defaultValue: 5000 });
  const dataSeed = new ParameterInteger({ name: 'DataSeed', defaultValue: 0 });
  const accuracyThreshold = new ParameterFloat({ name: 'AccuracyThreshold', defaultValue: 0.8 });

  const prepare = new ProcessingStep({
    name: 'PrepareChurnData',
    imageUri: nodeImage,
    roleArn: role,
    instanceType: processingInstanceType,
    instanceCount: 1,
    code: code('prepare.ts'),
    arguments: ['--samples', sampleCount.asString(), '--seed', dataSeed.asString()],
    outputs: ['dataset', 'train', 'validation', 'test'].map((name) => ({ outputName: name, source: `/opt/ml/processing/${name}` })),
    cacheConfig: cache,
  });
  const tuningOutput = `${prefix}/ChurnTuning`;
  const tune = new TuningStep({
    name: 'TuneChurnModel',
    estimator: {
      imageUri: nodeImage,
      roleArn: role,
      instanceType: trainingInstanceType,
      outputPath: `s3://${bucket}/${tuningOutput}`,
      code: code('train.ts'),
      hyperparameters: { max_iterations: 25 },
      metricDefinitions: [
        { name: 'train:logloss', regex: 'train-logloss:([0-9\\.]+)' },
        { name: 'validation:logloss', regex: 'validation-logloss:([0-9\\.]+)' },
        { name: 'validation:accuracy', regex: 'validation-accuracy:([0-9\\.]+)' },
        { name: 'validation:auc', regex: 'validation-auc:([0-9\\.]+)' },
      ],
    },
    inputs: {
      train: { s3Data: prepare.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri, contentType: 'text/csv' },
      validation: { s3Data: prepare.properties.ProcessingOutputConfig.Outputs.get('validation').S3Output.S3Uri, contentType: 'text/csv' },
    },
    objectiveMetricName: 'validation:auc',
    objectiveType: 'Maximize',
    // Every combination: a linear model, squares and products, cubes; a light and a strong penalty.
    hyperparameterRanges: { degree: new IntegerParameter({ min: 1, max: 3 }), l2: new CategoricalParameter([0.1, 10]) },
    strategy: 'Grid',
    maxJobs: 6,
    maxParallelJobs: 2,
    cacheConfig: cache,
  });
  const bestModel = tune.topModelS3Uri(0, bucket, tuningOutput);
  // The type evaluate.ts writes the file with: JsonGet's path below is checked against it when this file compiles.
  const report = new PropertyFile<EvaluationReport>({ name: 'ChurnEvaluationReport', outputName: 'evaluation', path: 'evaluation.json' });
  const evaluate = new ProcessingStep({
    name: 'EvaluateChurnModel',
    imageUri: nodeImage,
    roleArn: role,
    instanceType: processingInstanceType,
    instanceCount: 1,
    code: code('evaluate.ts'),
    inputs: [
      { source: bestModel, destination: '/opt/ml/processing/model' },
      { source: prepare.properties.ProcessingOutputConfig.Outputs.get('test').S3Output.S3Uri, destination: '/opt/ml/processing/test' },
    ],
    outputs: [{ outputName: 'evaluation', source: '/opt/ml/processing/evaluation' }],
    propertyFiles: [report],
    cacheConfig: cache,
  });
  const register = new ModelStep({
    name: 'RegisterChurnModel',
    stepArgs: new Model({ imageUri: nodeImage, modelData: bestModel, roleArn: role }).register({
      contentTypes: ['text/csv'],
      responseTypes: ['text/csv'],
      inferenceInstances: ['ml.t2.medium', 'ml.m5.large'],
      transformInstances: ['ml.m5.large'],
      modelPackageGroupName: options.modelPackageGroupName ?? 'ChurnPackageGroup',
      approvalStatus: modelApprovalStatus,
      modelMetrics: {
        modelQuality: {
          statistics: {
            s3Uri: new Join({ on: '/', values: [evaluate.properties.ProcessingOutputConfig.Outputs.get('evaluation').S3Output.S3Uri, 'evaluation.json'] }),
            contentType: 'application/json',
          },
        },
      },
    }),
  });
  const fail = new FailStep({ name: 'ChurnAccuracyFail', errorMessage: new Join({ on: ' ', values: ['Accuracy below threshold: execution failed due to accuracy <', accuracyThreshold] }) });
  const check = new ConditionStep({
    name: 'CheckAccuracyChurnEvaluation',
    conditions: [
      new ConditionGreaterThanOrEqualTo({ left: new JsonGet({ step: evaluate, propertyFile: report, jsonPath: 'binary_classification_metrics.accuracy.value' }), right: accuracyThreshold }),
    ],
    ifSteps: [register],
    elseSteps: [fail],
  });
  return new Pipeline({
    name: options.pipelineName ?? 'ChurnPipeline',
    parameters: [processingInstanceType, trainingInstanceType, modelApprovalStatus, sampleCount, dataSeed, accuracyThreshold],
    steps: [prepare, tune, evaluate, check],
    defaultBucket: bucket,
  });
}
