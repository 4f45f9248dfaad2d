import {
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  ListPipelineExecutionsCommand,
  ListPipelineExecutionStepsCommand,
  DescribePipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, type Project } from '../../kernel-lib/src/index.js';
import { runNotebook } from '../notebooks/run-notebook.js';
import { abaloneCsv, projectSandbox, runIn, type ProjectSandbox } from './project-harness.js';

describe('the notebook of a project made from a template', () => {
  let sandbox: ProjectSandbox;
  let abalone: Project;
  /** The shared copy of the data, uploaded to this SLUICE_HOME: the UCI default is never fetched here. */
  let inputDataUrl: string;
  beforeAll(async () => {
    sandbox = projectSandbox('project-notebooks');
    abalone = await createProject({ name: 'abalone', template: 'model-building-and-training', dir: sandbox.workspace, session: sandbox.session });
    await sandbox.session.putObject(sandbox.session.defaultBucket, 'datasets/abalone.csv', readFileSync(abaloneCsv));
    inputDataUrl = `s3://${sandbox.session.defaultBucket}/datasets/abalone.csv`;
  });
  afterAll(() => sandbox.close());

  /** The versions of a group, oldest first, have these statuses; the first one's evaluation.json, as registered. */
  async function firstVersionReport<T>(group: string, statuses: string[]): Promise<T> {
    const client = await sandbox.session.client();
    const versions =
      (await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: group, SortBy: 'CreationTime', SortOrder: 'Ascending' })))
        .ModelPackageSummaryList ?? [];
    expect(versions.map((v) => v.ModelApprovalStatus)).toEqual(statuses);
    const first = await client.send(new DescribeModelPackageCommand({ ModelPackageName: versions[0]!.ModelPackageArn }));
    const statistics = first.ModelMetrics?.ModelQuality?.Statistics;
    expect(statistics?.ContentType).toBe('application/json');
    expect(statistics?.S3Uri).toMatch(/\/evaluation\.json$/);
    return JSON.parse((await (await sandbox.session.extras()).getArtifact(statistics!.S3Uri!)).toString('utf8')) as T;
  }

  it('abalone: runs to Succeeded and registers a PendingManualApproval version with its MSE attached, then an Approved one', async () => {
    const run = runNotebook(join(abalone.repositoryPath, 'sagemaker-pipelines-project.ipynb'), {
      SLUICE_HOME: sandbox.home,
      ABALONE_INPUT_DATA_URL: inputDataUrl,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.cells.map((cell) => cell.stderr).join('')).toBe('');
    const steps = run.cells.find((cell) => cell.source.includes('execution.listSteps()'))!.stdout;
    for (const step of [
      'PreprocessAbaloneData',
      'TrainAbaloneModel',
      'EvaluateAbaloneModel',
      'CheckMSEAbaloneEvaluation',
      'RegisterAbaloneModel-RegisterModel',
    ])
      expect(steps).toContain(`${step}: Succeeded`);

    const report = await firstVersionReport<{ regression_metrics: { mse: { value: number; standard_deviation: number } } }>(abalone.modelPackageGroupName, [
      'PendingManualApproval',
      'Approved',
    ]);
    expect(report.regression_metrics.mse.value).toBeGreaterThan(2);
    expect(report.regression_metrics.mse.value).toBeLessThan(6);
    expect(report.regression_metrics.mse.standard_deviation).toBeGreaterThan(0);
  });

  it('abalone: with MseThreshold 1.0 the execution is Failed by the Fail step, with its message', async () => {
    const run = runIn(
      abalone.repositoryPath,
      'npm',
      ['run', 'run-pipeline', '--', '-n', 'pipelines.abalone.pipeline', '--kwargs', JSON.stringify({ inputDataUrl }), '--parameters', '{"MseThreshold": 1.0}'],
      { SLUICE_HOME: sandbox.home },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/AbaloneMSEFail\tFailed\tMSE above threshold: execution failed due to MSE > 1/);

    const client = await sandbox.session.client();
    const [latest] =
      (await client.send(new ListPipelineExecutionsCommand({ PipelineName: abalone.pipelineName, SortBy: 'CreationTime', SortOrder: 'Descending' })))
        .PipelineExecutionSummaries ?? [];
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: latest!.PipelineExecutionArn }));
    expect(described.PipelineExecutionStatus).toBe('Failed');
    expect(described.FailureReason).toContain('MSE above threshold');
  });

  it('classification: tunes over the grid, runs to Succeeded and registers the best model with its accuracy attached, then an Approved one', async () => {
    const project = await createProject({ name: 'churn', template: 'classification', dir: sandbox.workspace, session: sandbox.session });
    const run = runNotebook(join(project.repositoryPath, 'classification-project.ipynb'), { SLUICE_HOME: sandbox.home });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.cells.map((cell) => cell.stderr).join('')).toBe('');
    const steps = run.cells.find((cell) => cell.source.includes('execution.listSteps()'))!.stdout;
    for (const step of ['PrepareChurnData', 'TuneChurnModel', 'EvaluateChurnModel', 'CheckAccuracyChurnEvaluation', 'RegisterChurnModel-RegisterModel'])
      expect(steps).toContain(`${step}: Succeeded`);
    // The grid: 6 trials, best first, each with its own degree and l2.
    const trials = run.cells
      .find((cell) => cell.source.includes('ListTrainingJobsForHyperParameterTuningJobCommand'))!
      .stdout.trim()
      .split('\n');
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((line) => line.split(':')[0])).size).toBe(6);
    const aucs = trials.map((line) => Number(line.split('validation:auc ')[1]));
    expect(aucs).toEqual([...aucs].sort((a, b) => b - a));

    const report = await firstVersionReport<{
      binary_classification_metrics: { accuracy: { value: number; standard_deviation: number }; auc: { value: number } };
    }>(project.modelPackageGroupName, ['PendingManualApproval', 'Approved']);
    expect(report.binary_classification_metrics.accuracy.value).toBeGreaterThanOrEqual(0.8);
    expect(report.binary_classification_metrics.accuracy.standard_deviation).toBeGreaterThan(0);
    expect(report.binary_classification_metrics.auc.value).toBeGreaterThan(0.8);
  });

  it('classification: with AccuracyThreshold 0.99 the execution is Failed by the Fail step, the tuning taken from the cache', async () => {
    const run = runIn(
      join(sandbox.workspace, 'churn-modelbuild'),
      'npm',
      ['run', 'run-pipeline', '--', '-n', 'pipelines.churn.pipeline', '--parameters', '{"AccuracyThreshold": 0.99}'],
      { SLUICE_HOME: sandbox.home },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/TuneChurnModel\tSucceeded/);
    expect(run.stdout).toMatch(/ChurnAccuracyFail\tFailed\tAccuracy below threshold: execution failed due to accuracy < 0\.99/);

    const client = await sandbox.session.client();
    const settings = JSON.parse(readFileSync(join(sandbox.workspace, 'churn-modelbuild', 'sluice-project.json'), 'utf8')) as { PipelineName: string };
    const [latest] =
      (await client.send(new ListPipelineExecutionsCommand({ PipelineName: settings.PipelineName, SortBy: 'CreationTime', SortOrder: 'Descending' })))
        .PipelineExecutionSummaries ?? [];
    const steps =
      (await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: latest!.PipelineExecutionArn }))).PipelineExecutionSteps ?? [];
    expect(steps.find((step) => step.StepName === 'TuneChurnModel')?.CacheHitResult?.SourcePipelineExecutionArn).toMatch(/\/execution\//);
  });

  it('empty: runs its one-step pipeline to Succeeded', async () => {
    const project = await createProject({ name: 'byo', template: 'empty', dir: sandbox.workspace, session: sandbox.session });
    const run = runNotebook(join(project.repositoryPath, 'project.ipynb'), { SLUICE_HOME: sandbox.home });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.cells.find((cell) => cell.source.includes('listSteps()'))!.stdout).toContain('ExampleStep: Succeeded');
  });
});
