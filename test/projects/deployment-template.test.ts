// The "Model building, training, and deployment" template end to end, as its README tells a user: run the pipeline,
// approve the version (the deployment notebook) → staging serves it and the staging test passes → production approval
// → prod; then, through the project's deploy CLI, a second version to prod, a broken version stopped by the staging
// test, and rejections rolling both endpoints back.
import {
  CreateModelPackageCommand,
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  type DescribeModelPackageCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApprovalDeployment, createProject, Predictor, type Project } from '../../kernel-lib/src/index.js';
import { runNotebook } from '../notebooks/run-notebook.js';
import { abaloneCsv, projectSandbox, runIn, type ProjectSandbox } from './project-harness.js';

describe('a project made from the model building, training, and deployment template', () => {
  let sandbox: ProjectSandbox;
  let project: Project;
  let inputDataUrl: string;
  /** Only reads which version each endpoint serves. */
  let endpoints: ApprovalDeployment;
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-deploy-template-'));

  beforeAll(async () => {
    sandbox = projectSandbox('deploy-template');
    project = await createProject({ name: 'abalone', template: 'model-building-training-and-deployment', dir: sandbox.workspace, session: sandbox.session });
    await sandbox.session.putObject(sandbox.session.defaultBucket, 'datasets/abalone.csv', readFileSync(abaloneCsv));
    inputDataUrl = `s3://${sandbox.session.defaultBucket}/datasets/abalone.csv`;
    endpoints = new ApprovalDeployment({
      modelPackageGroupName: project.modelPackageGroupName,
      stagingEndpoint: 'abalone-staging',
      prodEndpoint: 'abalone-prod',
      session: sandbox.session,
    });
  });
  afterAll(() => {
    sandbox?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  const inProject = (command: string, args: string[]) => runIn(project.repositoryPath, command, args, { SLUICE_HOME: sandbox.home });
  const runPipeline = () =>
    inProject('npm', ['run', '--silent', 'run-pipeline', '--', '-n', 'pipelines.abalone.pipeline', '--kwargs', JSON.stringify({ inputDataUrl })]);
  const deploy = (...args: string[]) => inProject('npm', ['run', '--silent', 'deploy', '--', ...args]);
  const served = async (): Promise<[number | undefined, number | undefined]> => [
    await endpoints.servedVersion('abalone-staging'),
    await endpoints.servedVersion('abalone-prod'),
  ];

  async function version(number: number): Promise<DescribeModelPackageCommandOutput> {
    const client = await sandbox.session.client();
    const listed = (await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: project.modelPackageGroupName }))).ModelPackageSummaryList ?? [];
    const arn = listed.find((summary) => summary.ModelPackageVersion === number)?.ModelPackageArn;
    return client.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
  }

  it('runs its pipeline, registering a version with the inference program it is served by', async () => {
    const run = runPipeline();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const v1 = await version(1);
    expect(v1.ModelApprovalStatus).toBe('PendingManualApproval');
    expect(v1.InferenceSpecification?.Containers?.[0]?.Environment).toMatchObject({ SAGEMAKER_PROGRAM: 'inference.mjs' });
    expect(await served()).toEqual([undefined, undefined]);
  });

  it('the deployment notebook approves it: staging serves it and its test passes; after the production approval, prod serves it', async () => {
    const run = runNotebook(join(project.repositoryPath, 'model-deployment.ipynb'), { SLUICE_HOME: sandbox.home });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.cells.map((cell) => cell.stderr).join('')).toBe('');
    const output = run.cells.map((cell) => cell.stdout).join('');
    expect(output).toContain('abalone-staging: serves version 1\nstaging test of version 1: passed\n');
    expect(output).toMatch(/(predicted \d+\.\d\d rings, measured \d+\n){5}/);
    expect(output).toContain('abalone-prod: serves version 1\nabalone-staging serves v1, abalone-prod serves v1\n');
    expect(await served()).toEqual([1, 1]);
    expect((await version(1)).CustomerMetadataProperties).toEqual({ StagingTest: 'Passed', ProductionApproval: 'Approved' });

    // What prod serves is the model the pipeline evaluated: on the run's test split, the same MSE.
    const extras = await sandbox.session.extras();
    const testSplits = (await extras.listArtifacts(`s3://${sandbox.session.defaultBucket}/`)).filter((uri) => uri.endsWith('/test/test.csv'));
    expect(testSplits).toHaveLength(1);
    const rows = (await extras.getArtifact(testSplits[0]!))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(',').map(Number));
    const evaluation = JSON.parse((await extras.getArtifact((await version(1)).ModelMetrics!.ModelQuality!.Statistics!.S3Uri!)).toString('utf8')) as {
      regression_metrics: { mse: { value: number } };
    };
    const predictions = await new Predictor('abalone-prod', sandbox.session).predict(
      rows.map((row) => row.slice(1)),
      { format: 'json' },
    );
    const mse = rows.reduce((sum, row, i) => sum + (predictions[i]! - row[0]!) ** 2, 0) / rows.length;
    expect(Math.abs(mse - evaluation.regression_metrics.mse.value)).toBeLessThan(1e-9);
  });

  /** Registers a copy of `from` whose model predicts 0 rings for every abalone: its staging test must fail. */
  async function registerBrokenCopy(from: DescribeModelPackageCommandOutput): Promise<void> {
    const extras = await sandbox.session.extras();
    const container = from.InferenceSpecification!.Containers![0]!;
    writeFileSync(join(scratch, 'model.tar.gz'), await extras.getArtifact(container.ModelDataUrl!));
    expect(runIn(scratch, 'tar', ['-xzf', 'model.tar.gz']).status).toBe(0);
    const model = JSON.parse(readFileSync(join(scratch, 'model.json'), 'utf8')) as { forestWeight: number; kernelRidge: { weights: number[] } };
    writeFileSync(
      join(scratch, 'model.json'),
      JSON.stringify({ ...model, forestWeight: 0, kernelRidge: { ...model.kernelRidge, weights: model.kernelRidge.weights.map(() => 0) } }),
    );
    expect(runIn(scratch, 'tar', ['-czf', 'broken.tar.gz', 'model.json']).status).toBe(0);
    const modelData = `s3://${sandbox.session.defaultBucket}/broken/model.tar.gz`;
    await extras.putArtifact(modelData, readFileSync(join(scratch, 'broken.tar.gz')));
    await (
      await sandbox.session.client()
    ).send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: project.modelPackageGroupName,
        InferenceSpecification: { ...from.InferenceSpecification!, Containers: [{ ...container, ModelDataUrl: modelData }] },
        ModelMetrics: from.ModelMetrics,
        MetadataProperties: from.MetadataProperties,
        ModelApprovalStatus: 'PendingManualApproval',
      }),
    );
  }

  it('the deploy CLI: a second version goes to prod, a broken one is stopped by the staging test, rejections roll back', async () => {
    expect(runPipeline().status).toBe(0);
    expect(deploy('--approve', '2')).toMatchObject({ status: 0, stdout: 'abalone-staging: serves version 2 (was 1)\nstaging test of version 2: passed\n' });
    expect(deploy('--approve-production', '2')).toMatchObject({ status: 0, stdout: 'abalone-prod: serves version 2 (was 1)\n' });
    expect(await served()).toEqual([2, 2]);

    await registerBrokenCopy(await version(2));
    const broken = deploy('--approve', '3', '--approve-production', '3');
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(
      /^abalone-staging: serves version 3 \(was 2\)\nstaging test of version 3: failed: staging MSE \d+\.\d{4} on \d+ test rows differs from the evaluation's \d\.\d{4}\n$/,
    );
    expect(await served()).toEqual([3, 2]);

    expect(deploy('--reject', '3', '--comment', 'predicts 0')).toMatchObject({ status: 0, stdout: 'abalone-staging: serves version 2 (was 3)\n' });
    expect(deploy('--reject', '2')).toMatchObject({ status: 0, stdout: 'abalone-staging: serves version 1 (was 2)\nabalone-prod: serves version 1 (was 2)\n' });
    expect(deploy()).toMatchObject({ status: 0, stdout: 'Nothing to do: the endpoints serve what the registry allows\n' });
    expect(await served()).toEqual([1, 1]);
  });
});
