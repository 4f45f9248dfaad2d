/** The sidebar's state: every pipeline with its latest execution, the model package groups and the projects. */
import type { ModelPackageGroupSummary, PipelineSummary, ProjectSummary, ServiceClient } from '../api/operations';
import { loadEndpoints, type EndpointRow } from './endpoints';
import { PolledModel } from './polled-model';
import { projectResourceName } from './project-model';

export interface PipelineRow {
  name: string;
  description?: string;
  lastExecutionStatus?: string;
  /** Epoch seconds. */
  lastExecutionTime?: number;
  executionCount: number;
  /** True when there are more executions than were counted. */
  executionCountCapped: boolean;
  /** The project whose seed code made the pipeline, if any. */
  project?: string;
}

/** Executions counted per pipeline for the sidebar; beyond this it says "100+". */
export const executionCountLimit = 100;

export class PipelinesModel extends PolledModel {
  private _pipelines: PipelineRow[] = [];
  private _groups: ModelPackageGroupSummary[] = [];
  private _projects: ProjectSummary[] = [];
  private _endpoints: EndpointRow[] = [];
  private readonly _served = new Map<string, string | undefined>();
  private _filter = '';

  constructor(client: ServiceClient, intervalMs = 5000) {
    super(client, intervalMs);
  }

  get pipelines(): readonly PipelineRow[] {
    return this._pipelines;
  }

  /** Pipelines whose name contains the filter, ignoring case. */
  get filteredPipelines(): readonly PipelineRow[] {
    const needle = this._filter.trim().toLowerCase();
    return needle === '' ? this._pipelines : this._pipelines.filter((row) => row.name.toLowerCase().includes(needle));
  }

  get modelPackageGroups(): readonly ModelPackageGroupSummary[] {
    return this._groups;
  }

  get endpoints(): readonly EndpointRow[] {
    return this._endpoints;
  }

  get projects(): readonly ProjectSummary[] {
    return this._projects;
  }

  get filter(): string {
    return this._filter;
  }

  set filter(filter: string) {
    if (filter === this._filter) return;
    this._filter = filter;
    this.emitChanged();
  }

  protected async load(): Promise<void> {
    const summaries: PipelineSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.call('SageMaker.ListPipelines', { MaxResults: 100, NextToken: token, SortBy: 'Name', SortOrder: 'Ascending' });
      summaries.push(...(page.PipelineSummaries ?? []));
      token = page.NextToken;
    } while (token);
    const projects = await this.client.call('SageMaker.ListProjects', { MaxResults: 100, SortBy: 'Name', SortOrder: 'Ascending' });
    const projectOf = new Map((projects.ProjectSummaryList ?? []).map((project) => [projectResourceName(project), project.ProjectName]));
    const rows = await Promise.all(summaries.map((summary) => this.row(summary, projectOf.get(summary.PipelineName ?? ''))));
    const groups = await this.client.call('SageMaker.ListModelPackageGroups', { MaxResults: 100, SortBy: 'Name', SortOrder: 'Ascending' });
    this._pipelines = rows;
    this._groups = groups.ModelPackageGroupSummaryList ?? [];
    this._projects = projects.ProjectSummaryList ?? [];
    this._endpoints = await loadEndpoints(this.client, this._served);
  }

  private async row(summary: PipelineSummary, project: string | undefined): Promise<PipelineRow> {
    const name = summary.PipelineName ?? '';
    const executions = await this.client.call('SageMaker.ListPipelineExecutions', {
      PipelineName: name,
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: executionCountLimit,
    });
    const list = executions.PipelineExecutionSummaries ?? [];
    return {
      name,
      description: summary.PipelineDescription,
      lastExecutionStatus: list[0]?.PipelineExecutionStatus,
      lastExecutionTime: list[0]?.StartTime ?? summary.LastExecutionTime,
      executionCount: list.length,
      executionCountCapped: executions.NextToken !== undefined,
      ...(project ? { project } : {}),
    };
  }
}
