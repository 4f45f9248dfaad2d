/** A training step's final metrics (DescribeTrainingJob's FinalMetricDataList) as a table. */
import { DescribeTrainingJobCommand } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../session/execution.js';
import type { RichOutput } from './display.js';
import { Displayable } from './displayable.js';
import { htmlTable, textTable } from './html.js';
import { findStep, jobOf } from './jobs.js';

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

  summary(): string {
    return `Metrics of ${this.stepName}: ${this.metrics.map((metric) => `${metric.name}=${metric.value}`).join(', ') || 'none'}`;
  }

  view(): RichOutput {
    const headers = ['Metric', 'Value'];
    const rows = this.metrics.map((metric) => [metric.name, String(metric.value)]);
    return { html: `<p><b>Metrics of ${this.stepName}</b></p>${htmlTable(headers, rows)}`, text: `Metrics of ${this.stepName}\n${textTable(headers, rows)}` };
  }
}

/**
 * The final metrics of a training step of an execution (DescribeTrainingJob's `FinalMetricDataList`).
 *
 * @example
 * ```ts
 * const trained = await metrics(execution, 'Train');
 * trained.value('validation:mse');
 * ```
 */
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
  return new StepMetrics(step.StepName ?? stepName, list);
}
