/**
 * A training step's metrics: the final values (DescribeTrainingJob's FinalMetricDataList) and, on the local
 * service, each metric over the run (its BatchGetMetrics), drawn as one chart per metric.
 */
import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../session/execution.js';
import { LocalSession } from '../session/session.js';
import { chartSvg } from './chart-svg.js';
import type { RichOutput } from './display.js';
import { Displayable } from './displayable.js';
import { htmlTable, textTable } from './html.js';
import { findStep, jobOf } from './jobs.js';
import { describeLine, metricChartStack, metricPoints, metricQueries, notebookChartTheme, type MetricPoint } from './metric-charts.js';

/** One metric of a training job: a `FinalMetricDataList` entry (`MetricName`, `Value`, `Timestamp`). */
export interface Metric {
  readonly name: string;
  readonly value: number;
  readonly timestamp?: Date;
}

/**
 * The metrics of a training step of an execution (what its job's `MetricDefinitions` found in the log); a cell shows
 * them as a table.
 */
export class StepMetrics extends Displayable {
  constructor(
    readonly stepName: string,
    readonly metrics: readonly Metric[],
    /** Each metric's values over the run, where the session keeps them (the local service). */
    readonly series: ReadonlyMap<string, readonly MetricPoint[]> = new Map(),
    /** The series drawn as SVG, made when the metrics were read. */
    readonly chart?: string,
  ) {
    super();
  }

  /** The metric's value, e.g. `metrics.value("validation:mse")`. */
  value(name: string): number {
    const metric = this.metrics.find((candidate) => candidate.name === name);
    if (metric === undefined)
      throw new Error(`Step ${this.stepName} reported no metric ${name}. It reported: ${this.metrics.map((m) => m.name).join(', ') || 'none'}`);
    return metric.value;
  }

  /** The metric's values over the run, in log order; empty where the session keeps no series. */
  points(name: string): readonly MetricPoint[] {
    return this.series.get(name) ?? [];
  }

  summary(): string {
    return `Metrics of ${this.stepName}: ${this.metrics.map((metric) => `${metric.name}=${metric.value}`).join(', ') || 'none'}`;
  }

  view(): RichOutput {
    const headers = ['Metric', 'Value'];
    const rows = this.metrics.map((metric) => [metric.name, String(metric.value)]);
    const lines = [...this.series].map(([name, points]) => describeLine(name, points));
    const text = [`Metrics of ${this.stepName}`, textTable(headers, rows), ...lines].join('\n');
    if (this.chart !== undefined) return { svg: this.chart, text };
    return { html: `<p><b>Metrics of ${this.stepName}</b></p>${htmlTable(headers, rows)}`, text };
  }
}

/** `await metrics(execution, "Train")`: the final metrics, and on the local service a chart of each over the run. */
export async function metrics(execution: PipelineExecution, stepName: string): Promise<StepMetrics> {
  const step = await findStep(execution, stepName);
  const job = jobOf(step);
  if (job?.kind !== 'TrainingJob') throw new Error(`Step ${step.StepName} is not a training step, so it has no final metrics`);
  const described = await (await execution.session.client()).send(new DescribeTrainingJobCommand({ TrainingJobName: job.name }));
  const list = (described.FinalMetricDataList ?? []).map((metric) => ({
    name: metric.MetricName ?? '',
    value: metric.Value ?? Number.NaN,
    timestamp: metric.Timestamp,
  }));
  const name = step.StepName ?? stepName;
  // SageMaker keeps the series in CloudWatch, which this session does not read: there the final values are shown.
  if (!(execution.session instanceof LocalSession) || described.TrainingJobArn === undefined || list.length === 0) return new StepMetrics(name, list);
  const extras = await execution.session.extras();
  const arn = described.TrainingJobArn;
  const { MetricQueryResults: results } = await extras.call('BatchGetMetrics', { MetricQueries: list.flatMap((metric) => metricQueries(arn, metric.name)) });
  const series = new Map(list.map((metric, index) => [metric.name, metricPoints(results[2 * index], results[2 * index + 1])]));
  const chart = await chartSvg(
    metricChartStack(
      `Metrics of ${name}`,
      [...series].map(([metric, points]) => ({ metric, lines: [{ label: name, points }], theme: notebookChartTheme })),
      notebookChartTheme,
    ),
  );
  return new StepMetrics(name, list, series, chart);
}
