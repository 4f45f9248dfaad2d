/**
 * The DAG picture, left to right as in the panel: one box per step (name, type, and status when an execution is
 * drawn), data edges solid, DependsOn edges dashed, condition branches green "true" / red "false". In an
 * execution, the branch a condition did not take is greyed, with the steps on it that did not run.
 */
import type { PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import type { EdgeKind, GraphEdge, PipelineGraph } from '../definition/index.js';
import { escapeXml } from './html.js';
import { edgePath, labelPoint, layoutPipelineGraph, textWidth, wrapName, type Box, type Point } from './layout.js';
import { coloursFor } from './step-status.js';

export interface DagState {
  /** Step name → StepStatus, for an execution's picture. */
  readonly statuses?: ReadonlyMap<string, string>;
  /** Condition step name → the outcome it evaluated to, for an execution's picture. */
  readonly outcomes?: ReadonlyMap<string, 'True' | 'False'>;
}

const edgeStyles: Readonly<Record<EdgeKind, { stroke: string; dash?: string }>> = {
  data: { stroke: '#5f6368' },
  dependsOn: { stroke: '#9aa0a6', dash: '5 4' },
  true: { stroke: '#1e8e3e' },
  false: { stroke: '#d93025' },
};
const untakenStroke = '#dadce0';

const nameSize = 13;
const subtitleSize = 11;
const boxHeight = 46;
const lineHeight = 16;
const padding = 14;
/** Longer names wrap between their words, so one long name does not stretch its whole column. */
const nameWidth = 200;

/** What each Condition step evaluated to, from an execution's step list (`Metadata.Condition.Outcome`). */
export function conditionOutcomes(steps: readonly PipelineExecutionStep[]): Map<string, 'True' | 'False'> {
  const outcomes = new Map<string, 'True' | 'False'>();
  for (const step of steps) {
    const outcome = step.Metadata?.Condition?.Outcome;
    if (step.StepName !== undefined && (outcome === 'True' || outcome === 'False') && !outcomes.has(step.StepName)) outcomes.set(step.StepName, outcome);
  }
  return outcomes;
}

/** Branch edges a condition did not take, and the steps on them that did not run. */
function untakenBranches(graph: PipelineGraph, state: DagState): { edges: Set<GraphEdge>; steps: Set<string> } {
  const edges = new Set<GraphEdge>();
  const steps = new Set<string>();
  for (const edge of graph.edges) {
    const outcome = state.outcomes?.get(edge.from);
    if ((edge.kind !== 'true' && edge.kind !== 'false') || outcome === undefined || (edge.kind === 'true') === (outcome === 'True')) continue;
    edges.add(edge);
    if (state.statuses?.get(edge.to) === undefined) steps.add(edge.to);
  }
  return { edges, steps };
}

function subtitleOf(type: string, status: string | undefined): string {
  return status === undefined ? type : `${type} · ${status}`;
}

/** A box wide enough for the step's name and for its subtitle with the longest status, so boxes keep their size as an execution runs. */
function boxSize(name: string, type: string): { width: number; height: number } {
  const lines = wrapName(name, nameSize, nameWidth);
  const text = Math.max(...lines.map((line) => textWidth(line, nameSize, true)), textWidth(subtitleOf(type, 'Succeeded'), subtitleSize));
  return { width: Math.max(120, text + padding * 2), height: boxHeight + (lines.length - 1) * lineHeight };
}

function edgeSvg(edge: GraphEdge, points: readonly Point[], untaken: boolean, branch: string): string {
  const style = edgeStyles[edge.kind];
  const stroke = untaken ? untakenStroke : style.stroke;
  const dash = style.dash === undefined ? '' : ` stroke-dasharray="${style.dash}"`;
  const attributes = `class="edge edge-${edge.kind}${untaken ? ' untaken' : ''}" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}"${branch}`;
  const end = points[points.length - 1];
  const path = `<path d="${edgePath(points)}" fill="none" stroke="${stroke}" stroke-width="1.5"${dash}/>`;
  // Arrowheads as polygons, not <marker>s: several pictures in one page would share marker ids.
  const head = `<polygon points="${end.x - 7},${end.y - 4} ${end.x - 7},${end.y + 4} ${end.x},${end.y}" fill="${stroke}"/>`;
  const at = labelPoint(points);
  const label =
    edge.kind === 'true' || edge.kind === 'false'
      ? `<text x="${Math.round(at.x)}" y="${Math.round(at.y) - 4}" text-anchor="middle" font-size="11" fill="${stroke}">${edge.kind}</text>`
      : '';
  return `<g ${attributes}>${path}${head}${label}</g>`;
}

function nodeSvg(name: string, type: string, box: Box, status: string | undefined, untaken: boolean): string {
  const colours = coloursFor(status);
  const subtitle = untaken ? `${type} · not taken` : subtitleOf(type, status);
  const centre = box.x + box.width / 2;
  const lines = wrapName(name, nameSize, nameWidth);
  const nameText = lines.map((line, index) => `<tspan x="${centre}" y="${box.y + 19 + index * lineHeight}">${escapeXml(line)}</tspan>`).join('');
  const statusAttribute = status === undefined ? '' : ` data-status="${escapeXml(status)}"`;
  return (
    `<g class="step${untaken ? ' untaken' : ''}" data-step="${escapeXml(name)}" data-type="${escapeXml(type)}"${statusAttribute}${untaken ? ' opacity="0.45"' : ''}>` +
    `<title>${escapeXml(`${name} (${subtitle})`)}</title>` +
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" rx="6" fill="${colours.fill}" stroke="${colours.stroke}" stroke-width="1.5"${untaken ? ' stroke-dasharray="4 3"' : ''}/>` +
    `<text x="${centre}" y="${box.y + 19}" text-anchor="middle" font-size="${nameSize}" font-weight="600" fill="#202124">${nameText}</text>` +
    `<text x="${centre}" y="${box.y + 36 + (lines.length - 1) * lineHeight}" text-anchor="middle" font-size="${subtitleSize}" fill="#5f6368">${escapeXml(subtitle)}</text>` +
    `</g>`
  );
}

/**
 * A pipeline's DAG as an SVG picture: one box per step (coloured by status when `state` gives an execution's), data edges
 * solid, `DependsOn` dashed, condition branches labelled true and false.
 *
 * @example
 * ```ts
 * const svg = dagSvg(pipelineGraph(pipeline.definition()));
 * ```
 */
export function dagSvg(graph: PipelineGraph, state: DagState = {}): string {
  const types = new Map(graph.nodes.map((node) => [node.name, node.type]));
  const layout = layoutPipelineGraph(
    graph.nodes.map((node) => node.name),
    graph.edges,
    (name) => boxSize(name, types.get(name) ?? ''),
  );
  const untaken = untakenBranches(graph, state);
  const edges = graph.edges.map((edge, index) => {
    const points = layout.edges[index].points;
    if (points.length === 0) return '';
    const isBranch = edge.kind === 'true' || edge.kind === 'false';
    const branch = isBranch && state.outcomes?.has(edge.from) ? ` data-branch="${untaken.edges.has(edge) ? 'untaken' : 'taken'}"` : '';
    return edgeSvg(edge, points, untaken.edges.has(edge) || untaken.steps.has(edge.to), branch);
  });
  const nodes = graph.nodes.map((node) => {
    const box = layout.boxes.get(node.name);
    return box === undefined ? '' : nodeSvg(node.name, node.type, box, state.statuses?.get(node.name), untaken.steps.has(node.name));
  });
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sluice-dag" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">` +
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
  const untaken = untakenBranches(graph, state).steps;
  return graph.nodes
    .map((node) => {
      const status = untaken.has(node.name) ? 'not taken' : state.statuses?.get(node.name);
      const after = incoming(node.name);
      return `  ${node.name} (${node.type}${status === undefined ? '' : `, ${status}`})${after.length === 0 ? '' : ` ← ${after.join(', ')}`}`;
    })
    .join('\n');
}
