/** One pipeline's view: its description and latest definition, versions, and a page of executions. */
import type { ExecutionListItem, PipelineDescription, ServiceClient } from '../api/operations';
import { differingFirst } from './compare-model';
import { designerDocument, type DesignerDocument } from './designer-download';
import { definitionToGraph, type PipelineGraph } from './graph';
import { parametersOf, type PipelineParameter } from './parameters';
import { loadPlan, type GraphPlan } from './plan';
import { PolledModel } from './polled-model';
import { SchedulesModel } from './schedules-model';

export interface PipelineVersionRow {
  id?: number;
  displayName?: string;
  createdAt?: number;
}

/** What the executions table shows; dates are `YYYY-MM-DD` in the browser's time zone, both days included. */
export interface ExecutionFilters {
  status?: string;
  from?: string;
  to?: string;
  parameter?: { name: string; value: string };
}

/** Epoch seconds of a `YYYY-MM-DD` day's start (local time), or undefined for an empty or malformed day. */
export function dayStart(day: string | undefined): number | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year, month - 1, date).getTime() / 1000;
}

export class PipelineModel extends PolledModel {
  private _description: PipelineDescription | undefined;
  private _graph: PipelineGraph | undefined;
  private _parameters: PipelineParameter[] = [];
  private _versions: PipelineVersionRow[] = [];
  private _executions: ExecutionListItem[] = [];
  private _filters: ExecutionFilters = {};
  /** Tokens of the pages before the current one; the current page's own token is last. */
  private _pageTokens: (string | undefined)[] = [undefined];
  private _nextToken: string | undefined;
  private _schedules: SchedulesModel | undefined;

  constructor(
    client: ServiceClient,
    readonly pipelineName: string,
    private _pageSize = 20,
    intervalMs = 3000,
  ) {
    super(client, intervalMs);
  }

  get pageSize(): number {
    return this._pageSize;
  }

  /** A new page size starts again from the first page. */
  set pageSize(size: number) {
    if (size === this._pageSize || !(size >= 1)) return;
    this._pageSize = Math.min(100, Math.floor(size));
    this._pageTokens = [undefined];
    void this.reload();
  }

  get filters(): ExecutionFilters {
    return this._filters;
  }

  /** Filters apply from the first page. */
  setFilters(filters: ExecutionFilters): Promise<void> {
    this._filters = filters;
    this._pageTokens = [undefined];
    return this.reload();
  }

  /** The pipeline's schedules, made on first use and disposed with this model; it polls while its tab shows it. */
  get schedules(): SchedulesModel {
    if (this._schedules === undefined) {
      this._schedules = new SchedulesModel(this.client, this.pipelineName);
      this._schedules.visible = false;
    }
    return this._schedules;
  }

  override dispose(): void {
    this._schedules?.dispose();
    super.dispose();
  }

  get description(): PipelineDescription | undefined {
    return this._description;
  }

  /** The current definition as the designer's document (`<name>.pipeline.json`), once loaded. */
  get designerDocument(): DesignerDocument | undefined {
    const definition = this._description?.PipelineDefinition;
    return definition ? designerDocument(this.pipelineName, definition) : undefined;
  }

  get graph(): PipelineGraph | undefined {
    return this._graph;
  }

  get parameters(): readonly PipelineParameter[] {
    return this._parameters;
  }

  get versions(): readonly PipelineVersionRow[] {
    return this._versions;
  }

  get executions(): readonly ExecutionListItem[] {
    return this._executions;
  }

  get pageNumber(): number {
    return this._pageTokens.length;
  }

  get hasNextPage(): boolean {
    return this._nextToken !== undefined;
  }

  get hasPreviousPage(): boolean {
    return this._pageTokens.length > 1;
  }

  async nextPage(): Promise<void> {
    if (this._nextToken === undefined) return;
    this._pageTokens.push(this._nextToken);
    await this.reload();
  }

  async previousPage(): Promise<void> {
    if (this._pageTokens.length <= 1) return;
    this._pageTokens.pop();
    await this.reload();
  }

  /** The executions table's parameter columns: those whose values differ between the executions on this page first. */
  get parameterColumns(): string[] {
    const records = this._executions.map((execution) => Object.fromEntries(execution.PipelineParameters.map((parameter) => [parameter.Name, parameter.Value])));
    return differingFirst(
      this._parameters.map((parameter) => parameter.name),
      records,
    );
  }

  /** Parameter values of one execution on the current page, by name, for the table's columns. */
  valuesOf(executionArn: string): Record<string, string> | undefined {
    const execution = this._executions.find((item) => item.PipelineExecutionArn === executionArn);
    return execution && Object.fromEntries(execution.PipelineParameters.map((parameter) => [parameter.Name, parameter.Value]));
  }

  /** Starts an execution; `parameters` are only the overrides. Returns its ARN. */
  /** What starting the latest version now with these values (defaults otherwise) would do, step by step. */
  plan(values?: Readonly<Record<string, string>>): Promise<GraphPlan> {
    return loadPlan(this.client, this.pipelineName, values);
  }

  async start(request: { displayName?: string; description?: string; parameters: { Name: string; Value: string }[] }): Promise<string> {
    const started = await this.client.call('SageMaker.StartPipelineExecution', {
      PipelineName: this.pipelineName,
      PipelineExecutionDisplayName: request.displayName || undefined,
      PipelineExecutionDescription: request.description || undefined,
      PipelineParameters: request.parameters,
      ClientRequestToken: `panel-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
    });
    // Back to the first page, where the new execution is.
    this._pageTokens = [undefined];
    await this.reload();
    return started.PipelineExecutionArn ?? '';
  }

  protected async load(): Promise<void> {
    const description = await this.client.call('SageMaker.DescribePipeline', { PipelineName: this.pipelineName });
    if (description.PipelineDefinition !== this._description?.PipelineDefinition && description.PipelineDefinition) {
      this._graph = definitionToGraph(description.PipelineDefinition);
      this._parameters = parametersOf(description.PipelineDefinition);
    }
    this._description = description;
    const versions = await this.client.call('SageMaker.ListPipelineVersions', { PipelineName: this.pipelineName, SortOrder: 'Descending', MaxResults: 100 });
    this._versions = (versions.PipelineVersionSummaries ?? []).map((version) => ({
      id: version.PipelineVersionId,
      displayName: version.PipelineVersionDisplayName,
      createdAt: version.CreationTime,
    }));
    const { status, from, to, parameter } = this._filters;
    // CreatedAfter/CreatedBefore are exclusive: widen by a millisecond and a day so both days are included.
    const after = dayStart(from);
    const before = dayStart(to);
    const page = await this.client.call('SluiceLocal.ListPipelineExecutions', {
      PipelineName: this.pipelineName,
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: this._pageSize,
      NextToken: this._pageTokens[this._pageTokens.length - 1],
      ...(status ? { StatusEquals: status } : {}),
      ...(parameter && parameter.name && parameter.value !== '' ? { ParameterEquals: { Name: parameter.name, Value: parameter.value } } : {}),
      ...(after !== undefined ? { CreatedAfter: after - 0.001 } : {}),
      ...(before !== undefined ? { CreatedBefore: before + 86400 } : {}),
    });
    const executions = page.PipelineExecutionSummaries ?? [];
    this._executions = executions;
    this._nextToken = page.NextToken;
  }
}
