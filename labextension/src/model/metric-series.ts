/**
 * Training jobs' metrics over their run, as the charts draw them: read with the service's BatchGetMetrics
 * (SageMaker Metrics' shapes), the queries and their answers read by the same module as the notebook's.
 */
import { metricPoints, metricQueries, type MetricPoint } from 'sluice/metric-charts';
import type { ServiceClient } from '../api/operations';

/** Each named metric of one training job, in log order; a metric with no values has an empty list. */
export async function readMetricSeries(client: ServiceClient, trainingJobArn: string, metricNames: readonly string[]): Promise<Map<string, MetricPoint[]>> {
  if (metricNames.length === 0) return new Map();
  const { MetricQueryResults: results } = await client.call('SluiceLocal.BatchGetMetrics', {
    MetricQueries: metricNames.flatMap((name) => metricQueries(trainingJobArn, name)),
  });
  return new Map(metricNames.map((name, index) => [name, metricPoints(results[2 * index], results[2 * index + 1])]));
}
