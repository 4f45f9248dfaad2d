// The panel's models for projects, model versions, comparisons and filtered execution lists, against a real
// in-process service: what they show is what the service answers.
import { CreateModelPackageCommand, CreateModelPackageGroupCommand, CreatePipelineCommand } from '@aws-sdk/client-sagemaker';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePipelineDocument } from '../../kernel-lib/src/definition/pipeline-document.js';
import { ConditionEquals, ConditionStep, FailStep, ParameterString, Pipeline } from '../../kernel-lib/src/index.js';
import type { ServiceClient } from '../../labextension/src/api/operations.js';
import { notifyingClient } from '../../labextension/src/api/request.js';
import { CompareModel } from '../../labextension/src/model/compare-model.js';
import { CreateProjectModel } from '../../labextension/src/model/create-project-model.js';
import { ModelVersionModel } from '../../labextension/src/model/model-version-model.js';
import { PipelineModel } from '../../labextension/src/model/pipeline-model.js';
import { saveForDesigner, type DesignerFiles } from '../../labextension/src/model/designer-download.js';
import { createProject, listProjectTemplates, parseTags, ProjectModel } from '../../labextension/src/model/project-model.js';
import { versionLabel } from '../../labextension/src/model/endpoints.js';
import { formatDuration } from '../../labextension/src/model/time.js';
import { makeTestWorkspace } from '../harness/workspace.js';
import { createPipeline, extrasClient, role, startExecution, waitForExecution } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { signedClient } from './signed-client.js';
import { track } from './track-models.js';

describe('panel models against a real service', () => {
  let test: TestService;
  let client: ServiceClient;
  const arns: Record<string, string> = {};
  let workspace: string;

  beforeAll(async () => {
    test = await startTestService();
    client = signedClient(test.service);
    workspace = makeTestWorkspace('panel-models');
    const mode = new ParameterString({ name: 'Mode', defaultValue: 'pass' });
    const gate = new ConditionStep({
      name: 'Gate',
      conditions: [new ConditionEquals({ left: mode, right: 'fail' })],
      ifSteps: [new FailStep({ name: 'Refuse', errorMessage: 'asked to fail' })],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Gate', parameters: [mode], steps: [gate] }));
    for (const [label, value] of [
      ['passed', 'pass'],
      ['failed', 'fail'],
    ] as const) {
      arns[label] = await startExecution(test.client, 'Gate', { Mode: value });
      await waitForExecution(test.client, arns[label]);
    }
  });
  afterAll(async () => {
    await test?.stop();
    if (workspace) rmSync(workspace, { recursive: true, force: true });
  });

  it("filters a pipeline's executions by status and by parameter value, one request a page", async () => {
    const model = track(new PipelineModel(client, 'Gate'));
    await model.reload();
    expect(model.executions.map((execution) => execution.PipelineExecutionArn)).toEqual([arns.failed, arns.passed]);
    expect(model.valuesOf(arns.failed)).toEqual({ Mode: 'fail' });
    await model.setFilters({ status: 'Succeeded' });
    expect(model.executions.map((execution) => execution.PipelineExecutionArn)).toEqual([arns.passed]);
    await model.setFilters({ parameter: { name: 'Mode', value: 'fail' } });
    expect(model.executions.map((execution) => execution.PipelineExecutionArn)).toEqual([arns.failed]);
    // A day range that ends before today holds nothing.
    await model.setFilters({ to: '2001-01-01' });
    expect(model.executions).toEqual([]);
    await model.setFilters({ from: new Date().toISOString().slice(0, 10) });
    expect(model.executions).toHaveLength(2);
  });

  it('Open in designer: the definition the service holds, saved as <name>.pipeline.json without overwriting another file', async () => {
    const model = track(new PipelineModel(client, 'Gate'));
    expect(model.designerDocument).toBeUndefined();
    await model.reload();
    const document = model.designerDocument!;
    expect(document).toEqual({ fileName: 'Gate.pipeline.json', text: model.description?.PipelineDefinition });
    expect(parsePipelineDocument(document.text).definition.Steps).toEqual([expect.objectContaining({ Name: 'Gate', Type: 'Condition' })]);
    // The workspace as JupyterLab's contents API sees it: files under the server's root.
    const root = join(workspace, 'designer');
    mkdirSync(root);
    const files: DesignerFiles = {
      read: async (path) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined),
      write: async (path, text) => writeFileSync(join(root, path), text),
    };
    expect(await saveForDesigner(document, files)).toBe('Gate.pipeline.json');
    expect(readFileSync(join(root, 'Gate.pipeline.json'), 'utf8')).toBe(document.text);
    expect(await saveForDesigner(document, files)).toBe('Gate.pipeline.json');
    // Edited in the designer since: a second download goes beside it.
    writeFileSync(join(root, 'Gate.pipeline.json'), document.text.replace('"Metadata": {}', '"Metadata": {"sluice:layout": {}}'));
    expect(await saveForDesigner(document, files)).toBe('Gate-2.pipeline.json');
    expect(readFileSync(join(root, 'Gate-2.pipeline.json'), 'utf8')).toBe(document.text);
  });

  it('tells the sidebar about changes (a start), not about reads', async () => {
    const changes: string[] = [];
    const model = track(
      new PipelineModel(
        notifyingClient(client, (operation) => changes.push(operation)),
        'Gate',
      ),
    );
    await model.reload();
    expect(changes).toEqual([]);
    const arn = await model.start({ parameters: [] });
    expect(changes).toEqual(['SageMaker.StartPipelineExecution']);
    await waitForExecution(test.client, arn);
  });

  it("compares two executions: the differing parameter, each step's state", async () => {
    const model = track(new CompareModel(client, 'Gate', [arns.passed, arns.failed]));
    await model.reload();
    expect(model.parameterRows).toEqual([{ name: 'Mode', values: ['pass', 'fail'], differs: true }]);
    expect(model.stepNames).toEqual(['Gate', 'Refuse']);
    expect(model.executions.map((execution) => [execution.status, execution.steps.Gate?.state, execution.steps.Refuse?.state])).toEqual([
      ['Succeeded', 'succeeded', undefined],
      ['Failed', 'succeeded', 'failed'],
    ]);
    expect(() => new CompareModel(client, 'Gate', [arns.passed])).toThrow('two or more');
  });

  it("shows a version's metrics from its report and every approval change as activity", async () => {
    await extrasClient(test.service).putArtifact(
      's3://reports/evaluation.json',
      JSON.stringify({ regression_metrics: { mse: { value: 4.5, standard_deviation: 0.25 } } }),
    );
    await test.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Reviewed' }));
    const { ModelPackageArn } = await test.client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'Reviewed',
        InferenceSpecification: {
          Containers: [{ Image: 'node', ModelDataUrl: 's3://models/model.tar.gz' }],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
        ModelMetrics: {
          ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://reports/evaluation.json' } },
          Bias: { Report: { ContentType: 'application/json', S3Uri: 's3://reports/missing.json' } },
        },
      }),
    );
    const model = track(new ModelVersionModel(client, ModelPackageArn!));
    await model.reload();
    expect(model.title).toBe('Reviewed v1');
    expect(model.metrics).toEqual([
      { report: 'ModelQuality.Statistics', name: 'regression_metrics.mse.value', value: 4.5 },
      { report: 'ModelQuality.Statistics', name: 'regression_metrics.mse.standard_deviation', value: 0.25 },
    ]);
    expect(model.metricProblems).toEqual([expect.stringContaining('s3://reports/missing.json')]);
    expect(model.lineage).toBeUndefined();
    await expect(model.updateStatus('Rejected', ' ')).rejects.toThrow('Say why');
    await model.updateStatus('Rejected', 'MSE too high');
    await model.updateStatus('Approved', 'retrained');
    expect(model.description?.ModelApprovalStatus).toBe('Approved');
    expect(model.activity.map((event) => [event.Event, event.From, event.To, event.Comment])).toEqual([
      ['Registered', undefined, 'PendingManualApproval', undefined],
      ['ApprovalStatusChanged', 'PendingManualApproval', 'Rejected', 'MSE too high'],
      ['ApprovalStatusChanged', 'Rejected', 'Approved', 'retrained'],
    ]);
  });

  it("offers Create project's templates, starting on model building and training", async () => {
    const model = track(new CreateProjectModel(client, workspace));
    expect(model.templates).toBeUndefined();
    await model.reload();
    expect(model.templates?.map((template) => template.TemplateId)).toEqual(expect.arrayContaining(['model-building-and-training', 'empty']));
    expect(model.preselected?.TemplateId).toBe('model-building-and-training');
  });

  it('creates a project from a template and shows its repository, then the pipeline its seed code makes', async () => {
    const templates = await listProjectTemplates(client);
    expect(templates.map((template) => template.TemplateId)).toEqual(expect.arrayContaining(['model-building-and-training', 'empty']));
    const created = await createProject(client, {
      name: 'demo',
      description: 'a demo',
      templateId: 'empty',
      tags: [{ Key: 'team', Value: 'ml' }],
      runPipelineOnCommit: false,
      workspaceDir: workspace,
    });
    const model = track(new ProjectModel(client, 'demo'));
    await model.reload();
    expect(model.description?.SluiceLocal).toMatchObject({
      RepositoryPath: `${workspace}/demo-modelbuild`,
      RepositoryExists: true,
      Tags: expect.arrayContaining([{ Key: 'team', Value: 'ml' }]),
    });
    expect(model.description?.SluiceLocal.LastCommits).toHaveLength(1);
    expect(model.pipelines).toEqual([]);
    expect(model.modelVersions).toEqual([]);
    const resourceName = created.SluiceLocal.PipelineName;
    await test.client.send(
      new CreatePipelineCommand({
        PipelineName: resourceName,
        PipelineDefinition: new Pipeline({ name: resourceName, steps: [new FailStep({ name: 'Nothing' })] }).definition(),
        RoleArn: role,
        ClientRequestToken: 'demo-pipeline',
      }),
    );
    await model.reload();
    expect(model.pipelines.map((pipeline) => pipeline.PipelineName)).toEqual([resourceName]);
    await expect(
      createProject(client, { name: 'demo', description: '', templateId: 'empty', tags: [], runPipelineOnCommit: false, workspaceDir: workspace }),
    ).rejects.toMatchObject({
      type: 'ValidationException',
      message: expect.stringContaining('demo already exists'),
    });
  });
});

describe('what the panel reads from a user', () => {
  it('reads tags as key=value lines and names the line that is not', () => {
    expect(parseTags('team=ml\n\n cost = 12 \n')).toEqual({
      tags: [
        { Key: 'team', Value: 'ml' },
        { Key: 'cost', Value: '12' },
      ],
    });
    expect(parseTags('team=ml\nnonsense').problem).toBe('Tag line 2 is not key=value: “nonsense”');
  });

  it('names a served version by its group and number', () => {
    expect(versionLabel('arn:aws:sagemaker:us-east-1:000000000000:model-package/abalonepackagegroup/12')).toBe('abalonepackagegroup v12');
    expect(versionLabel('arn:aws:sagemaker:us-east-1:000000000000:model-package/unversioned')).toBe('unversioned');
  });

  it('gives durations under ten seconds in tenths, longer ones in whole units', () => {
    expect(formatDuration(100, 100.44)).toBe('0.4s');
    expect(formatDuration(100, 175)).toBe('1m 15s');
    expect(formatDuration(0, 7260)).toBe('2h 1m');
  });
});
