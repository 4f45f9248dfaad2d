// Builds the abalone golden (see the goldens' README) with the TypeScript SDK and compares the bytes.
import {
  ConditionLessThanOrEqualTo,
  ConditionStep,
  float,
  JsonGet,
  Model,
  ModelStep,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  PropertyFile,
  TrainingStep,
} from '../../kernel-lib/src/index.js';
import { readGolden } from './goldens.js';

const role = 'arn:aws:iam::123456789012:role/SageMakerRole';
const sklearnImage = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:0.23-1-cpu-py3';
const xgboostImage = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3';
// The template reads step arguments before compiling, which freezes this output URI with a timestamp.
const evaluationOutput = 's3://my-bucket/Abalone/script-abalone-eval-2026-11-26-01-15-37-637/output/evaluation';

export function abalonePipeline(): Pipeline {
  const processingInstanceCount = new ParameterInteger({ name: 'ProcessingInstanceCount', defaultValue: 1 });
  const modelApprovalStatus = new ParameterString({ name: 'ModelApprovalStatus', defaultValue: 'PendingManualApproval' });
  const inputData = new ParameterString({
    name: 'InputDataUrl',
    defaultValue: 's3://sagemaker-servicecatalog-seedcode-us-east-1/dataset/abalone-dataset.csv',
  });

  const preprocess = new ProcessingStep({
    name: 'PreprocessAbaloneData',
    imageUri: sklearnImage,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    instanceCount: processingInstanceCount,
    command: ['python3'],
    code: 's3://my-bucket/AbalonePipeline/code/e09228835997535b04f2273963406b838adb2ed924a93b0a1d1c42b5cc42a0a8/preprocess.py',
    outputs: ['train', 'validation', 'test'].map((name) => ({ outputName: name, source: `/opt/ml/processing/${name}` })),
    arguments: ['--input-data', inputData],
  });

  const train = new TrainingStep({
    name: 'TrainAbaloneModel',
    imageUri: xgboostImage,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    outputPath: 's3://my-bucket/Abalone/AbaloneTrain',
    disableProfiler: true,
    hyperparameters: { objective: 'reg:linear', num_round: 50, max_depth: 5, eta: 0.2, gamma: 4, min_child_weight: 6, subsample: 0.7, silent: 0 },
    inputs: {
      train: { s3Data: preprocess.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri, contentType: 'text/csv' },
      validation: { s3Data: preprocess.properties.ProcessingOutputConfig.Outputs.get('validation').S3Output.S3Uri, contentType: 'text/csv' },
    },
  });

  const evaluationReport = new PropertyFile({ name: 'AbaloneEvaluationReport', outputName: 'evaluation', path: 'evaluation.json' });
  const evaluate = new ProcessingStep({
    name: 'EvaluateAbaloneModel',
    imageUri: xgboostImage,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    command: ['python3'],
    code: 's3://my-bucket/AbalonePipeline/code/28aea61765ab9fbe8ce5de1962d7a12ab82bc0290b999dff6404879367f7d203/evaluate.py',
    inputs: [
      { source: train.properties.ModelArtifacts.S3ModelArtifacts, destination: '/opt/ml/processing/model' },
      { source: preprocess.properties.ProcessingOutputConfig.Outputs.get('test').S3Output.S3Uri, destination: '/opt/ml/processing/test' },
    ],
    outputs: [{ outputName: 'evaluation', source: '/opt/ml/processing/evaluation', destination: evaluationOutput }],
    propertyFiles: [evaluationReport],
  });

  const model = new Model({ imageUri: xgboostImage, modelData: train.properties.ModelArtifacts.S3ModelArtifacts, roleArn: role });
  const register = new ModelStep({
    name: 'RegisterAbaloneModel',
    stepArgs: model.register({
      contentTypes: ['text/csv'],
      responseTypes: ['text/csv'],
      inferenceInstances: ['ml.t2.medium', 'ml.m5.large'],
      transformInstances: ['ml.m5.large'],
      modelPackageGroupName: 'AbalonePackageGroup',
      approvalStatus: modelApprovalStatus,
      modelMetrics: { modelQuality: { statistics: { s3Uri: `${evaluationOutput}/evaluation.json`, contentType: 'application/json' } } },
    }),
  });

  const mse = new JsonGet({ step: evaluate, propertyFile: evaluationReport, jsonPath: 'regression_metrics.mse.value' });
  const check = new ConditionStep({
    name: 'CheckMSEAbaloneEvaluation',
    conditions: [new ConditionLessThanOrEqualTo({ left: mse, right: float(6.0) })],
    ifSteps: [register],
    elseSteps: [],
  });

  return new Pipeline({
    name: 'AbalonePipeline',
    parameters: [processingInstanceCount, modelApprovalStatus, inputData],
    steps: [preprocess, train, evaluate, check],
    defaultBucket: 'my-bucket',
  });
}

describe('the abalone pipeline built in TypeScript', () => {
  it('writes the Python SDK golden byte for byte', () => {
    expect(abalonePipeline().definition()).toBe(readGolden('abalone'));
  });

  it('names model steps the v2 way', () => {
    const step = new ModelStep({ name: 'M', stepArgs: new Model({ imageUri: 'i', roleArn: role }).create() });
    expect(step.name).toBe('M-CreateModel');
    expect(JSON.stringify(step.properties.ModelName)).toBe('{"Get":"Steps.M-CreateModel.ModelName"}');
  });

  it('keeps the Join default output URIs', () => {
    const text = abalonePipeline().definition();
    expect(text).toContain(
      '"S3Uri": {"Std:Join": {"On": "/", "Values": ["s3:/", "my-bucket", "AbalonePipeline", {"Get": "Execution.PipelineExecutionId"}, "PreprocessAbaloneData", "output", "train"]}}',
    );
  });
});
