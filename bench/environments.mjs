// @ts-check
// Benchmark (figures, not a test): environments for framework images and the built-in XGBoost algorithm.
// 1. Creating the scikit-learn 1.2-1 environment from a warm uv cache (the first run warms it), then asking
//    for it again (it exists: 0 s). 2. The built-in XGBoost algorithm on abalone as a training job, against
//    `xgboost.train` called directly (a fresh python in the same environment, the same data and parameters).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  DescribeTrainingJobCommand,
  ListPipelineExecutionStepsCommand,
  SageMakerClient,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { LocalExtrasClient } from 'sluice';
import { startService } from '../kernel-lib/dist/service/server.js';
import { EnvironmentStore, frameworkImageOf } from '../kernel-lib/dist/engine/index.js';
import { median } from './lib/stats.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const role = 'arn:aws:iam::000000000000:role/Bench';
const XGBOOST = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const SKLEARN = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
const scratch = mkdtempSync(join(tmpdir(), 'sluice-bench-envs-'));

/** @type {string[]} */
const lines = [];
/** @param {string} label @param {string} figure @param {string} goal */
const report = (label, figure, goal) => lines.push(`  ${label.padEnd(58)} ${figure.padStart(12)}   ${goal}`);

/** @param {string} image */
const specOf = (image) => {
  const found = /** @type {NonNullable<ReturnType<typeof frameworkImageOf>>} */ (frameworkImageOf(image));
  return { label: found.label, packages: found.packages, imports: found.imports, indexUrls: found.indexUrls };
};

// 1. Environment creation. A throwaway store warms uv's cache (a no-op when it is warm already), then a fresh one is timed.
const warm = new EnvironmentStore({ dir: join(scratch, 'warm') });
await warm.ensure(specOf(SKLEARN), () => undefined);
const envs = new EnvironmentStore({ dir: join(scratch, 'envs') });
let started = performance.now();
await envs.ensure(specOf(SKLEARN), () => undefined);
const created = (performance.now() - started) / 1000;
started = performance.now();
const again = await envs.ensure(specOf(SKLEARN), () => undefined);
const existing = (performance.now() - started) / 1000;
report('scikit-learn 1.2-1 environment, warm uv cache', `${created.toFixed(1)} s`, 'goal ≤ 20 s');
report('the same environment once it exists', `${existing.toFixed(3)} s`, `goal 0 s (created: ${again.created})`);
const xgboostEnv = await envs.ensure(specOf(XGBOOST), () => undefined);

// 2. Built-in XGBoost on abalone: rings first, sex one-hot, no header (the seed's preprocessing, fixed split).
const rows = readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','))
  .map(([sex, ...rest]) => [rest[7], sex === 'M' ? 1 : 0, sex === 'F' ? 1 : 0, sex === 'I' ? 1 : 0, ...rest.slice(0, 7)].join(','));
const train = rows.slice(0, 3300).join('\n') + '\n';
const validation = rows.slice(3300).join('\n') + '\n';
const hyperparameters = {
  objective: 'reg:squarederror',
  num_round: '50',
  max_depth: '5',
  eta: '0.2',
  gamma: '4',
  min_child_weight: '6',
  subsample: '0.7',
  seed: '1',
};

const home = join(scratch, 'home');
mkdirSync(home);
const service = await startService({ home, port: 0, engine: { envsDir: join(scratch, 'envs') }, log: () => undefined });
const client = new SageMakerClient({ endpoint: service.endpoint, region: service.credentials.region, credentials: service.credentials });
const extras = new LocalExtrasClient({ endpoint: service.endpoint, region: service.credentials.region, credentials: service.credentials });
await extras.putArtifact('s3://bench/abalone/train/train.csv', train);
await extras.putArtifact('s3://bench/abalone/validation/validation.csv', validation);
/** @param {string} name */
const channel = (name) => ({
  ChannelName: name,
  ContentType: 'text/csv',
  DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://bench/abalone/${name}`, S3DataDistributionType: 'FullyReplicated' } },
});
const definition = {
  Version: '2020-12-01',
  Parameters: [],
  Steps: [
    {
      Name: 'TrainAbalone',
      Type: 'Training',
      Arguments: {
        AlgorithmSpecification: { TrainingImage: XGBOOST, TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: 's3://bench/models' },
        StoppingCondition: { MaxRuntimeInSeconds: 600 },
        ResourceConfig: { VolumeSizeInGB: 30, InstanceCount: 1, InstanceType: 'ml.m5.xlarge' },
        RoleArn: role,
        InputDataConfig: [channel('train'), channel('validation')],
        HyperParameters: hyperparameters,
      },
    },
  ],
};
await client.send(
  new CreatePipelineCommand({
    PipelineName: 'BuiltinXgboost',
    PipelineDefinition: JSON.stringify(definition),
    RoleArn: role,
    ClientRequestToken: randomUUID(),
  }),
);

/** One execution, start to Succeeded, and the training job's own seconds. */
async function runBuiltin() {
  const begun = performance.now();
  const { PipelineExecutionArn } = await client.send(new StartPipelineExecutionCommand({ PipelineName: 'BuiltinXgboost', ClientRequestToken: randomUUID() }));
  for (;;) {
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(described.PipelineExecutionStatus ?? '')) {
      const total = (performance.now() - begun) / 1000;
      const steps = await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn }));
      const arn = steps.PipelineExecutionSteps?.[0]?.Metadata?.TrainingJob?.Arn ?? '';
      const job = await client.send(new DescribeTrainingJobCommand({ TrainingJobName: arn.split('/').pop() }));
      const jobSeconds = (Number(job.TrainingEndTime) - Number(job.TrainingStartTime)) / 1000;
      return {
        total,
        jobSeconds,
        status: described.PipelineExecutionStatus,
        rmse: job.FinalMetricDataList?.find((m) => m.MetricName === 'validation:rmse')?.Value,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// xgboost.train called directly: the same files, parameters and evaluation sets, in a fresh python of the same environment.
writeFileSync(join(scratch, 'train.csv'), train);
writeFileSync(join(scratch, 'validation.csv'), validation);
const direct = `
import sys, time
import numpy as np, xgboost as xgb
def load(path):
    data = np.loadtxt(path, delimiter=",")
    return xgb.DMatrix(data[:, 1:], label=data[:, 0])
train, validation = load(sys.argv[1]), load(sys.argv[2])
params = {"objective": "reg:squarederror", "max_depth": 5, "eta": 0.2, "gamma": 4, "min_child_weight": 6, "subsample": 0.7, "seed": 1}
booster = xgb.train(params, train, num_boost_round=50, evals=[(train, "train"), (validation, "validation")], verbose_eval=False)
print(booster.eval(validation))
`;
function runDirect() {
  const begun = performance.now();
  const result = spawnSync(xgboostEnv.python, ['-c', direct, join(scratch, 'train.csv'), join(scratch, 'validation.csv')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return { seconds: (performance.now() - begun) / 1000, rmse: result.stdout.trim() };
}

await runBuiltin(); // the first job also checks the environment; measure the next ones
runDirect();
/** @type {number[]} */ const builtinTotals = [];
/** @type {number[]} */ const builtinJobs = [];
/** @type {number[]} */ const directs = [];
let last;
for (let index = 0; index < 3; index += 1) {
  last = await runBuiltin();
  builtinTotals.push(last.total);
  builtinJobs.push(last.jobSeconds);
  directs.push(runDirect().seconds);
}
report('built-in XGBoost on abalone: the training job (median of 3)', `${median(builtinJobs).toFixed(2)} s`, `validation:rmse ${last?.rmse} (${last?.status})`);
report('  … start() to Succeeded', `${median(builtinTotals).toFixed(2)} s`, '');
report('xgboost.train called directly (start, import, load, train)', `${median(directs).toFixed(2)} s`, '');
report('built-in job / direct', `${(median(builtinJobs) / median(directs)).toFixed(2)} ×`, 'goal ≤ 1.5 ×');

client.destroy();
await service.close();
rmSync(scratch, { recursive: true, force: true });
console.log(
  `Environments and the built-in XGBoost algorithm (${spawnSync(join(repoRoot, '.venv', 'bin', 'uv'), ['--version'], { encoding: 'utf8' }).stdout.trim() || 'missing: pip'}):`,
);
for (const line of lines) console.log(line);
