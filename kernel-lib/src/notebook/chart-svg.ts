/**
 * A Vega-Lite spec drawn as a static SVG in Node, for a notebook cell: vega's headless View (no canvas, no
 * browser). vega is loaded on the first chart, so importing sluice stays quick.
 */
import type { TopLevelSpec } from 'vega-lite';

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
