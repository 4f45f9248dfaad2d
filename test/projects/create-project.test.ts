import {
  DeleteProjectCommand,
  ListPipelineExecutionsCommand,
  DescribeModelPackageGroupCommand,
  DescribeProjectCommand,
  ListModelPackageGroupsCommand,
  ListProjectsCommand,
} from '@aws-sdk/client-sagemaker';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, listProjectTemplates } from '../../kernel-lib/src/index.js';
import { projectSandbox, runIn, type ProjectSandbox } from './project-harness.js';

describe('creating a project from a template', () => {
  let sandbox: ProjectSandbox;
  beforeAll(() => {
    sandbox = projectSandbox('projects');
  });
  afterAll(() => sandbox.close());

  it('lists the templates, each with a name and a description', async () => {
    const templates = await listProjectTemplates(sandbox.session);
    expect(templates.map((t) => t.TemplateId)).toEqual(['classification', 'empty', 'model-building-and-training', 'model-building-training-and-deployment']);
    for (const template of templates) expect(template.Description.length).toBeGreaterThan(20);
  });

  it.each([
    [
      'model-building-and-training',
      'abalone',
      [
        'pipelines/abalone/pipeline.ts',
        'pipelines/abalone/preprocess.ts',
        'pipelines/abalone/train.ts',
        'pipelines/abalone/evaluate.ts',
        'sagemaker-pipelines-project.ipynb',
      ],
    ],
    [
      'model-building-training-and-deployment',
      'shipped',
      [
        'pipelines/abalone/pipeline.ts',
        'pipelines/abalone/inference.ts',
        'deploy/deploy.ts',
        'deploy/staging-test.ts',
        'tests/deploy.test.ts',
        'sagemaker-pipelines-project.ipynb',
        'model-deployment.ipynb',
      ],
    ],
    ['empty', 'byo', ['pipelines/example/pipeline.ts', 'project.ipynb']],
    [
      'classification',
      'churn',
      ['pipelines/churn/pipeline.ts', 'pipelines/churn/prepare.ts', 'pipelines/churn/train.ts', 'pipelines/churn/evaluate.ts', 'classification-project.ipynb'],
    ],
  ])('%s: a git repository of seed code, a model package group, tags, and the seed tests pass', async (template, name, files) => {
    const project = await createProject({ name, template, description: `a ${template} project`, dir: sandbox.workspace, session: sandbox.session });

    expect(project.projectId).toMatch(/^p-[a-z0-9]{12}$/);
    expect(project.status).toBe('CreateCompleted');
    expect(project.repositoryPath).toBe(join(sandbox.workspace, `${name}-modelbuild`));
    for (const file of [
      ...files,
      'README.md',
      'sluice-project.json',
      'tests/pipelines.test.ts',
      'pipelines/run-pipeline.ts',
      'pipelines/get-pipeline-definition.ts',
    ]) {
      expect(existsSync(join(project.repositoryPath, file))).toBe(true);
    }
    expect(existsSync(join(project.repositoryPath, 'template.json'))).toBe(false);
    expect(readFileSync(join(project.repositoryPath, '.gitignore'), 'utf8')).toContain('.build/');
    const settings = JSON.parse(readFileSync(join(project.repositoryPath, 'sluice-project.json'), 'utf8')) as Record<string, string>;
    expect(settings).toMatchObject({ ProjectName: name, ProjectId: project.projectId, ModelPackageGroupName: `${name}-${project.projectId}` });
    const log = runIn(project.repositoryPath, 'git', ['log', '--format=%s', 'main']);
    expect(log.stdout.trim()).toBe('Initial commit made by Sluice during project creation');
    expect(runIn(project.repositoryPath, 'git', ['status', '--porcelain']).stdout).toBe('');

    const client = await sandbox.session.client();
    const described = await client.send(new DescribeProjectCommand({ ProjectName: name }));
    expect(described).toMatchObject({
      ProjectId: project.projectId,
      ProjectStatus: 'CreateCompleted',
      ProjectDescription: `a ${template} project`,
      ServiceCatalogProvisioningDetails: { ProductId: template },
    });
    const group = await client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: project.modelPackageGroupName }));
    expect(group.ModelPackageGroupName).toBe(`${name}-${project.projectId}`);
    const local = (await (await sandbox.session.extras()).call('DescribeProject', { ProjectName: name })).SluiceLocal;
    expect(local.LastCommits.map((commit) => commit.Subject)).toEqual(['Initial commit made by Sluice during project creation']);
    const tags = local.Tags;
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: 'sagemaker:project-name', Value: name },
        { Key: 'sagemaker:project-id', Value: project.projectId },
      ]),
    );

    // The seed's own tests, run the way its README says.
    const tests = runIn(project.repositoryPath, 'npm', ['test']);
    expect(tests.stdout).toMatch(/# fail 0/);
    expect(tests.status).toBe(0);
  });

  it('lists the projects, and DeleteProject forgets one but leaves its repository', async () => {
    const client = await sandbox.session.client();
    const listed = await client.send(new ListProjectsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(listed.ProjectSummaryList?.map((p) => [p.ProjectName, p.ProjectStatus])).toEqual([
      ['abalone', 'CreateCompleted'],
      ['byo', 'CreateCompleted'],
      ['churn', 'CreateCompleted'],
      ['shipped', 'CreateCompleted'],
    ]);
    const gone = await createProject({ name: 'short-lived', template: 'empty', dir: sandbox.workspace, session: sandbox.session });
    await client.send(new DeleteProjectCommand({ ProjectName: 'short-lived' }));
    await expect(client.send(new DescribeProjectCommand({ ProjectName: 'short-lived' }))).rejects.toThrow('Project short-lived does not exist');
    expect(existsSync(gone.repositoryPath)).toBe(true);
  });

  it('installs a post-commit hook that runs the pipeline after a commit on main, only when asked', async () => {
    const project = await createProject({ name: 'hooked', template: 'empty', dir: sandbox.workspace, session: sandbox.session, runPipelineOnCommit: true });
    const hook = readFileSync(join(project.repositoryPath, '.git', 'hooks', 'post-commit'), 'utf8');
    expect(hook).toContain('[ "$(git rev-parse --abbrev-ref HEAD)" = "main" ] || exit 0');
    expect(hook).toContain('node scripts/ts.mjs pipelines/run-pipeline.ts --module-name pipelines.example.pipeline');
    expect(existsSync(join(sandbox.workspace, 'byo-modelbuild', '.git', 'hooks', 'post-commit'))).toBe(false);

    // A commit on main runs the pipeline in the background, in the service of the committer's SLUICE_HOME.
    expect(runIn(project.repositoryPath, 'git', ['commit', '--allow-empty', '-m', 'retrain'], { SLUICE_HOME: sandbox.home }).status).toBe(0);
    const log = join(project.repositoryPath, '.git', 'sluice-run-on-commit.log');
    const deadline = Date.now() + 90000;
    while (!(existsSync(log) && readFileSync(log, 'utf8').includes('ExampleStep\tSucceeded')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 500));
    expect(readFileSync(log, 'utf8')).toContain('ExampleStep\tSucceeded');
    const client = await sandbox.session.client();
    const executions = await client.send(new ListPipelineExecutionsCommand({ PipelineName: project.pipelineName }));
    expect(executions.PipelineExecutionSummaries?.map((e) => e.PipelineExecutionStatus)).toEqual(['Succeeded']);
  });

  describe('refuses, with a clear message and nothing left behind,', () => {
    it.each([
      ['an invalid name', 'bad_name!', 'empty', "Project name 'bad_name!' is invalid: use 1 to 32 letters, digits and hyphens"],
      ['a name that is too long', 'x'.repeat(33), 'empty', 'is invalid'],
      ['a taken name', 'abalone', 'empty', 'Project abalone already exists'],
      ['a name with /', 'a/b', 'empty', "Project name 'a/b' would escape the workspace: it may not contain '/', '\\' or '..'"],
      ['a name with ..', '..', 'empty', "Project name '..' would escape the workspace"],
      ['a name that climbs out of the workspace', '../up', 'empty', "Project name '../up' would escape the workspace"],
      ['a name with \\', 'a\\b', 'empty', "Project name 'a\\b' would escape the workspace"],
      ['an empty name', '', 'empty', "Value '' at 'projectName' failed to satisfy constraint: Member must have length greater than or equal to 1"],
      ['a name that ends with a hyphen', 'name-', 'empty', "Project name 'name-' is invalid"],
      [
        'an unknown template',
        'fine-name',
        'no-such-template',
        "Unknown template 'no-such-template'. Templates: classification, empty, model-building-and-training, model-building-training-and-deployment",
      ],
    ])('%s', async (_case, name, template, message) => {
      const client = await sandbox.session.client();
      const before = {
        entries: sandbox.entries().sort(),
        projects: (await client.send(new ListProjectsCommand({}))).ProjectSummaryList?.length,
        groups: (await client.send(new ListModelPackageGroupsCommand({}))).ModelPackageGroupSummaryList?.length,
      };
      await expect(createProject({ name, template, dir: sandbox.workspace, session: sandbox.session })).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining(message),
      });
      expect(sandbox.entries().sort()).toEqual(before.entries);
      expect((await client.send(new ListProjectsCommand({}))).ProjectSummaryList?.length).toBe(before.projects);
      expect((await client.send(new ListModelPackageGroupsCommand({}))).ModelPackageGroupSummaryList?.length).toBe(before.groups);
    });

    it('a workspace outside the repository, where notebooks cannot import sluice', async () => {
      await expect(createProject({ name: 'outside', template: 'empty', dir: '/tmp/sluice-outside-workspace', session: sandbox.session })).rejects.toThrow(
        'Workspace /tmp/sluice-outside-workspace is outside the repository',
      );
      expect(existsSync('/tmp/sluice-outside-workspace')).toBe(false);
    });
  });
});
