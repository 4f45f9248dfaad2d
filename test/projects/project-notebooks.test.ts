import { DescribeModelPackageCommand, ListModelPackagesCommand, ListPipelineExecutionsCommand, DescribePipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
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

  it('abalone: runs to Succeeded and registers a PendingManualApproval version with its MSE attached, then an Approved one', async () => {
    const run = runNotebook(join(abalone.repositoryPath, 'sagemaker-pipelines-project.ipynb'), { SLUICE_HOME: sandbox.home, ABALONE_INPUT_DATA_URL: inputDataUrl });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.cells.map((cell) => cell.stderr).join('')).toBe('');
    const steps = run.cells.find((cell) => cell.source.includes('execution.listSteps()'))!.stdout;
    for (const step of ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation', 'RegisterAbaloneModel-RegisterModel']) expect(steps).toContain(`${step}: Succeeded`);

    const client = await sandbox.session.client();
    const versions = (await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: abalone.modelPackageGroupName, SortBy: 'CreationTime', SortOrder: 'Ascending' }))).ModelPackageSummaryList ?? [];
    expect(versions.map((v) => v.ModelApprovalStatus)).toEqual(['PendingManualApproval', 'Approved']);
    const first = await client.send(new DescribeModelPackageCommand({ ModelPackageName: versions[0]!.ModelPackageArn }));
    const statistics = first.ModelMetrics?.ModelQuality?.Statistics;
    expect(statistics?.ContentType).toBe('application/json');
    expect(statistics?.S3Uri).toMatch(/\/evaluation\.json$/);
    const report = JSON.parse((await (await sandbox.session.extras()).getArtifact(statistics!.S3Uri!)).toString('utf8')) as { regression_metrics: { mse: { value: number; standard_deviation: number } } };
    expect(report.regression_metrics.mse.value).toBeGreaterThan(2);
    expect(report.regression_metrics.mse.value).toBeLessThan(6);
    expect(report.regression_metrics.mse.standard_deviation).toBeGreaterThan(0);
  });

  it('abalone: with MseThreshold 1.0 the execution is Failed by the Fail step, with its message', async () => {
    const run = runIn(abalone.repositoryPath, 'npm', ['run', 'run-pipeline', '--', '-n', 'pipelines.abalone.pipeline', '--kwargs', JSON.stringify({ inputDataUrl }), '--parameters', '{"MseThreshold": 1.0}'], { SLUICE_HOME: sandbox.home });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/AbaloneMSEFail\tFailed\tMSE above threshold: execution failed due to MSE > 1/);

    const client = await sandbox.session.client();
    const [latest] = (await client.send(new ListPipelineExecutionsCommand({ PipelineName: abalone.pipelineName, SortBy: 'CreationTime', SortOrder: 'Descending' }))).PipelineExecutionSummaries ?? [];
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: latest!.PipelineExecutionArn }));
    expect(described.PipelineExecutionStatus).toBe('Failed');
    expect(described.FailureReason).toContain('MSE above threshold');
  });

  it('empty: runs its one-step pipeline to Succeeded', async () => {
    const project = await createProject({ name: 'byo', template: 'empty', dir: sandbox.workspace, session: sandbox.session });
    const run = runNotebook(join(project.repositoryPath, 'project.ipynb'), { SLUICE_HOME: sandbox.home });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.cells.find((cell) => cell.source.includes('listSteps()'))!.stdout).toContain('ExampleStep: Succeeded');
  });
});
