// Builds the kitchen-sink golden (§13b of the reference) with the TypeScript SDK and compares the bytes.
import {
  CacheConfig,
  CallbackStep,
  ConditionEquals,
  ConditionGreaterThanOrEqualTo,
  ConditionIn,
  ConditionLessThan,
  ConditionNot,
  ConditionOr,
  ConditionStep,
  EMRStep,
  ExecutionVariables,
  FailStep,
  float,
  Join,
  JsonGet,
  LambdaStep,
  Model,
  ModelStep,
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
} from '../../kernel-lib/src/index.js';
import { readGolden } from './goldens.js';

const role = 'arn:aws:iam::123456789012:role/SageMakerRole';
const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-image:latest';

function kitchenSink(): Pipeline {
  const instanceCount = new ParameterInteger({ name: 'InstanceCount', defaultValue: 2 });
  const threshold = new ParameterFloat({ name: 'Threshold', defaultValue: 0.75 });
  const skipTraining = new ParameterBoolean({ name: 'SkipTraining', defaultValue: false });
  const mode = new ParameterString({ name: 'Mode', defaultValue: 'full', enumValues: ['full', 'fast'] });
  const inputUri = new ParameterString({ name: 'InputUri' });

  const report = new PropertyFile({ name: 'Report', outputName: 'report', path: 'report.json' });
  const prep = new ProcessingStep({
    name: 'Prep',
    displayName: 'Prepare data',
    description: 'prepares data',
    imageUri: image,
    roleArn: role,
    instanceType: 'ml.m5.large',
    instanceCount,
    entrypoint: ['python3', '/opt/ml/code/prep.py'],
    arguments: ['--threshold', threshold.asString()],
    inputs: [{ inputName: 'raw', source: inputUri, destination: '/opt/ml/processing/input' }],
    outputs: [
      {
        outputName: 'train',
        source: '/opt/ml/processing/train',
        destination: new Join({ on: '/', values: ['s3:/', 'my-bucket', ExecutionVariables.PipelineExecutionId, 'prep'] }),
      },
      { outputName: 'report', source: '/opt/ml/processing/report' },
    ],
    env: { MODE: mode },
    retryPolicies: [
      new StepRetryPolicy({ exceptionTypes: ['Step.SERVICE_FAULT', 'Step.THROTTLING'], maxAttempts: 3 }),
      new SageMakerJobStepRetryPolicy({
        exceptionTypes: ['SageMaker.CAPACITY_ERROR', 'SageMaker.JOB_INTERNAL_ERROR'],
        backoffRate: 1.5,
        intervalSeconds: 10,
        expireAfterMin: 60,
      }),
    ],
    cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'P30D' }),
    propertyFiles: [report],
  });

  const train = new TrainingStep({
    name: 'Train',
    imageUri: image,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    outputPath: 's3://my-bucket/models',
    disableProfiler: true,
    inputs: { train: prep.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri },
    hyperparameters: { lr: new JsonGet({ step: prep, propertyFile: report, jsonPath: 'params.lr' }), epochs: 10 },
    cacheConfig: new CacheConfig({ enableCaching: false }),
  });

  const makeModel = new ModelStep({
    name: 'MakeModel',
    stepArgs: new Model({ imageUri: image, modelData: train.properties.ModelArtifacts.S3ModelArtifacts, roleArn: role }).create(),
  });
  const batchScore = new TransformStep({
    name: 'BatchScore',
    modelName: makeModel.properties.ModelName,
    data: inputUri,
    contentType: 'text/csv',
    outputPath: 's3://my-bucket/transform',
    instanceType: 'ml.m5.large',
    dependsOn: [train],
  });
  const notify = new LambdaStep({
    name: 'Notify',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:notify',
    inputs: { job: train.properties.TrainingJobName, n: 5 },
    outputs: [{ outputName: 'ok', outputType: 'Boolean' }],
  });
  const approve = new CallbackStep({
    name: 'Approve',
    sqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
    inputs: { model: makeModel.properties.ModelName },
    outputs: [{ outputName: 'decision', outputType: 'String' }],
    dependsOn: ['Notify'],
  });
  const fail = new FailStep({ name: 'Fail', errorMessage: new Join({ on: ' ', values: ['Score below', threshold] }) });

  const score = new JsonGet({
    s3Uri: new Join({ on: '/', values: ['s3:/', 'my-bucket', ExecutionVariables.PipelineExecutionId, 'metrics.json'] }),
    jsonPath: 'score',
  });
  const gate = new ConditionStep({
    name: 'Gate',
    conditions: [
      new ConditionGreaterThanOrEqualTo({ left: score, right: threshold }),
      new ConditionOr({ conditions: [new ConditionEquals({ left: skipTraining, right: false }), new ConditionIn({ value: mode, in: ['full', 'fast'] })] }),
      new ConditionNot({ expression: new ConditionLessThan({ left: train.properties.FinalMetricDataList.get('val:acc').Value, right: 0.5 }) }),
    ],
    ifSteps: [makeModel, batchScore, notify, approve],
    elseSteps: [fail],
  });

  const spark = new EMRStep({
    name: 'Spark',
    displayName: 'Spark job',
    description: 'emr',
    clusterId: 'j-ABC123',
    stepConfig: { jar: 'command-runner.jar', args: ['spark-submit', 's3://b/job.py'] },
  });

  return new Pipeline({
    name: 'KitchenSink',
    parameters: [instanceCount, threshold, skipTraining, mode, inputUri],
    steps: [prep, train, gate, spark],
    defaultBucket: 'my-bucket',
  });
}

describe('the kitchen-sink pipeline built in TypeScript', () => {
  it('writes the Python SDK golden byte for byte', () => {
    expect(kitchenSink().definition()).toBe(readGolden('kitchen-sink'));
  });

  it('writes 0.5 as 0.5 and a float() integral value with .0', () => {
    const text = new Pipeline({
      name: 'P',
      steps: [new ConditionStep({ name: 'C', conditions: [new ConditionEquals({ left: float(1), right: 1 })] })],
    }).definition();
    expect(text).toContain('{"Type": "Equals", "LeftValue": 1.0, "RightValue": 1}');
  });
});
