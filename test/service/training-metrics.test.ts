// A training job's metric over its run: the values its MetricDefinition captured, one per logged epoch, served in
// SageMaker Metrics' BatchGetMetrics shapes, and drawn by the chart builder the notebook and the panel share.
import { chartSvg } from '../../kernel-lib/src/notebook/chart-svg.js';
import { metricLineChart, metricPoints, metricQueries, notebookChartTheme } from '../../kernel-lib/src/notebook/metric-charts.js';
import type { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';
import { epochs, epochsPipeline } from '../fixtures/epochs/pipeline.js';
import { createPipeline, extrasClient, runToEnd, type FinishedExecution } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

describe("a training job's metric over its run", () => {
  let test: TestService;
  let extras: LocalExtrasClient;
  let run: FinishedExecution;
  let jobArn: string;

  beforeAll(async () => {
    test = await startTestService();
    extras = extrasClient(test.service);
    await createPipeline(test.client, extras, epochsPipeline({ name: 'Epochs', bucket: 'sluice-local' }));
    run = await runToEnd(test.client, 'Epochs', { Rate: '0.15' });
    jobArn = run.steps[0].Metadata!.TrainingJob!.Arn!;
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('has one value per logged epoch, in order, the last one being the final metric', async () => {
    expect(run.status).toBe('Succeeded');
    const { MetricQueryResults: results } = await extras.call('BatchGetMetrics', { MetricQueries: metricQueries(jobArn, 'loss') });
    const points = metricPoints(results[0], results[1]);
    expect(points).toHaveLength(epochs);
    expect(points.map((point) => point.iteration)).toEqual([...Array(epochs).keys()]);
    expect(points[0].value).toBeCloseTo(2 * Math.exp(-0.15), 4);
    expect(points[epochs - 1].value).toBeCloseTo(2 * Math.exp(-0.15 * epochs), 4);
    const times = points.map((point) => point.timestamp ?? 0);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.abs(times[0] - Date.now() / 1000)).toBeLessThan(300);
  });

  it('aggregates by period as BatchGetMetrics does, and answers an unknown job in its own result', async () => {
    const { MetricQueryResults: results } = await extras.call('BatchGetMetrics', {
      MetricQueries: [
        { MetricName: 'loss', ResourceArn: jobArn, MetricStat: 'Count', Period: 'OneHour', XAxisType: 'Timestamp' },
        {
          MetricName: 'loss',
          ResourceArn: jobArn.replace(/[^/]+$/, 'no-such-job'),
          MetricStat: 'Last',
          Period: 'IterationNumber',
          XAxisType: 'IterationNumber',
        },
      ],
    });
    // 20 values logged within a second or two fall in one hour, or at most two.
    expect(results[0].Status).toBe('Complete');
    expect(results[0].MetricValues.reduce((sum, count) => sum + count, 0)).toBe(epochs);
    expect(results[1]).toMatchObject({ Status: 'ValidationError', XAxisValues: [], MetricValues: [] });
    expect(results[1].Message).toContain('no-such-job');
  });

  it('refuses a query with a statistic SageMaker does not have, naming it', async () => {
    await expect(
      extras.call('BatchGetMetrics', {
        MetricQueries: [{ MetricName: 'loss', ResourceArn: jobArn, MetricStat: 'Median' as 'Avg', Period: 'IterationNumber', XAxisType: 'IterationNumber' }],
      }),
    ).rejects.toThrow(/'Median' at 'metricStat'/);
  });

  it('draws as an SVG with a point per epoch', async () => {
    const { MetricQueryResults: results } = await extras.call('BatchGetMetrics', { MetricQueries: metricQueries(jobArn, 'loss') });
    const svg = await chartSvg(
      metricLineChart({ metric: 'loss', lines: [{ label: 'Train', points: metricPoints(results[0], results[1]) }], theme: notebookChartTheme }),
    );
    const symbols = /<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
    expect(symbols.match(/<path /g)).toHaveLength(epochs);
    expect(svg).toContain('loss');
  });
});
