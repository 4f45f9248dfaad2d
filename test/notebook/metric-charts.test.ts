// The chart builder the notebook and the panel share, drawn as the notebook draws it (SVG from vega in Node).
import { chartSvg } from '../../kernel-lib/src/notebook/chart-svg.js';
import { metricLineChart, notebookChartTheme, tuningScatter, type TuningTrial } from '../../kernel-lib/src/notebook/metric-charts.js';

/** The marks of one kind in the plot (legend symbols are not marks). */
const marks = (svg: string, kind: 'symbol' | 'line'): number =>
  [...svg.matchAll(new RegExp(`<g class="mark-${kind} role-mark[^"]*"[^>]*>(.*?)</g>`, 'gs'))].reduce(
    (sum, group) => sum + (group[1].match(/<path /g)?.length ?? 0),
    0,
  );

/** WCAG 2's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5]
      .map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('metric charts', () => {
  it('draws one line per execution, each with a point per value, and a legend naming them', async () => {
    const line = (label: string, rate: number) => ({
      label,
      points: Array.from({ length: 12 }, (_, iteration) => ({ iteration, value: Math.exp(-rate * iteration) })),
    });
    const svg = await chartSvg(metricLineChart({ metric: 'loss', lines: [line('slow-descent', 0.05), line('fast-descent', 0.3)], theme: notebookChartTheme }));
    expect(marks(svg, 'line')).toBe(2);
    expect(marks(svg, 'symbol')).toBe(24);
    expect(svg).toContain('slow-descent');
    expect(svg).toContain('fast-descent');
  });

  it("draws in the notebook's theme: no white background, mid-grey text that reads on light and dark", async () => {
    const svg = await chartSvg(
      metricLineChart({ metric: 'loss', lines: [{ label: 'Train', points: [{ iteration: 0, value: 1 }] }], theme: notebookChartTheme }),
    );
    expect(svg).not.toMatch(/fill="(white|#fff|#ffffff)"/i);
    expect(svg).toContain(`fill="${notebookChartTheme.text}"`);
    // WCAG's contrast for graphics and large text (3:1) on JupyterLab's light (white) and dark (#111111) cells.
    expect(contrast(notebookChartTheme.text, '#ffffff')).toBeGreaterThanOrEqual(3);
    expect(contrast(notebookChartTheme.text, '#111111')).toBeGreaterThanOrEqual(3);
  });

  it("plots a tuning step's trials: a panel per hyperparameter, a point per trial, log-scaled where the values span decades", async () => {
    const trials: TuningTrial[] = [0.001, 0.02, 0.5, 3, 40, 900].map((ridge, index) => ({
      label: index < 3 ? 'run-a' : 'run-b',
      trainingJobName: `tune-${index}`,
      hyperparameters: { ridge: String(ridge), depth: String(index + 2) },
      objective: 4 + Math.abs(Math.log10(ridge)),
    }));
    const spec = tuningScatter({ objective: 'validation:mse', trials, theme: notebookChartTheme }) as {
      hconcat: { encoding: { x: { title: string; scale: object } } }[];
    };
    expect(spec.hconcat.map((panel) => [panel.encoding.x.title, panel.encoding.x.scale])).toEqual([
      ['depth', { zero: false }],
      ['ridge', { type: 'log' }],
    ]);
    const svg = await chartSvg(spec as Parameters<typeof chartSvg>[0]);
    expect(marks(svg, 'symbol')).toBe(2 * trials.length);
  });
});
