/**
 * A Vega-Lite spec drawn as a static SVG in Node, for a notebook cell: vega's headless View (no canvas, no
 * browser). vega is loaded on the first chart, so importing sluice stays quick.
 */
import type { TopLevelSpec } from 'vega-lite';

/**
 * Draws a Vega-Lite spec as an SVG string (vega's headless renderer), e.g. to show a chart of your own in a cell.
 *
 * @example
 * ```ts
 * const svg = await chartSvg({ data: { values: [{ epoch: 1, mse: 9.1 }, { epoch: 2, mse: 6.4 }] }, mark: 'line',
 *   encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'mse', type: 'quantitative' } } });
 * emit({ text: 'MSE by epoch', svg });
 * ```
 */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  // One after the other: they share modules, which some loaders (jest's) cannot link twice at once.
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
