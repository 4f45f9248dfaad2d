/** One pipeline's view: its description and latest definition, versions, and a page of executions. */
import type { ExecutionSummary, PipelineDescription, ServiceClient } from '../api/operations';
import { definitionToGraph, type PipelineGraph } from './graph';
import { parametersOf, type PipelineParameter } from './parameters';
import { PolledModel } from './polled-model';
import { isTerminalExecution } from './step-status';

export interface PipelineVersionRow {
  id?: number;
  displayName?: string;
  createdAt?: number;
}

export class PipelineModel extends PolledModel {
  private _description: PipelineDescription | undefined;
  private _graph: PipelineGraph | undefined;
  private _parameters: PipelineParameter[] = [];
  private _versions: PipelineVersionRow[] = [];
  private _executions: ExecutionSummary[] = [];
  /** Tokens of the pages before the current one; the current page's own token is last. */
  private _pageTokens: (string | undefined)[] = [undefined];
  private _nextToken: string | undefined;

  constructor(
    client: ServiceClient,
    readonly pipelineName: string,
    readonly pageSize = 20,
    intervalMs = 3000
  ) {
    super(client, intervalMs);
  }

  get description(): PipelineDescription | undefined {
    return this._description;
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

  get executions(): readonly ExecutionSummary[] {
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

  /** Parameter values of one execution, by name, for the table's columns. */
  private _valuesByExecution = new Map<string, Record<string, string>>();

  valuesOf(executionArn: string): Record<string, string> | undefined {
    return this._valuesByExecution.get(executionArn);
  }

  /** When a finished execution ended (its last modification), epoch seconds. */
  private _endedAt = new Map<string, number>();

  endedAt(executionArn: string): number | undefined {
    return this._endedAt.get(executionArn);
  }

  /** Starts an execution; `parameters` are only the overrides. Returns its ARN. */
  async start(request: { displayName?: string; description?: string; parameters: { Name: string; Value: string }[] }): Promise<string> {
    const started = await this.client.call('SageMaker.StartPipelineExecution', {
      PipelineName: this.pipelineName,
      PipelineExecutionDisplayName: request.displayName || undefined,
      PipelineExecutionDescription: request.description || undefined,
      PipelineParameters: request.parameters,
      ClientRequestToken: `panel-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`
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
      createdAt: version.CreationTime
    }));
    const page = await this.client.call('SageMaker.ListPipelineExecutions', {
      PipelineName: this.pipelineName,
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: this.pageSize,
      NextToken: this._pageTokens[this._pageTokens.length - 1]
    });
    const executions = page.PipelineExecutionSummaries ?? [];
    // Parameter values never change after start: fetch each execution's once.
    await Promise.all(
      executions
        .filter((execution) => execution.PipelineExecutionArn && !this._valuesByExecution.has(execution.PipelineExecutionArn))
        .map(async (execution) => {
          const arn = execution.PipelineExecutionArn!;
          const values = await this.client.call('SageMaker.ListPipelineParametersForExecution', { PipelineExecutionArn: arn, MaxResults: 100 });
          this._valuesByExecution.set(arn, Object.fromEntries((values.PipelineParameters ?? []).map((parameter) => [parameter.Name ?? '', parameter.Value ?? ''])));
        })
    );
    // A finished execution's end never changes either; the list does not carry it, so describe it once.
    await Promise.all(
      executions
        .filter((execution) => isTerminalExecution(execution.PipelineExecutionStatus) && !this._endedAt.has(execution.PipelineExecutionArn ?? ''))
        .map(async (execution) => {
          const arn = execution.PipelineExecutionArn ?? '';
          const described = await this.client.call('SageMaker.DescribePipelineExecution', { PipelineExecutionArn: arn });
          if (described.LastModifiedTime !== undefined) this._endedAt.set(arn, described.LastModifiedTime);
        })
    );
    this._executions = executions;
    this._nextToken = page.NextToken;
  }
}
