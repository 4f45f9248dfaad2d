/**
 * Two or more executions of one pipeline side by side: parameters (differences marked), each step's status
 * and duration, metrics (training jobs' final metrics, registered versions' reports) with deltas, training
 * jobs' metrics over their run (one line per execution) and tuning steps' trials.
 */
import type { ExecutionDescription, ExecutionStep, ServiceClient } from '../api/operations';
import type { MetricLine, MetricPoint, TuningTrial } from 'sluice/metric-charts';
import { readMetricSeries } from './metric-series';
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
  /** `Step · metric` → a training job's values over its run. */
  series: Record<string, MetricPoint[]>;
  /** Tuning steps' trials, by step name. */
  tuning: Record<string, TuningResult>;
}

/** A tuning step's training jobs: each one's tuned hyperparameters and its final objective. */
export interface TuningResult {
  objective: string;
  trials: { trainingJobName: string; hyperparameters: Record<string, string>; objective: number }[];
}

/** What an execution's steps reported: read once for a finished execution. */
type Reported = Pick<ComparedExecution, 'metrics' | 'series' | 'tuning'>;

export interface ComparisonRow<T> {
  name: string;
  values: (T | undefined)[];
  /** True when not every execution has the same value. */
  differs: boolean;
}

export class CompareModel extends PolledModel {
  private _executions: ComparedExecution[] = [];
  /** Metrics of finished executions never change: read once each. */
  private readonly _metricsCache = new Map<string, Reported>();

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

  /** `Step · metric` names that some execution has values over the run for: what the metric chart can draw. */
  get seriesNames(): string[] {
    return [...new Set(this._executions.flatMap((execution) => Object.keys(execution.series)))];
  }

  /** One line per execution that has the metric, labelled by its name. */
  seriesLines(name: string): MetricLine[] {
    return this._executions.flatMap((execution) => (execution.series[name] ? [{ label: execution.label, points: execution.series[name] }] : []));
  }

  /** Tuning steps of any execution, each with every execution's trials (labelled by the execution). */
  get tuningSteps(): { step: string; objective: string; trials: TuningTrial[] }[] {
    const steps = [...new Set(this._executions.flatMap((execution) => Object.keys(execution.tuning)))];
    return steps.map((step) => ({
      step,
      objective: this._executions.find((execution) => execution.tuning[step])?.tuning[step].objective ?? '',
      trials: this._executions.flatMap((execution) => (execution.tuning[step]?.trials ?? []).map((trial) => ({ ...trial, label: execution.label }))),
    }));
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
    let reported = finished ? this._metricsCache.get(arn) : undefined;
    if (reported === undefined) {
      reported = await this.reportedBy(rowsOf);
      if (finished) this._metricsCache.set(arn, reported);
    }
    return {
      arn,
      label: description.PipelineExecutionDisplayName ?? arn.slice(arn.lastIndexOf('/') + 1),
      displayName: description.PipelineExecutionDisplayName,
      status: description.PipelineExecutionStatus,
      parameters: Object.fromEntries((parameters.PipelineParameters ?? []).map((parameter) => [parameter.Name ?? '', parameter.Value ?? ''])),
      steps,
      ...reported,
    };
  }

  private async reportedBy(steps: readonly ExecutionStep[]): Promise<Reported> {
    const metrics: Record<string, number> = {};
    const series: Record<string, MetricPoint[]> = {};
    const tuning: Record<string, TuningResult> = {};
    for (const row of steps) {
      const job = jobOf(row);
      if (job?.kind === 'TrainingJob') {
        const training = await this.client.call('SageMaker.DescribeTrainingJob', { TrainingJobName: job.name });
        for (const metric of training.FinalMetricDataList ?? [])
          if (metric.Value !== undefined) metrics[`${row.StepName} · ${metric.MetricName}`] = metric.Value;
        if (training.TrainingJobStatus === 'Completed' || training.TrainingJobStatus === 'Failed') {
          const names = (training.FinalMetricDataList ?? []).map((metric) => metric.MetricName ?? '');
          for (const [name, points] of await readMetricSeries(this.client, job.arn, names)) series[`${row.StepName} · ${name}`] = points;
        }
      }
      if (job?.kind === 'TuningJob') tuning[row.StepName ?? ''] = await this.trialsOf(job.name);
      const registered = row.Metadata?.RegisterModel?.Arn;
      if (registered) {
        const version = await this.client.call('SageMaker.DescribeModelPackage', { ModelPackageName: registered });
        // A report that cannot be read is left out of a comparison (the version's own page says why).
        for (const metric of (await readMetricReports(this.client, version)).metrics) metrics[`${row.StepName} · ${metric.name}`] = metric.value;
      }
    }
    return { metrics, series, tuning };
  }

  private async trialsOf(tuningJobName: string): Promise<TuningResult> {
    const listed = await this.client.call('SageMaker.ListTrainingJobsForHyperParameterTuningJob', {
      HyperParameterTuningJobName: tuningJobName,
      MaxResults: 100,
    });
    const summaries = listed.TrainingJobSummaries ?? [];
    return {
      objective:
        summaries.find((summary) => summary.FinalHyperParameterTuningJobObjectiveMetric)?.FinalHyperParameterTuningJobObjectiveMetric?.MetricName ??
        'objective',
      trials: summaries.flatMap((summary) => {
        const objective = summary.FinalHyperParameterTuningJobObjectiveMetric?.Value;
        return objective === undefined
          ? []
          : [{ trainingJobName: summary.TrainingJobName ?? '', hyperparameters: summary.TunedHyperParameters ?? {}, objective }];
      }),
    };
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
