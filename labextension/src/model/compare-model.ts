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
  /** PipelineExecutionDisplayName; `label` falls back to the execution id. */
  displayName?: string;
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

  /** Parameters whose values differ come first: they are what a comparison is for. */
  get parameterRows(): ComparisonRow<string>[] {
    const all = rows(this._executions.map((execution) => execution.parameters));
    return [...all.filter((row) => row.differs), ...all.filter((row) => !row.differs)];
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
    for (const row of rowsOf)
      steps[row.StepName ?? ''] = { state: stepState(row, description.PipelineExecutionStatus), startTime: row.StartTime, endTime: row.EndTime };
    const finished = isTerminalExecution(description.PipelineExecutionStatus);
    let metrics = finished ? this._metricsCache.get(arn) : undefined;
    if (metrics === undefined) {
      metrics = await this.metricsOf(rowsOf);
      if (finished) this._metricsCache.set(arn, metrics);
    }
    return {
      arn,
      label: description.PipelineExecutionDisplayName ?? arn.slice(arn.lastIndexOf('/') + 1),
      displayName: description.PipelineExecutionDisplayName,
      status: description.PipelineExecutionStatus,
      parameters: Object.fromEntries((parameters.PipelineParameters ?? []).map((parameter) => [parameter.Name ?? '', parameter.Value ?? ''])),
      steps,
      metrics,
    };
  }

  private async metricsOf(steps: readonly ExecutionStep[]): Promise<Record<string, number>> {
    const metrics: Record<string, number> = {};
    for (const row of steps) {
      const job = jobOf(row);
      if (job?.kind === 'TrainingJob') {
        const training = await this.client.call('SageMaker.DescribeTrainingJob', { TrainingJobName: job.name });
        for (const metric of training.FinalMetricDataList ?? [])
          if (metric.Value !== undefined) metrics[`${row.StepName} · ${metric.MetricName}`] = metric.Value;
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

/** The names, those whose value is not the same in every record first; otherwise in the order given. */
export function differingFirst(names: readonly string[], records: readonly Record<string, string | undefined>[]): string[] {
  const differs = (name: string): boolean => records.some((record) => record[name] !== records[0]?.[name]);
  return [...names.filter(differs), ...names.filter((name) => !differs(name))];
}

/** Decimal places of a number as written (`4.25` → 2, `1.5e-7` → 8). */
function decimalsOf(text: string): number {
  const [mantissa, exponent] = text.split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

/** A metric as the comparison shows it: six significant digits at most, trailing zeros dropped. */
export function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

/**
 * A metric's change from the first execution's, with as many decimals as the more precise of the two values
 * shows (4.25 − 3.95 is `+0.30`, not `+0.30000000000000004`); `direction` is 0 when the shown values are equal.
 */
export function metricDelta(value: number, base: number): { text: string; direction: -1 | 0 | 1 } {
  const decimals = Math.min(20, Math.max(decimalsOf(formatMetric(value)), decimalsOf(formatMetric(base))));
  const magnitude = Math.abs(value - base).toFixed(decimals);
  if (Number(magnitude) === 0) return { text: `±${magnitude}`, direction: 0 };
  return value > base ? { text: `+${magnitude}`, direction: 1 } : { text: `−${magnitude}`, direction: -1 };
}

function rows<T>(records: Record<string, T>[]): ComparisonRow<T>[] {
  const names = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return names.map((name) => {
    const values = records.map((record) => record[name]);
    return { name, values, differs: values.some((value) => value !== values[0]) };
  });
}
