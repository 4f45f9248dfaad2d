/**
 * Metric charts as Vega-Lite specs, one builder for the notebook (rendered to SVG by vega in Node) and the panel
 * (rendered by vega in the browser): a training job's metric over its run, one metric across executions, and a
 * tuning step's hyperparameters against its objective. Also how both ask the service for a metric's values
 * (SageMaker Metrics' BatchGetMetrics shapes). Imports no code, only vega-lite's types, so the panel bundles it
 * on its own (`sluice/metric-charts`).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricQuery, MetricQueryResult } from '../service/protocol.js';

/** One value of a metric: its place in the run (0, 1, … in log order), when it was logged (epoch seconds), the value. */
export interface MetricPoint {
  readonly iteration: number;
  readonly timestamp?: number;
  readonly value: number;
}

/** A line of a chart: one metric of one training job, named for its legend (an execution, a step). */
export interface MetricLine {
  readonly label: string;
  readonly points: readonly MetricPoint[];
}

/** Colours and font of a chart: the panel reads JupyterLab's theme variables, the notebook uses `notebookChartTheme`. */
export interface ChartTheme {
  readonly text: string;
  readonly grid: string;
  readonly background: string;
  readonly font: string;
  /** Colours of lines and points, one per series. */
  readonly palette: readonly string[];
}

/** Tableau 10: mid-luminance colours that read on a light and on a dark background alike. */
const tableau10 = ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

/**
 * A notebook's SVG is shown as an image, outside the page's CSS: mid-grey text and grid on a transparent
 * background read on JupyterLab's light and dark themes alike.
 */
export const notebookChartTheme: ChartTheme = {
  text: '#8a8a8a',
  grid: 'rgba(138, 138, 138, 0.3)',
  background: 'transparent',
  font: 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif',
  palette: tableau10,
};

/** Tableau 10 again, for a theme that has no palette of its own. */
export const chartPalette: readonly string[] = tableau10;

const schema = 'https://vega.github.io/schema/vega-lite/v6.json';

function config(theme: ChartTheme): NonNullable<TopLevelSpec['config']> {
  const axis = {
    labelColor: theme.text,
    titleColor: theme.text,
    gridColor: theme.grid,
    domainColor: theme.grid,
    tickColor: theme.grid,
    labelFont: theme.font,
    titleFont: theme.font,
  };
  return {
    background: theme.background,
    font: theme.font,
    view: { stroke: 'transparent' },
    axis,
    legend: { labelColor: theme.text, titleColor: theme.text, labelFont: theme.font, titleFont: theme.font },
    title: { color: theme.text, subtitleColor: theme.text, font: theme.font, anchor: 'start', fontWeight: 'normal' },
    header: { labelColor: theme.text, titleColor: theme.text },
    range: { category: [...theme.palette] },
  };
}

/** The two queries that give a metric's values with both their iterations and their times. */
export function metricQueries(trainingJobArn: string, metricName: string): [MetricQuery, MetricQuery] {
  const query = { MetricName: metricName, ResourceArn: trainingJobArn, MetricStat: 'Last', Period: 'IterationNumber' } as const;
  return [
    { ...query, XAxisType: 'IterationNumber' },
    { ...query, XAxisType: 'Timestamp' },
  ];
}

/** The points of the answers to `metricQueries`, in order; an answer that is not Complete is an error naming its message. */
export function metricPoints(byIteration: MetricQueryResult, byTime: MetricQueryResult): MetricPoint[] {
  for (const result of [byIteration, byTime]) if (result.Status !== 'Complete') throw new Error(`metric values: ${result.Status}: ${result.Message ?? ''}`);
  return byIteration.MetricValues.map((value, index) => ({ iteration: byIteration.XAxisValues[index], timestamp: byTime.XAxisValues[index], value }));
}

export interface MetricChartOptions {
  /** The metric's name: the y axis' title. */
  readonly metric: string;
  readonly lines: readonly MetricLine[];
  readonly theme: ChartTheme;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

/** A metric over the run as a line with a point per value; with several lines (executions), a colour and legend each. */
export function metricLineChart(options: MetricChartOptions): TopLevelSpec {
  const values = options.lines.flatMap((line) =>
    line.points.map((point) => ({
      series: line.label,
      iteration: point.iteration,
      value: point.value,
      ...(point.timestamp === undefined ? {} : { time: point.timestamp * 1000 }),
    })),
  );
  const several = options.lines.length > 1;
  return {
    $schema: schema,
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 420,
    height: options.height ?? 180,
    config: config(options.theme),
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'iteration', type: 'quantitative', title: 'Iteration (order in the log)', axis: { tickMinStep: 1, format: 'd' } },
      y: { field: 'value', type: 'quantitative', title: options.metric, scale: { zero: false } },
      ...(several
        ? {
            color: {
              field: 'series',
              type: 'nominal',
              title: null,
              sort: options.lines.map((line) => line.label),
              legend: { orient: 'bottom', direction: 'vertical' },
            },
          }
        : { color: { value: options.theme.palette[0] ?? tableau10[0] } }),
      tooltip: [
        ...(several ? [{ field: 'series', type: 'nominal' as const, title: 'Series' }] : []),
        { field: 'iteration', type: 'quantitative', title: 'Iteration' },
        { field: 'value', type: 'quantitative', title: options.metric },
        { field: 'time', type: 'temporal', title: 'Logged', format: '%H:%M:%S' },
      ],
    },
  };
}

/** Several metrics, one chart each, stacked: the notebook's picture of a step. */
export function metricChartStack(title: string, charts: readonly MetricChartOptions[], theme: ChartTheme): TopLevelSpec {
  const [first] = charts;
  if (charts.length === 1 && first !== undefined) return metricLineChart({ ...first, title });
  return {
    $schema: schema,
    title,
    config: config(theme),
    vconcat: charts.map((chart) => {
      // A chart inside a concatenation carries no $schema or config of its own.
      const { $schema: _schema, config: _config, ...inner } = metricLineChart(chart) as TopLevelSpec & { $schema?: string; config?: unknown };
      return inner;
    }),
  } as TopLevelSpec;
}

/** One training job of a tuning step: its tuned hyperparameters and its final objective. */
export interface TuningTrial {
  /** What the colour tells apart (an execution). */
  readonly label: string;
  readonly trainingJobName: string;
  readonly hyperparameters: Readonly<Record<string, string>>;
  readonly objective: number;
}

/**
 * A tuning step's trials: for each numeric hyperparameter a scatter of its value against the objective, side by
 * side (logarithmic where the values span more than two decades, as log-scaled ranges do).
 */
export function tuningScatter(options: { objective: string; trials: readonly TuningTrial[]; theme: ChartTheme; title?: string }): TopLevelSpec {
  const names = [...new Set(options.trials.flatMap((trial) => Object.keys(trial.hyperparameters)))].sort();
  const numeric = names.filter((name) =>
    options.trials.every((trial) => trial.hyperparameters[name] === undefined || Number.isFinite(Number(trial.hyperparameters[name]))),
  );
  const values = options.trials.map((trial) => ({
    series: trial.label,
    job: trial.trainingJobName,
    objective: trial.objective,
    ...Object.fromEntries(numeric.map((name, index) => [`hp${index}`, Number(trial.hyperparameters[name])])),
  }));
  const labels = [...new Set(options.trials.map((trial) => trial.label))];
  const logScale = (index: number): boolean => {
    const all = values.map((value) => value[`hp${index}` as keyof typeof value] as number).filter((value) => Number.isFinite(value));
    return all.length > 1 && Math.min(...all) > 0 && Math.max(...all) / Math.min(...all) > 100;
  };
  return {
    $schema: schema,
    ...(options.title === undefined ? {} : { title: options.title }),
    config: config(options.theme),
    data: { values },
    hconcat: numeric.map((name, index) => ({
      width: 220,
      height: 180,
      mark: { type: 'point', filled: true, size: 60 },
      encoding: {
        x: { field: `hp${index}`, type: 'quantitative', title: name, scale: logScale(index) ? { type: 'log' } : { zero: false } },
        y: { field: 'objective', type: 'quantitative', title: options.objective, scale: { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, sort: labels, legend: labels.length > 1 ? { orient: 'bottom' } : null },
        tooltip: [
          { field: 'job', type: 'nominal', title: 'Training job' },
          { field: `hp${index}`, type: 'quantitative', title: name },
          { field: 'objective', type: 'quantitative', title: options.objective },
        ],
      },
    })),
  } as TopLevelSpec;
}

/** A metric's line in words: the text beside (or instead of) its chart. */
export function describeLine(metric: string, points: readonly MetricPoint[]): string {
  if (points.length === 0) return `${metric}: no values`;
  const best = points.reduce((low, point) => (point.value < low.value ? point : low));
  const first = points[0];
  const last = points[points.length - 1];
  return `${metric}: ${points.length} values, ${first.value} → ${last.value} (lowest ${best.value} at iteration ${best.iteration})`;
}
