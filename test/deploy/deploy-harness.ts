// A local service in this process with a Session bound to it, and an abalone model trained by a pipeline run.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeEndpointCommand, type DescribeEndpointCommandOutput } from '@aws-sdk/client-sagemaker';
import { Session, type LocalSession } from '../../kernel-lib/src/index.js';
import { writeState } from '../../kernel-lib/src/home/instance.js';
import { version } from '../../kernel-lib/src/version.js';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { createPipeline, extrasClient, runToEnd } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';

export const abaloneCsv = join(repoRoot, '..', 'shared', 'data', 'abalone.csv');
export const inferenceCode = join(repoRoot, 'test', 'fixtures', 'abalone', 'inference.ts');
export const bucket = 'sluice-local';

export interface DeployService extends TestService {
  session: LocalSession;
}

/** The service runs here (so a test can reach its model processes); a Session finds it through service.json as it would a detached one. */
export async function startDeployService(): Promise<DeployService> {
  const test = await startTestService({ engine: { stopGraceMs: 1000 } });
  const { service } = test;
  writeState({ pid: process.pid, port: service.port, endpoint: service.endpoint, home: service.home, startedAt: new Date().toISOString(), version });
  return { ...test, session: Session.local({ home: service.home, defaultBucket: bucket }) };
}

export interface TrainedAbalone {
  /** model.tar.gz of the training step. */
  modelData: string;
  /** The test split: label first, then the features. */
  testRows: number[][];
  /** What the evaluation step wrote to evaluation.json. */
  evaluationMse: number;
  modelPackageArn: string;
}

/** Runs the abalone pipeline (registering the model with its inference program) and gathers what the tests compare against. */
export async function trainAbalone(test: TestService, name = 'AbaloneForDeploy'): Promise<TrainedAbalone> {
  const extras = extrasClient(test.service);
  await extras.putArtifact('s3://sluice-data/abalone/abalone.csv', readFileSync(abaloneCsv));
  const pipeline = abalonePipeline({
    name,
    bucket,
    inputDataUrl: 's3://sluice-data/abalone/abalone.csv',
    modelPackageGroupName: `${name}Group`,
    inferenceCode,
  });
  await createPipeline(test.client, extras, pipeline);
  const run = await runToEnd(test.client, name);
  if (run.status !== 'Succeeded') throw new Error(`the abalone pipeline ended ${run.status}: ${run.failureReason}`);
  const artifacts = await extras.listArtifacts(`s3://${bucket}/${name}`);
  const modelData = artifacts.find((uri) => uri.endsWith('/model.tar.gz'));
  const testCsv = artifacts.find((uri) => uri.endsWith('/test/test.csv'));
  const evaluation = artifacts.find((uri) => uri.endsWith('/evaluation.json'));
  if (modelData === undefined || testCsv === undefined || evaluation === undefined)
    throw new Error(`the run left no model, test split or evaluation: ${artifacts.join(', ')}`);
  const testRows = (await extras.getArtifact(testCsv))
    .toString()
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
  const report = JSON.parse((await extras.getArtifact(evaluation)).toString()) as { regression_metrics: { mse: { value: number } } };
  const modelPackageArn = run.steps.find((step) => step.StepName?.endsWith('-RegisterModel'))?.Metadata?.RegisterModel?.Arn;
  if (modelPackageArn === undefined) throw new Error('the run registered no model version');
  return { modelData, testRows, evaluationMse: report.regression_metrics.mse.value, modelPackageArn };
}

/** Mean squared error of predictions against the labels, summed in the evaluation step's order. */
export function meanSquaredError(rows: readonly number[][], predictions: readonly number[]): number {
  return rows.reduce((sum, row, i) => sum + (predictions[i]! - row[0]!) ** 2, 0) / rows.length;
}

export async function describeEndpoint(test: TestService, name: string): Promise<DescribeEndpointCommandOutput> {
  return test.client.send(new DescribeEndpointCommand({ EndpointName: name }));
}

/** Polls DescribeEndpoint until `done` holds for it. */
export async function endpointWhen(
  test: TestService,
  name: string,
  done: (described: DescribeEndpointCommandOutput) => boolean,
  timeoutMs = 60000,
): Promise<DescribeEndpointCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await describeEndpoint(test, name);
    if (done(described)) return described;
    if (Date.now() > deadline)
      throw new Error(`endpoint ${name} is ${described.EndpointStatus} (${described.FailureReason ?? 'no reason'}) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs a Python script with the test venv (boto3) and the service's address and keys; resolves with its stdout. */
export function runPython(test: TestService, script: string, args: readonly string[] = []): Promise<string> {
  const { service } = test;
  return new Promise((resolve, reject) => {
    // Asynchronously: the service answering the script runs in this very process.
    const child = spawn(testVenvPython, ['-c', script, ...args], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        AWS_ENDPOINT_URL: service.endpoint,
        AWS_ACCESS_KEY_ID: service.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: service.credentials.secretAccessKey,
        AWS_DEFAULT_REGION: service.credentials.region,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python exited ${code}:\n${err}`))));
  });
}

/** A least-squares model of the abalone shape (an intercept and 10 weights), packed as the training job packs it. */
export async function packedModel(folder: string, weights: number[]): Promise<Buffer> {
  mkdirSync(join(folder, 'model'), { recursive: true });
  writeFileSync(join(folder, 'model', 'model.json'), JSON.stringify({ weights }));
  await new Promise<void>((resolve, reject) => {
    const tar = spawn('tar', ['-czf', join(folder, 'model.tar.gz'), '-C', join(folder, 'model'), '.']);
    tar.once('error', reject);
    tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}`))));
  });
  return readFileSync(join(folder, 'model.tar.gz'));
}
