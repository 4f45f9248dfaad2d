/**
 * The DAG picture: one box per step (name, type, and status when an execution is drawn), data edges
 * solid, DependsOn edges dashed, condition branches green "true" / red "false".
 */
import type { EdgeKind, GraphEdge, PipelineGraph } from './graph.js';
import { escapeXml } from './html.js';
import { layeredLayout, layerHeight, type Box } from './layout.js';
import { coloursFor } from './step-status.js';

export interface DagState {
  /** Step name → StepStatus, for an execution's picture. */
  readonly statuses?: ReadonlyMap<string, string>;
}

const edgeStyles: Readonly<Record<EdgeKind, { stroke: string; dash?: string }>> = {
  data: { stroke: '#5f6368' },
  dependsOn: { stroke: '#9aa0a6', dash: '5 4' },
  true: { stroke: '#1e8e3e' },
  false: { stroke: '#d93025' },
};

function edgeSvg(edge: GraphEdge, from: Box, to: Box, offset: number, bypass: number): string {
  const style = edgeStyles[edge.kind];
  const dash = style.dash === undefined ? '' : ` stroke-dasharray="${style.dash}"`;
  const attributes = `class="edge edge-${edge.kind}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}"`;
  if (to.y - from.y > layerHeight * 1.5) {
    // Skips a layer: a straight drop would hide behind the boxes between, so go round on the right.
    const sx = from.x + from.width;
    const sy = from.y + from.height / 2 + offset;
    const ex = to.x + to.width + 1;
    const ey = to.y + to.height / 2 + offset;
    const out = Math.max(sx, ex) + 24 + bypass * 14;
    const path = `<path d="M${sx},${sy} C${out},${sy} ${out},${ey} ${ex + 6},${ey}" fill="none" stroke="${style.stroke}" stroke-width="1.5"${dash}/>`;
    const head = `<polygon points="${ex + 7},${ey - 4} ${ex + 7},${ey + 4} ${ex},${ey}" fill="${style.stroke}"/>`;
    return `<g ${attributes}>${path}${head}</g>`;
  }
  const x1 = from.x + from.width / 2 + offset;
  const y1 = from.y + from.height;
  const x2 = to.x + to.width / 2 + offset;
  const y2 = to.y - 1;
  const bend = Math.max(20, (y2 - y1) / 2);
  const path = `<path d="M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2 - 6}" fill="none" stroke="${style.stroke}" stroke-width="1.5"${dash}/>`;
  // Arrowheads as polygons, not <marker>s: several pictures in one page would share marker ids.
  const head = `<polygon points="${x2 - 4},${y2 - 7} ${x2 + 4},${y2 - 7} ${x2},${y2}" fill="${style.stroke}"/>`;
  const label =
    edge.kind === 'true' || edge.kind === 'false'
      ? `<text x="${(x1 + x2) / 2 + 4}" y="${(y1 + y2) / 2}" font-size="11" fill="${style.stroke}">${edge.kind}</text>`
      : '';
  return `<g ${attributes}>${path}${head}${label}</g>`;
}

function nodeSvg(name: string, type: string, box: Box, status: string | undefined): string {
  const colours = coloursFor(status);
  const subtitle = status === undefined ? type : `${type} · ${status}`;
  const centre = box.x + box.width / 2;
  return (
    `<g class="step" data-step="${escapeXml(name)}" data-type="${escapeXml(type)}"${status === undefined ? '' : ` data-status="${escapeXml(status)}"`}>` +
    `<title>${escapeXml(`${name} (${subtitle})`)}</title>` +
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6" fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="1.5"/>` +
    `<text x="${centre}" y="${box.y + 19}" text-anchor="middle" font-size="13" font-weight="600" fill="#202124">${escapeXml(name)}</text>` +
    `<text x="${centre}" y="${box.y + 36}" text-anchor="middle" font-size="11" fill="#5f6368">${escapeXml(subtitle)}</text>` +
    `</g>`
  );
}

export function dagSvg(graph: PipelineGraph, state: DagState = {}): string {
  const layout = layeredLayout(graph);
  // Two edges between the same pair (data and a branch, say) are drawn side by side, not on top of each other.
  const seen = new Map<string, number>();
  let bypasses = 0;
  const edges = graph.edges.map((edge) => {
    const key = `${edge.from}\u0000${edge.to}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    const from = layout.boxes.get(edge.from);
    const to = layout.boxes.get(edge.to);
    if (from === undefined || to === undefined) return '';
    const skips = to.y - from.y > layerHeight * 1.5;
    return edgeSvg(edge, from, to, count * 8, skips ? bypasses++ : 0);
  });
  const nodes = graph.nodes.map((node) => {
    const box = layout.boxes.get(node.name);
    return box === undefined ? '' : nodeSvg(node.name, node.type, box, state.statuses?.get(node.name));
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sluice-dag" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif">` +
    edges.join('') +
    nodes.join('') +
    `</svg>`
  );
}

/** The DAG as text: each step with its type, status and what it waits for. */
export function dagText(graph: PipelineGraph, state: DagState = {}): string {
  const incoming = (name: string): string[] =>
    graph.edges
      .filter((edge) => edge.to === name)
      .map((edge) => (edge.kind === 'data' ? edge.from : edge.kind === 'dependsOn' ? `${edge.from} (DependsOn)` : `${edge.from} is ${edge.kind}`));
  return graph.nodes
    .map((node) => {
      const status = state.statuses?.get(node.name);
      const after = incoming(node.name);
      return `  ${node.name} (${node.type}${status === undefined ? '' : `, ${status}`})${after.length === 0 ? '' : ` ← ${after.join(', ')}`}`;
    })
    .join('\n');
}
