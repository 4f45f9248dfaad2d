import type { Db } from './database.js';
import type { MetricPointOf } from './experiments.js';

/** One value of a metric: its place in the run (0, 1, …), when it was logged (epoch seconds), the value. */
export interface MetricPointRecord {
  iteration: number;
  timestamp: number;
  value: number;
}

/** Training jobs' metrics over their run, as SageMaker keeps them in CloudWatch: written once the job ends. */
export class TrainingMetricStore {
  constructor(private readonly db: Db) {}

  /** Replaces the job's metrics with these, in one transaction. */
  put(jobName: string, series: readonly { name: string; points: readonly { timestamp: number; value: number }[] }[]): void {
    const remove = this.db.prepare('DELETE FROM training_metrics WHERE job_name = ?');
    const insert = this.db.prepare('INSERT INTO training_metrics (job_name, metric_name, iteration, timestamp, value) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      remove.run(jobName);
      for (const metric of series) metric.points.forEach((point, iteration) => insert.run(jobName, metric.name, iteration, point.timestamp, point.value));
    })();
  }

  /** Every metric's values, in the order they were logged. */
  allPoints(jobName: string): MetricPointOf[] {
    return this.db
      .prepare('SELECT metric_name AS metricName, timestamp, value FROM training_metrics WHERE job_name = ? ORDER BY metric_name, iteration')
      .all(jobName) as MetricPointOf[];
  }

  /** The metric's values in the order they were logged; empty when the job logged none. */
  points(jobName: string, metricName: string): MetricPointRecord[] {
    return this.db
      .prepare('SELECT iteration, timestamp, value FROM training_metrics WHERE job_name = ? AND metric_name = ? ORDER BY iteration')
      .all(jobName, metricName) as MetricPointRecord[];
  }
}
