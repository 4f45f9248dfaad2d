/**
 * Projects: SageMaker's CreateProject / DescribeProject / ListProjects / DeleteProject, where the template is
 * named by ServiceCatalogProvisioningDetails.ProductId (a template's id) and the "provisioned product" is a
 * seed repository on this machine. `SluiceLocal.CreateProject` takes three extras (WorkspaceDir,
 * RunPipelineOnCommit, InputDataSource) and answers with the whole description; `SluiceLocal.ListProjectTemplates`
 * lists templates.
 */
import type { CreateProjectOutput, DescribeProjectOutput, ListProjectsOutput, ProjectStatus, ProjectSummary } from '@aws-sdk/client-sagemaker';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputDataSourceError, planInputData, provideInputData, type InputDataPlan } from '../../projects/input-data.js';
import { projectNameProblem, projectResourceName, repositoryFolderName } from '../../projects/names.js';
import { defaultWorkspace, resolvesSluice } from '../../projects/paths.js';
import { initRepository, installRunOnCommitHook, lastCommits, settingsFileName, writeSeed } from '../../projects/repository.js';
import { findTemplate, listTemplates, type ProjectTemplate } from '../../projects/templates.js';
import type { ProjectRecord } from '../../store/index.js';
import { modelPackageGroupArn, type ArnScope } from '../arns.js';
import { defaultBucketName } from '../client-environment.js';
import type { OperationContext } from '../context.js';
import { AwsError, validationError } from '../errors.js';
import { optionalBoolean, optionalEnum, optionalObject, optionalString, optionalTags, requiredString, type RequestBody, type Tag } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import type { LocalProjectDescription, Output } from '../protocol.js';
import { listQuery, orUndefined, toDate } from './shared.js';
import { keepTags, tagList } from './tags.js';

const projectArn = (scope: ArnScope, name: string): string => `arn:aws:sagemaker:${scope.region}:${scope.account}:project/${name.toLowerCase()}`;
/** `p-` and 12 lowercase alphanumerics, as SageMaker's ids look. */
const newProjectId = (): string => `p-${[...randomBytes(12)].map((byte) => 'abcdefghijklmnopqrstuvwxyz0123456789'[byte % 36]).join('')}`;

/** SageMaker.CreateProject. */
export async function createProject(body: RequestBody, context: OperationContext): Promise<CreateProjectOutput> {
  const project = await makeProject(body, context);
  return { ProjectArn: project.arn, ProjectId: project.id };
}

/** SluiceLocal.CreateProject: the same, with WorkspaceDir, RunPipelineOnCommit and InputDataSource, answering with the description. */
export async function createLocalProject(body: RequestBody, context: OperationContext): Promise<LocalProjectDescription> {
  return describe(await makeProject(body, context), context);
}

async function makeProject(body: RequestBody, context: OperationContext): Promise<ProjectRecord> {
  // The name is read without a pattern first, so '../x' gets the message that says why, not a regex.
  const name = requiredString(body, 'ProjectName', { min: 1, max: 255 });
  const problem = projectNameProblem(name);
  if (problem !== undefined) throw validationError(problem);
  const description = optionalString(body, 'ProjectDescription', { max: 1024 });
  const templateId = optionalString(optionalObject(body, 'ServiceCatalogProvisioningDetails') ?? {}, 'ProductId', { min: 1, max: 100 });
  if (templateId === undefined) throw validationError('Name the template as ServiceCatalogProvisioningDetails.ProductId');
  const template = findTemplate(templateId);
  if (template === undefined) {
    throw validationError(
      `Unknown template '${templateId}'. Templates: ${listTemplates()
        .map((t) => t.id)
        .join(', ')}`,
    );
  }
  const workspace = resolve(optionalString(body, 'WorkspaceDir', { min: 1, max: 4096 }) ?? defaultWorkspace());
  if (!resolvesSluice(workspace)) {
    throw validationError(`Workspace ${workspace} is outside the repository: notebooks there cannot import sluice. Pick a folder inside it`);
  }
  if (context.store.projects.byName(name) !== undefined) throw validationError(`Project ${name} already exists`);
  const repository = join(workspace, repositoryFolderName(name));
  if (existsSync(repository)) throw validationError(`Folder ${repository} already exists; pick another project name or move that folder`);
  const inputData = inputDataPlan(optionalString(body, 'InputDataSource', { max: 4096 }), template, workspace, context);

  const id = newProjectId();
  const resourceName = projectResourceName(name, id);
  const tags: Tag[] = [...(optionalTags(body) ?? []), { Key: 'sagemaker:project-name', Value: name }, { Key: 'sagemaker:project-id', Value: id }];
  const now = context.now();
  const record = context.store.projects.create({
    id,
    name,
    arn: projectArn(context.scope, name),
    description: description ?? null,
    status: 'Pending',
    templateId: template.id,
    repositoryPath: repository,
    modelPackageGroupName: resourceName,
    createdAt: now,
    modifiedAt: now,
  });
  if (record === undefined) throw validationError(`Project ${name} already exists`);
  keepTags(context, record.arn, tags);

  // From here on, a failure undoes everything made so far: no half-made project stays behind.
  const madeWorkspace = !existsSync(workspace);
  let madeGroup = false;
  try {
    mkdirSync(workspace, { recursive: true });
    // The pipeline reads it from the local S3 (or the URL given), as the parameter's default: nothing is downloaded.
    const inputDataUrl = inputData && provideInputData(inputData, context.engine.artifacts, defaultBucketName(context.scope.region), `${resourceName}/data`);
    writeSeed(template, repository, {
      ProjectName: name,
      ProjectId: id,
      TemplateId: template.id,
      PipelineName: resourceName,
      ModelPackageGroupName: resourceName,
      ...(inputDataUrl === undefined ? {} : { InputDataUrl: inputDataUrl }),
    });
    await initRepository(repository);
    if (optionalBoolean(body, 'RunPipelineOnCommit') === true) {
      if (template.runOnCommit === undefined) throw validationError(`Template ${template.id} has no pipeline to run on commit`);
      installRunOnCommitHook(repository, template.runOnCommit);
    }
    const group = context.store.modelRegistry.createGroup({
      name: resourceName,
      arn: modelPackageGroupArn(context.scope, resourceName),
      description: `Models of project ${name}`,
      createdAt: context.now(),
    });
    if (group === undefined) throw validationError(`Model Package Group ${resourceName} already exists`);
    keepTags(context, group.arn, tags);
    madeGroup = true;
    context.store.projects.setStatus(id, 'CreateCompleted', context.now());
  } catch (error) {
    if (madeGroup) context.store.modelRegistry.deleteGroup(resourceName);
    rmSync(repository, { recursive: true, force: true });
    if (madeWorkspace) rmSync(workspace, { recursive: true, force: true });
    context.store.projects.delete(id);
    if (error instanceof AwsError) throw error;
    // A tool that failed (git, the disk) is reported with its own words, not as an unknown error.
    throw new AwsError(
      'InternalFailure',
      `Creating project ${name} failed and nothing of it was kept: ${error instanceof Error ? error.message : String(error)}`,
      500,
    );
  }
  return context.store.projects.byId(id)!;
}

/** The template's data, from where the user said; refused, naming the problem, before anything is made. */
function inputDataPlan(source: string | undefined, template: ProjectTemplate, workspace: string, context: OperationContext): InputDataPlan | undefined {
  if (source === undefined || source.trim() === '') return undefined;
  if (template.inputData === undefined) throw validationError(`Template ${template.id} downloads no data: InputDataSource is only for templates that do`);
  try {
    return planInputData(source, workspace, context.engine.artifacts);
  } catch (error) {
    if (error instanceof InputDataSourceError) throw validationError(error.message);
    throw error;
  }
}

/** SageMaker.DescribeProject: only what SageMaker's model has (boto3 drops the rest anyway). */
export async function describeProject(body: RequestBody, context: OperationContext): Promise<DescribeProjectOutput> {
  const { SluiceLocal: _local, ...described } = await describe(requireProject(body, context), context);
  return described;
}

/** SluiceLocal.DescribeProject: the same, with where the seed repository is and what it names. */
export function describeLocalProject(body: RequestBody, context: OperationContext): Promise<LocalProjectDescription> {
  return describe(requireProject(body, context), context);
}

/** Deletes the record only: the seed repository is the user's code and the model group holds their models. */
export function deleteProject(body: RequestBody, context: OperationContext): Record<string, never> {
  context.store.projects.delete(requireProject(body, context).id);
  return {};
}

/** ListProjects' ProjectType filter (newer models have it): SageMaker's project types. */
const projectTypes = ['CLASSIC', 'STANDARD'] as const;

export function listProjects(body: RequestBody, context: OperationContext): ListProjectsOutput {
  // Projects here have no project type, which SageMaker lists under CLASSIC: STANDARD lists none.
  const standardOnly = optionalEnum(body, 'ProjectType', projectTypes) === 'STANDARD';
  const window = pageWindow(body, 50);
  const rows = standardOnly ? [] : context.store.projects.list(listQuery(body, window, 32));
  const page = pageOf(rows, window);
  return { ProjectSummaryList: page.items.map(summary), NextToken: page.nextToken };
}

/** SluiceLocal.ListProjectTemplates: what the Create project dialog shows as cards. */
export function listProjectTemplates(): Output<'SluiceLocal.ListProjectTemplates'> {
  return {
    Templates: listTemplates().map((t) => ({
      TemplateId: t.id,
      Name: t.name,
      Description: t.description,
      RunsPipelineOnCommit: t.runOnCommit !== undefined,
      Preselected: t.preselected,
      ...(t.inputData === undefined ? {} : { InputData: { Parameter: t.inputData.parameter, Downloads: t.inputData.downloads } }),
    })),
  };
}

function requireProject(body: RequestBody, context: OperationContext): ProjectRecord {
  const name = requiredString(body, 'ProjectName', { min: 1, max: 255 });
  const project = context.store.projects.byName(name);
  if (project === undefined) throw validationError(`Project ${name} does not exist`);
  return project;
}

function summary(project: ProjectRecord): ProjectSummary {
  return {
    ProjectName: project.name,
    ProjectDescription: orUndefined(project.description),
    ProjectArn: project.arn,
    ProjectId: project.id,
    CreationTime: toDate(project.createdAt),
    ProjectStatus: project.status as ProjectStatus,
  };
}

/** SageMaker's description plus `SluiceLocal`: where the repository is, its last commits, what the seed code names. */
async function describe(project: ProjectRecord, context: OperationContext): Promise<LocalProjectDescription> {
  // The folder is the user's: it may have been moved or deleted since, which is not an error here.
  const commits = existsSync(join(project.repositoryPath, '.git')) ? await lastCommits(project.repositoryPath).catch(() => []) : [];
  const { ProjectArn, ProjectName, ProjectId, ProjectStatus: status, CreationTime, ProjectDescription } = summary(project);
  // What to open first: the template's notebook and README, when they are still in the repository.
  const notebookName = findTemplate(project.templateId)?.notebook;
  const present = (file: string | undefined): string | undefined =>
    file !== undefined && existsSync(join(project.repositoryPath, file)) ? join(project.repositoryPath, file) : undefined;
  return {
    ProjectArn: ProjectArn!,
    ProjectName: ProjectName!,
    ProjectId: ProjectId!,
    ProjectDescription,
    ProjectStatus: status!,
    CreationTime: CreationTime!,
    LastModifiedTime: toDate(project.modifiedAt),
    ServiceCatalogProvisioningDetails: { ProductId: project.templateId },
    CreatedBy: {},
    SluiceLocal: {
      TemplateId: project.templateId,
      RepositoryPath: project.repositoryPath,
      SettingsFile: join(project.repositoryPath, settingsFileName),
      // One name for both, as the seed's buildspec passes <name>-<id> to each.
      PipelineName: project.modelPackageGroupName,
      ModelPackageGroupName: project.modelPackageGroupName,
      Tags: tagList(context, project.arn),
      RepositoryExists: existsSync(project.repositoryPath),
      Notebook: present(notebookName),
      Readme: present('README.md'),
      LastCommits: commits.map((c) => ({ Hash: c.hash, Date: c.date, Subject: c.subject })),
    },
  };
}
