// The business logic: the abalone model-building pipeline, a TypeScript port of the SageMaker Projects seed's
// pipeline.py. PreprocessAbaloneData → TrainAbaloneModel → EvaluateAbaloneModel → CheckMSEAbaloneEvaluation →
// RegisterAbaloneModel (with inference.ts, so a version deploys), or the Fail step AbaloneMSEFail when the test MSE
// is above MseThreshold.
import { join } from 'node:path';
import type { EvaluationReport } from './metrics';
import {
  CacheConfig,
  ConditionLessThanOrEqualTo,
  ConditionStep,
  FailStep,
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
  TrainingStep,
} from 'sluice';

/** The UCI download of the data set (CC BY 4.0); the service fetches it once and keeps it. */
export const abaloneDataUrl = 'https://archive.ics.uci.edu/ml/machine-learning-databases/abalone/abalone.data';

export interface GetPipelineOptions {
  pipelineName?: string;
  modelPackageGroupName?: string;
  /** Names the training output folder, as the seed's base_job_prefix does. */
  baseJobPrefix?: string;
  defaultBucket?: string;
  roleArn?: string;
  processingInstanceType?: string;
  trainingInstanceType?: string;
  /** The default of the InputDataUrl parameter. */
  inputDataUrl?: string;
  /** The folder that holds pipelines/ (step code paths start there); default: the current directory. */
  projectRoot?: string;
}

const defaultRole = 'arn:aws:iam::000000000000:role/SluiceLocal';
/** Node.js step code: Sluice runs it on this machine, SageMaker in the Node.js image. */
const nodeImage = 'sluice/node:20';

export function getPipeline(options: GetPipelineOptions = {}): Pipeline {
  const prefix = options.baseJobPrefix ?? 'Abalone';
  const role = options.roleArn ?? defaultRole;
  const code = (file: string): string => join(options.projectRoot ?? process.cwd(), 'pipelines', 'abalone', file);
  const bucket = options.defaultBucket ?? 'sagemaker-us-east-1-000000000000';
  // Steps whose inputs and code are unchanged are reused from an earlier run.
  const cache = new CacheConfig({ enableCaching: true, expireAfter: 'P30D' });

  const processingInstanceCount = new ParameterInteger({ name: 'ProcessingInstanceCount', defaultValue: 1 });
  const processingInstanceType = new ParameterString({ name: 'ProcessingInstanceType', defaultValue: options.processingInstanceType ?? 'ml.m5.xlarge' });
  const trainingInstanceType = new ParameterString({ name: 'TrainingInstanceType', defaultValue: options.trainingInstanceType ?? 'ml.m5.xlarge' });
  const modelApprovalStatus = new ParameterString({
    name: 'ModelApprovalStatus',
    defaultValue: 'PendingManualApproval',
    enumValues: ['PendingManualApproval', 'Approved', 'Rejected'],
  });
  const inputDataUrl = new ParameterString({ name: 'InputDataUrl', defaultValue: options.inputDataUrl ?? abaloneDataUrl });
  const mseThreshold = new ParameterFloat({ name: 'MseThreshold', defaultValue: 6.0 });

  const preprocess = new ProcessingStep({
    name: 'PreprocessAbaloneData',
    imageUri: nodeImage,
    roleArn: role,
    instanceType: processingInstanceType,
    instanceCount: processingInstanceCount,
    code: code('preprocess.ts'),
    inputs: [{ source: inputDataUrl, destination: '/opt/ml/processing/data' }],
    outputs: ['train', 'validation', 'test'].map((name) => ({ outputName: name, source: `/opt/ml/processing/${name}` })),
    cacheConfig: cache,
  });
  const train = new TrainingStep({
    name: 'TrainAbaloneModel',
    imageUri: nodeImage,
    roleArn: role,
    instanceType: trainingInstanceType,
    outputPath: `s3://${bucket}/${prefix}/AbaloneTrain`,
    code: code('train.ts'),
    // A random forest averaged with a kernel ridge regression (model.ts), in place of the seed's XGBoost (its
    // num_round=50, max_depth=5, eta=0.2 …): model.ts's defaults, which a test keeps equal to these.
    hyperparameters: {
      n_estimators: 100,
      max_depth: 14,
      min_samples_leaf: 16,
      max_features: 0.7,
      max_bins: 255,
      kernel_components: 400,
      kernel_gamma: 0.1,
      kernel_alpha: 0.3,
      forest_weight: 0.3,
      seed: 0,
    },
    metricDefinitions: [
      { name: 'train:mse', regex: 'train-mse:([0-9\\.]+)' },
      { name: 'validation:mse', regex: 'validation-mse:([0-9\\.]+)' },
    ],
    inputs: {
      train: { s3Data: preprocess.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri, contentType: 'text/csv' },
      validation: { s3Data: preprocess.properties.ProcessingOutputConfig.Outputs.get('validation').S3Output.S3Uri, contentType: 'text/csv' },
    },
    cacheConfig: cache,
  });
  // The type evaluate.ts writes the file with: JsonGet's path below is checked against it when this file compiles.
  const report = new PropertyFile<EvaluationReport>({ name: 'AbaloneEvaluationReport', outputName: 'evaluation', path: 'evaluation.json' });
  const evaluate = new ProcessingStep({
    name: 'EvaluateAbaloneModel',
    imageUri: nodeImage,
    roleArn: role,
    instanceType: processingInstanceType,
    instanceCount: 1,
    code: code('evaluate.ts'),
    inputs: [
      { source: train.properties.ModelArtifacts.S3ModelArtifacts, destination: '/opt/ml/processing/model' },
      { source: preprocess.properties.ProcessingOutputConfig.Outputs.get('test').S3Output.S3Uri, destination: '/opt/ml/processing/test' },
    ],
    outputs: [{ outputName: 'evaluation', source: '/opt/ml/processing/evaluation' }],
    propertyFiles: [report],
    cacheConfig: cache,
  });
  const register = new ModelStep({
    name: 'RegisterAbaloneModel',
    // With its inference program (inference.ts), so an approved version can be deployed to an endpoint.
    stepArgs: new Model({ imageUri: nodeImage, modelData: train.properties.ModelArtifacts.S3ModelArtifacts, roleArn: role, code: code('inference.ts') }).register({
      contentTypes: ['text/csv'],
      responseTypes: ['text/csv'],
      inferenceInstances: ['ml.t2.medium', 'ml.m5.large'],
      transformInstances: ['ml.m5.large'],
      modelPackageGroupName: options.modelPackageGroupName ?? 'AbalonePackageGroup',
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
  const fail = new FailStep({ name: 'AbaloneMSEFail', errorMessage: new Join({ on: ' ', values: ['MSE above threshold: execution failed due to MSE >', mseThreshold] }) });
  const check = new ConditionStep({
    name: 'CheckMSEAbaloneEvaluation',
    conditions: [new ConditionLessThanOrEqualTo({ left: new JsonGet({ step: evaluate, propertyFile: report, jsonPath: 'regression_metrics.mse.value' }), right: mseThreshold })],
    ifSteps: [register],
    elseSteps: [fail],
  });
  return new Pipeline({
    name: options.pipelineName ?? 'AbalonePipeline',
    parameters: [processingInstanceCount, processingInstanceType, trainingInstanceType, modelApprovalStatus, inputDataUrl, mseThreshold],
    steps: [preprocess, train, evaluate, check],
    defaultBucket: bucket,
  });
}
