/** Projects: one project's page (repository, pipelines, model group), the templates, and creating one. */
import type { ModelPackageSummary, PipelineSummary, ProjectDescription, ProjectSummary, ProjectTemplate, ServiceClient } from '../api/operations';
import { loadEndpoints, type EndpointRow } from './endpoints';
import { PolledModel } from './polled-model';

/** The project's pipeline and model package group share this name, as the seed's buildspec makes them. */
export function projectResourceName(project: Pick<ProjectSummary, 'ProjectName' | 'ProjectId'>): string {
  return `${project.ProjectName ?? ''}-${project.ProjectId ?? ''}`;
}

export interface CreateProjectRequest {
  name: string;
  description: string;
  templateId: string;
  tags: { Key: string; Value: string }[];
  runPipelineOnCommit: boolean;
  /** Where `<name>-modelbuild` goes: JupyterLab's root folder, so the file browser shows it. */
  workspaceDir?: string;
  /** A copy of the data the template downloads: a file path (relative to workspaceDir, or absolute) or a URL. */
  inputDataSource?: string;
}

export async function listProjectTemplates(client: ServiceClient): Promise<ProjectTemplate[]> {
  return (await client.call('SluiceLocal.ListProjectTemplates', {})).Templates;
}

/** The template Create project starts on: the one the service marks (SageMaker's model building and training), else the first. */
export function preselectedTemplate(templates: readonly ProjectTemplate[]): ProjectTemplate | undefined {
  return templates.find((template) => template.Preselected) ?? templates[0];
}

/** Reads `key=value` lines (blank lines skipped); a line without `=` is a problem named by its number. */
export function parseTags(text: string): { tags: { Key: string; Value: string }[]; problem?: string } {
  const tags: { Key: string; Value: string }[] = [];
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const equals = line.indexOf('=');
    if (equals <= 0) return { tags, problem: `Tag line ${index + 1} is not key=value: “${line.trim()}”` };
    tags.push({ Key: line.slice(0, equals).trim(), Value: line.slice(equals + 1).trim() });
  }
  return { tags };
}

export async function createProject(client: ServiceClient, request: CreateProjectRequest): Promise<ProjectDescription> {
  return client.call('SluiceLocal.CreateProject', {
    ProjectName: request.name,
    ProjectDescription: request.description || undefined,
    ServiceCatalogProvisioningDetails: { ProductId: request.templateId },
    Tags: request.tags.length > 0 ? request.tags : undefined,
    RunPipelineOnCommit: request.runPipelineOnCommit || undefined,
    WorkspaceDir: request.workspaceDir,
    InputDataSource: request.inputDataSource?.trim() || undefined,
  });
}

export class ProjectModel extends PolledModel {
  private _description: ProjectDescription | undefined;
  private _pipelines: PipelineSummary[] = [];
  private _versions: ModelPackageSummary[] = [];
  private _endpoints: EndpointRow[] = [];
  private readonly _served = new Map<string, string | undefined>();

  constructor(
    client: ServiceClient,
    readonly projectName: string,
    intervalMs = 5000,
  ) {
    super(client, intervalMs);
  }

  get description(): ProjectDescription | undefined {
    return this._description;
  }

  /** The pipelines the seed code made (named after the project); none until its first run. */
  get pipelines(): readonly PipelineSummary[] {
    return this._pipelines;
  }

  /** Versions in the project's model group, newest first. */
  get modelVersions(): readonly ModelPackageSummary[] {
    return this._versions;
  }

  /** Endpoints serving a version of the project's model group (its staging and production ones). */
  get endpoints(): readonly EndpointRow[] {
    return this._endpoints;
  }

  protected async load(): Promise<void> {
    const description = await this.client.call('SluiceLocal.DescribeProject', { ProjectName: this.projectName });
    const resourceName = description.SluiceLocal.PipelineName;
    const pipelines = await this.client.call('SageMaker.ListPipelines', { PipelineNamePrefix: resourceName, MaxResults: 100 });
    const versions = await this.client.call('SageMaker.ListModelPackages', {
      ModelPackageGroupName: description.SluiceLocal.ModelPackageGroupName,
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 100,
    });
    this._description = description;
    this._pipelines = pipelines.PipelineSummaries ?? [];
    this._versions = versions.ModelPackageSummaryList ?? [];
    const group = `:model-package/${description.SluiceLocal.ModelPackageGroupName.toLowerCase()}/`;
    this._endpoints = (await loadEndpoints(this.client, this._served)).filter((endpoint) => endpoint.modelPackageArn?.toLowerCase().includes(group));
  }
}
