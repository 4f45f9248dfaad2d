/** `await createProject({ name, template })` from a notebook or script: the service makes it, this asks. */
import { LocalSession, Session } from '../session/session.js';
import type { LocalProjectDescription, ProjectTemplate, Wire } from '../service/protocol.js';
import { defaultWorkspace } from './paths.js';

/** The options of {@link createProject}: CreateProject's fields, and where the seed repository goes. */
export interface CreateProjectOptions {
  /** `ProjectName`: it also names the repository `<name>-modelbuild`, and the pipeline and model package group `<name>-<projectId>`. */
  readonly name: string;
  /** A template's id, e.g. "model-building-and-training" (see listProjectTemplates). */
  readonly template: string;
  /** `ProjectDescription`. */
  readonly description?: string;
  /** `Tags` of the project. */
  readonly tags?: Readonly<Record<string, string>>;
  /** The folder that gets `<name>-modelbuild`: $SLUICE_WORKSPACE, else the repository's workspace/. */
  readonly dir?: string;
  /** Install a git post-commit hook that runs the pipeline after each commit on main. */
  readonly runPipelineOnCommit?: boolean;
  /**
   * A copy of the data the template would download (a file path, or a file, http(s) or s3 URL): a file is put into
   * the local S3; either becomes the pipeline's InputDataUrl default, in sluice-project.json.
   */
  readonly inputData?: string;
  /** The local session whose service keeps the project; default `Session.default` (projects are local only). */
  readonly session?: Session;
}

/**
 * A project as DescribeProject tells it: its name, id, ARN and status, the template it was made from, and what it
 * made: the seed repository's folder, its pipeline and its model package group.
 */
export interface Project {
  readonly projectName: string;
  readonly projectId: string;
  readonly projectArn: string;
  readonly status: string;
  readonly templateId: string;
  readonly repositoryPath: string;
  readonly pipelineName: string;
  readonly modelPackageGroupName: string;
}

/** A project template (a SageMaker-provided project template's counterpart): its id, name, description and how it starts. */
export type ProjectTemplateSummary = ProjectTemplate;

type ProjectDescription = Wire<LocalProjectDescription>;

function localSession(session: Session): LocalSession {
  // Projects write a repository on this machine: only the local service makes them.
  if (!(session instanceof LocalSession)) throw new Error('Projects are created by the local service; use a local session');
  return session;
}

// The service always names, ids and dates a project; SageMaker's shape leaves every member optional.
const toProject = (d: ProjectDescription): Project => ({
  projectName: d.ProjectName ?? '',
  projectId: d.ProjectId ?? '',
  projectArn: d.ProjectArn ?? '',
  status: d.ProjectStatus ?? '',
  templateId: d.SluiceLocal.TemplateId,
  repositoryPath: d.SluiceLocal.RepositoryPath,
  pipelineName: d.SluiceLocal.PipelineName,
  modelPackageGroupName: d.SluiceLocal.ModelPackageGroupName,
});

/**
 * Creates a SageMaker project from a template: a git repository `<name>-modelbuild` with the template's seed code (its
 * pipeline, notebook, CLIs and tests), a model package group, and the project's record in the local service.
 *
 * @example
 * ```ts
 * const project = await createProject({ name: 'abalone', template: 'model-building-and-training' });
 * project.repositoryPath; // <workspace>/abalone-modelbuild
 * ```
 */
export async function createProject(options: CreateProjectOptions): Promise<Project> {
  const extras = await localSession(options.session ?? Session.default).extras();
  const described = await extras.call('CreateProject', {
    ProjectName: options.name,
    ProjectDescription: options.description,
    ServiceCatalogProvisioningDetails: { ProductId: options.template },
    Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
    // Sent from here, so the workspace is the caller's, whichever environment the service started with.
    WorkspaceDir: options.dir ?? defaultWorkspace(),
    RunPipelineOnCommit: options.runPipelineOnCommit ?? false,
    InputDataSource: options.inputData,
  });
  return toProject(described);
}

/**
 * A project by name (DescribeProject).
 *
 * @example
 * ```ts
 * (await describeProject('abalone')).modelPackageGroupName;
 * ```
 */
export async function describeProject(name: string, session: Session = Session.default): Promise<Project> {
  return toProject(await (await localSession(session).extras()).call('DescribeProject', { ProjectName: name }));
}

/**
 * The templates a project can be made from, e.g. `model-building-and-training`.
 *
 * @example
 * ```ts
 * (await listProjectTemplates()).map((template) => template.TemplateId);
 * ```
 */
export async function listProjectTemplates(session: Session = Session.default): Promise<ProjectTemplateSummary[]> {
  return (await (await localSession(session).extras()).call('ListProjectTemplates', {})).Templates;
}
