import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreatePipelineCommand,
  CreateTransformJobCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeTrainingJobCommand,
  DescribeTransformJobCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';
import { extrasClient, role, runToEnd, type FinishedExecution } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { abaloneSplits, toCsv, toLibsvm } from './abalone-data.js';

const XGBOOST = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const BUCKET = 's3://builtin-xgboost';

/** A TrainingStep's arguments as the SageMaker Python SDK writes them for the built-in algorithm (no entry point). */
function trainingArguments(
  hyperparameters: Record<string, string>,
  options: { contentType?: string; prefix?: string; image?: string; metricDefinitions?: { Name: string; Regex: string }[] } = {},
) {
  const channel = (name: string) => ({
    ChannelName: name,
    ContentType: options.contentType ?? 'text/csv',
    DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `${BUCKET}/${options.prefix ?? 'csv'}/${name}`, S3DataDistributionType: 'FullyReplicated' } },
  });
  return {
    AlgorithmSpecification: {
      TrainingImage: options.image ?? XGBOOST,
      TrainingInputMode: 'File',
      ...(options.metricDefinitions ? { MetricDefinitions: options.metricDefinitions } : {}),
    },
    OutputDataConfig: { S3OutputPath: `${BUCKET}/models` },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
    ResourceConfig: { VolumeSizeInGB: 30, InstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
    RoleArn: role,
    InputDataConfig: [channel('train'), channel('validation')],
    HyperParameters: hyperparameters,
  };
}

/** A seed-style evaluate.py: unpacks model.tar.gz, unpickles the Booster (load_model as the fallback), writes the MSE. */
const EVALUATE = `
import json, os, pickle, tarfile
import numpy as np
import pandas as pd
import xgboost
with tarfile.open("/opt/ml/processing/model/model.tar.gz") as tar:
    tar.extractall(path="/opt/ml/processing/model")
try:
    model = pickle.load(open("/opt/ml/processing/model/xgboost-model", "rb"))
except Exception:
    model = xgboost.Booster()
    model.load_model("/opt/ml/processing/model/xgboost-model")
df = pd.read_csv("/opt/ml/processing/test/test.csv", header=None)
y = df.iloc[:, 0].to_numpy()
predictions = model.predict(xgboost.DMatrix(df.iloc[:, 1:].values))
os.makedirs("/opt/ml/processing/evaluation", exist_ok=True)
json.dump({"regression_metrics": {"mse": {"value": float(np.mean((y - predictions) ** 2))}}}, open("/opt/ml/processing/evaluation/evaluation.json", "w"))
print("evaluated", type(model).__name__)
`;

function pipeline(name: string, steps: unknown[]): string {
  return JSON.stringify({ Version: '2020-12-01', Metadata: {}, Parameters: [], PipelineExperimentConfig: null, Steps: steps });
}

const train = (args: unknown) => ({ Name: 'TrainAbalone', Type: 'Training', Arguments: args });

describe('the built-in XGBoost algorithm (an XGBoost image and no entry point)', () => {
  let test: TestService;
  let extras: LocalExtrasClient;
  let counter = 0;
  /** The first test's model, which the endpoint test serves. */
  let modelData: string | undefined;
  const run = async (steps: unknown[]): Promise<FinishedExecution> => {
    const name = `BuiltinXgboost${++counter}`;
    await test.client.send(
      new CreatePipelineCommand({ PipelineName: name, PipelineDefinition: pipeline(name, steps), RoleArn: role, ClientRequestToken: name }),
    );
    return runToEnd(test.client, name);
  };
  const trainingJob = async (finished: FinishedExecution) => {
    const arn = finished.steps.find((step) => step.StepName === 'TrainAbalone')!.Metadata!.TrainingJob!.Arn!;
    return test.client.send(new DescribeTrainingJobCommand({ TrainingJobName: arn.split('/').pop()! }));
  };

  beforeAll(async () => {
    test = await startTestService();
    extras = extrasClient(test.service);
    const { train, validation, test: rows } = abaloneSplits();
    await extras.putArtifact(`${BUCKET}/csv/train/train.csv`, toCsv(train));
    await extras.putArtifact(`${BUCKET}/csv/validation/validation.csv`, toCsv(validation));
    await extras.putArtifact(`${BUCKET}/csv/test/test.csv`, toCsv(rows));
    await extras.putArtifact(`${BUCKET}/libsvm/train/train.libsvm`, toLibsvm(train));
    await extras.putArtifact(`${BUCKET}/libsvm/validation/validation.libsvm`, toLibsvm(validation));
    await extras.putArtifact(`${BUCKET}/batch/rows.csv`, toCsv(rows.slice(0, 5).map((row) => row.slice(1))));
    await extras.putArtifact(`${BUCKET}/code/evaluate.py`, EVALUATE);
  });
  afterAll(async () => {
    await test?.stop();
  });

  it("trains with the seed's hyperparameters, logs each round, fills metrics without MetricDefinitions, and a seed-style evaluate.py loads the model", async () => {
    const hyperparameters = { objective: 'reg:squarederror', num_round: '50', max_depth: '5', eta: '0.2', gamma: '4', min_child_weight: '6', subsample: '0.7' };
    const evaluate = {
      Name: 'EvaluateAbalone',
      Type: 'Processing',
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: XGBOOST, ContainerEntrypoint: ['python3', '/opt/ml/processing/input/code/evaluate.py'] },
        RoleArn: role,
        ProcessingInputs: [
          {
            InputName: 'model',
            AppManaged: false,
            S3Input: {
              S3Uri: { Get: 'Steps.TrainAbalone.ModelArtifacts.S3ModelArtifacts' },
              LocalPath: '/opt/ml/processing/model',
              S3DataType: 'S3Prefix',
              S3InputMode: 'File',
            },
          },
          {
            InputName: 'test',
            AppManaged: false,
            S3Input: { S3Uri: `${BUCKET}/csv/test`, LocalPath: '/opt/ml/processing/test', S3DataType: 'S3Prefix', S3InputMode: 'File' },
          },
          {
            InputName: 'code',
            AppManaged: false,
            S3Input: { S3Uri: `${BUCKET}/code/evaluate.py`, LocalPath: '/opt/ml/processing/input/code', S3DataType: 'S3Prefix', S3InputMode: 'File' },
          },
        ],
        ProcessingOutputConfig: {
          Outputs: [
            {
              OutputName: 'evaluation',
              AppManaged: false,
              S3Output: { S3Uri: `${BUCKET}/evaluation`, LocalPath: '/opt/ml/processing/evaluation', S3UploadMode: 'EndOfJob' },
            },
          ],
        },
      },
    };
    const model = {
      Name: 'AbaloneModel',
      Type: 'Model',
      Arguments: { ExecutionRoleArn: role, PrimaryContainer: { Image: XGBOOST, ModelDataUrl: { Get: 'Steps.TrainAbalone.ModelArtifacts.S3ModelArtifacts' } } },
    };
    const transform = {
      Name: 'BatchAbalone',
      Type: 'Transform',
      Arguments: {
        ModelName: { Get: 'Steps.AbaloneModel.ModelName' },
        TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `${BUCKET}/batch` } }, ContentType: 'text/csv', SplitType: 'Line' },
        TransformOutput: { S3OutputPath: `${BUCKET}/batch-out`, AssembleWith: 'Line', Accept: 'text/csv' },
        TransformResources: { InstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
      },
    };

    const finished = await run([train(trainingArguments(hyperparameters)), evaluate, model, transform]);

    expect(finished.steps.map((step) => `${step.StepName}:${step.StepStatus}:${step.FailureReason ?? ''}`)).toEqual([
      'TrainAbalone:Succeeded:',
      'EvaluateAbalone:Succeeded:',
      'AbaloneModel:Succeeded:',
      'BatchAbalone:Succeeded:',
    ]);
    const job = await trainingJob(finished);
    modelData = job.ModelArtifacts?.S3ModelArtifacts;
    const metrics = Object.fromEntries((job.FinalMetricDataList ?? []).map((metric) => [metric.MetricName, metric.Value]));
    expect(Object.keys(metrics).sort()).toEqual(['train:rmse', 'validation:rmse']);
    expect(metrics['validation:rmse']).toBeLessThan(2.6);
    const log = (await extras.jobLog(job.TrainingJobName!)).lines.map((line) => line.Text);
    expect(log.filter((line) => /^\[\d+\]#011train-rmse:[\d.]+#011validation-rmse:[\d.]+$/.test(line))).toHaveLength(50);
    const evaluation = JSON.parse((await extras.getArtifact(`${BUCKET}/evaluation/evaluation.json`)).toString()) as {
      regression_metrics: { mse: { value: number } };
    };
    expect(evaluation.regression_metrics.mse.value).toBeLessThan(6);
    const predictions = (await extras.getArtifact(`${BUCKET}/batch-out/rows.csv.out`)).toString().trim().split('\n').map(Number);
    expect(predictions).toHaveLength(5);
    for (const value of predictions) expect(value).toBeGreaterThan(3);
  });

  it('serves the model from an endpoint on the same image, answering text/csv and text/libsvm as the algorithm does', async () => {
    expect(modelData).toBeDefined();
    await test.client.send(
      new CreateModelCommand({ ModelName: 'builtin-abalone', ExecutionRoleArn: role, PrimaryContainer: { Image: XGBOOST, ModelDataUrl: modelData } }),
    );
    await test.client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'builtin-abalone',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'builtin-abalone', InitialInstanceCount: 1, InstanceType: 'ml.m5.large' }],
      }),
    );
    await test.client.send(new CreateEndpointCommand({ EndpointName: 'builtin-abalone', EndpointConfigName: 'builtin-abalone' }));
    const deadline = Date.now() + 120000;
    let status = '';
    while (!['InService', 'Failed'].includes(status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const described = await test.client.send(new DescribeEndpointCommand({ EndpointName: 'builtin-abalone' }));
      status = `${described.EndpointStatus}`;
      if (status === 'Failed') throw new Error(described.FailureReason);
    }
    const runtime = new SageMakerRuntimeClient({
      endpoint: test.service.endpoint,
      region: test.service.credentials.region,
      credentials: test.service.credentials,
      maxAttempts: 1,
    });
    const invoke = async (body: string, contentType: string) =>
      new TextDecoder().decode(
        (await runtime.send(new InvokeEndpointCommand({ EndpointName: 'builtin-abalone', Body: new TextEncoder().encode(body), ContentType: contentType })))
          .Body,
      );
    const rows = abaloneSplits().test.slice(0, 3);

    try {
      const csv = (await invoke(toCsv(rows.map((row) => row.slice(1))), 'text/csv')).split(',').map(Number);
      const libsvm = (await invoke(toLibsvm(rows), 'text/libsvm')).split(',').map(Number);

      expect(csv).toHaveLength(3);
      for (const [index, value] of csv.entries()) expect(value).toBeCloseTo(libsvm[index], 4);
      for (const value of csv) expect(value).toBeGreaterThan(3);
    } finally {
      runtime.destroy();
      await test.client.send(new DeleteEndpointCommand({ EndpointName: 'builtin-abalone' }));
    }
  });

  it('batch-transforms with the same model through CreateTransformJob, one prediction per line', async () => {
    await test.client.send(
      new CreateTransformJobCommand({
        TransformJobName: 'builtin-abalone-batch',
        ModelName: 'builtin-abalone',
        TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `${BUCKET}/batch` } }, ContentType: 'text/csv', SplitType: 'Line' },
        TransformOutput: { S3OutputPath: `${BUCKET}/standalone-out`, AssembleWith: 'Line' },
        TransformResources: { InstanceCount: 1, InstanceType: 'ml.m5.large' },
        BatchStrategy: 'MultiRecord',
      }),
    );
    let described = await test.client.send(new DescribeTransformJobCommand({ TransformJobName: 'builtin-abalone-batch' }));
    const deadline = Date.now() + 120000;
    while (described.TransformJobStatus === 'InProgress' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      described = await test.client.send(new DescribeTransformJobCommand({ TransformJobName: 'builtin-abalone-batch' }));
    }

    expect([described.TransformJobStatus, described.FailureReason]).toEqual(['Completed', undefined]);
    const predictions = (await extras.getArtifact(`${BUCKET}/standalone-out/rows.csv.out`)).toString().trim().split('\n').map(Number);
    expect(predictions).toHaveLength(5);
    for (const value of predictions) expect(value).toBeGreaterThan(3);
  });

  it('stops early when the validation metric stops improving, and reads libsvm channels', async () => {
    const finished = await run([
      train(
        trainingArguments(
          { num_round: '500', eta: '0.5', max_depth: '6', early_stopping_rounds: '5', eval_metric: 'mae' },
          { contentType: 'text/libsvm', prefix: 'libsvm' },
        ),
      ),
    ]);

    expect(finished.steps[0].FailureReason).toBeUndefined();
    const job = await trainingJob(finished);
    const rounds = (await extras.jobLog(job.TrainingJobName!)).lines.filter((line) => /^\[\d+\]#011train-mae/.test(line.Text));
    expect(rounds.length).toBeGreaterThan(5);
    expect(rounds.length).toBeLessThan(500);
    expect((job.FinalMetricDataList ?? []).map((metric) => metric.MetricName).sort()).toEqual(['train:mae', 'validation:mae']);
  });

  it.each([
    [{ objective: 'reg:squarederror' }, 'Missing required hyperparameter: num_round'],
    [{ num_round: '10', objective: 'reg:nonsense' }, "Hyperparameter objective: reg:nonsense is not in ['aft_loss_distribution', 'binary:logistic'"],
    [{ num_round: '10', not_a_parameter: '1' }, 'Extraneous hyperparameter found: not_a_parameter'],
  ])("fails the job with the algorithm's message for %j", async (hyperparameters, message) => {
    const finished = await run([train(trainingArguments(hyperparameters))]);

    expect(finished.status).toBe('Failed');
    expect(finished.steps[0].FailureReason).toContain(`ClientError: ${message}`);
  });

  it('refuses parquet with a message saying which content types it reads', async () => {
    const finished = await run([train(trainingArguments({ num_round: '10' }, { contentType: 'application/x-parquet' }))]);

    expect(finished.steps[0].FailureReason).toMatch(/application\/x-parquet \(parquet\) is not supported .*text\/csv .*text\/libsvm/);
  });

  it('fails at the step, naming the nearest versions, for an XGBoost version the table does not hold', async () => {
    const finished = await run([
      train(trainingArguments({ num_round: '10' }, { image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.6-1' })),
    ]);

    expect(finished.steps[0].FailureReason).toMatch(/sagemaker-xgboost:1\.6-1: no XGBoost 1\.6-1 .*the nearest are 1\.5-1 and 1\.7-1/);
  });
});
