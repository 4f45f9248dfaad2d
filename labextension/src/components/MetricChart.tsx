import * as React from 'react';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { chartPalette, type ChartTheme } from 'sluice/metric-charts';

/** The chart colours of the JupyterLab theme in force, from its CSS variables. */
function jupyterChartTheme(): ChartTheme {
  const style = getComputedStyle(document.body);
  const variable = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  return {
    text: variable('--jp-ui-font-color1', '#333'),
    grid: variable('--jp-border-color2', '#ccc'),
    background: 'transparent',
    font: variable('--jp-ui-font-family', 'sans-serif'),
    palette: chartPalette,
  };
}

/** The chart theme, again whenever JupyterLab switches theme (it marks the body with the theme's name). */
function useJupyterChartTheme(): ChartTheme {
  const [theme, setTheme] = React.useState(jupyterChartTheme);
  React.useEffect(() => {
    const observer = new MutationObserver(() => setTheme(jupyterChartTheme()));
    observer.observe(document.body, { attributes: true, attributeFilter: ['data-jp-theme-name', 'data-jp-theme-light'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}

/**
 * A Vega-Lite chart drawn as SVG by vega's View, in the current JupyterLab theme; `spec` builds it from a theme
 * (the builders of `sluice/metric-charts`, which the notebook's charts use too).
 */
export function MetricChart(props: { spec: (theme: ChartTheme) => TopLevelSpec; className?: string; data?: Record<string, string> }): React.ReactElement {
  const theme = useJupyterChartTheme();
  const container = React.useRef<HTMLDivElement>(null);
  const [problem, setProblem] = React.useState<string>();
  // Drawn again only when the spec itself changes, not on every render of the pane around it.
  const spec = JSON.stringify(props.spec(theme));
  React.useEffect(() => {
    const element = container.current;
    if (element === null) return;
    let view: View | undefined;
    try {
      view = new View(parse(compile(JSON.parse(spec) as TopLevelSpec).spec), { renderer: 'svg', container: element, hover: true });
      view.runAsync().catch((error: unknown) => setProblem(String(error)));
      setProblem(undefined);
    } catch (error) {
      setProblem(String(error));
    }
    return () => {
      view?.finalize();
    };
  }, [spec]);
  const dataAttributes = Object.fromEntries(Object.entries(props.data ?? {}).map(([name, value]) => [`data-${name}`, value]));
  return (
    <div className={`sluice-MetricChart ${props.className ?? ''}`} {...dataAttributes}>
      <div ref={container} />
      {problem && <p className="sluice-Empty">The chart cannot be drawn: {problem}</p>}
    </div>
  );
}
