/**
 * Two or more executions of one pipeline side by side: parameters (differences marked), each step's status
 * and duration, and metrics (training jobs' final metrics, registered versions' reports) with deltas.
 */
import type { ExecutionDescription, ExecutionStep, ServiceClient } from '../api/operations';
import { readMetricReports } from './model-version-model';
import { PolledModel } from './polled-model';
import { isTerminalExecution, jobOf, stepState, type StepState } from './step-status';

export interface ComparedExecution {
  arn: string;
  label: string;
  status?: string;
  parameters: Record<string, string>;
  steps: Record<string, { state: StepState; startTime?: number; endTime?: number }>;
  /** `Step · metric` → value. */
  metrics: Record<string, number>;
}

export interface ComparisonRow<T> {
  name: string;
  values: (T | undefined)[];
  /** True when not every execution has the same value. */
  differs: boolean;
}

export class CompareModel extends PolledModel {
  private _executions: ComparedExecution[] = [];
  /** Metrics of finished executions never change: read once each. */
  private readonly _metricsCache = new Map<string, Record<string, number>>();

  readonly pipelineName: string;
  readonly executionArns: readonly string[];

  constructor(client: ServiceClient, pipelineName: string, executionArns: readonly string[], intervalMs = 5000) {
    // Refused before the poll exists: a model that is never returned could never be disposed.
    if (executionArns.length < 2) throw new Error('Compare needs two or more executions.');
    super(client, intervalMs);
    this.pipelineName = pipelineName;
    this.executionArns = executionArns;
  }

  /** In the order they were chosen. */
  get executions(): readonly ComparedExecution[] {
    return this._executions;
  }

  get parameterRows(): ComparisonRow<string>[] {
    return rows(this._executions.map((execution) => execution.parameters));
  }

  get metricRows(): ComparisonRow<number>[] {
    return rows(this._executions.map((execution) => execution.metrics));
  }

  /** Step names in the order the first execution ran them, then any others. */
  get stepNames(): string[] {
    return [...new Set(this._executions.flatMap((execution) => Object.keys(execution.steps)))];
  }

  protected override get finished(): boolean {
    return this._executions.length > 0 && this._executions.every((execution) => isTerminalExecution(execution.status));
  }

  protected async load(): Promise<void> {
    this._executions = await Promise.all(this.executionArns.map((arn) => this.loadOne(arn)));
  }

  private async loadOne(arn: string): Promise<ComparedExecution> {
    const description: ExecutionDescription = await this.client.call('SageMaker.DescribePipelineExecution', { PipelineExecutionArn: arn });
    const parameters = await this.client.call('SageMaker.ListPipelineParametersForExecution', { PipelineExecutionArn: arn, MaxResults: 100 });
    const listed = await this.client.call('SageMaker.ListPipelineExecutionSteps', { PipelineExecutionArn: arn, SortOrder: 'Ascending', MaxResults: 100 });
    const rowsOf = listed.PipelineExecutionSteps ?? [];
    const steps: ComparedExecution['steps'] = {};
    // Ascending order: a retried step's last row wins.
    for (const row of rowsOf) steps[row.StepName ?? ''] = { state: stepState(row, description.PipelineExecutionStatus), startTime: row.StartTime, endTime: row.EndTime };
    const finished = isTerminalExecution(description.PipelineExecutionStatus);
    let metrics = finished ? this._metricsCache.get(arn) : undefined;
    if (metrics === undefined) {
      metrics = await this.metricsOf(rowsOf);
      if (finished) this._metricsCache.set(arn, metrics);
    }
    return {
      arn,
      label: description.PipelineExecutionDisplayName ?? arn.slice(arn.lastIndexOf('/') + 1),
      status: description.PipelineExecutionStatus,
      parameters: Object.fromEntries((parameters.PipelineParameters ?? []).map((parameter) => [parameter.Name ?? '', parameter.Value ?? ''])),
      steps,
      metrics
    };
  }

  private async metricsOf(steps: readonly ExecutionStep[]): Promise<Record<string, number>> {
    const metrics: Record<string, number> = {};
    for (const row of steps) {
      const job = jobOf(row);
      if (job?.kind === 'TrainingJob') {
        const training = await this.client.call('SageMaker.DescribeTrainingJob', { TrainingJobName: job.name });
        for (const metric of training.FinalMetricDataList ?? []) if (metric.Value !== undefined) metrics[`${row.StepName} · ${metric.MetricName}`] = metric.Value;
      }
      const registered = row.Metadata?.RegisterModel?.Arn;
      if (registered) {
        const version = await this.client.call('SageMaker.DescribeModelPackage', { ModelPackageName: registered });
        // A report that cannot be read is left out of a comparison (the version's own page says why).
        for (const metric of (await readMetricReports(this.client, version)).metrics) metrics[`${row.StepName} · ${metric.name}`] = metric.value;
      }
    }
    return metrics;
  }
}

function rows<T>(records: Record<string, T>[]): ComparisonRow<T>[] {
  const names = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return names.map((name) => {
    const values = records.map((record) => record[name]);
    return { name, values, differs: values.some((value) => value !== values[0]) };
  });
}
