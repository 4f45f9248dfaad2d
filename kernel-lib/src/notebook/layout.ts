/**
 * A layered layout, top to bottom: a step's layer is the longest path to it from a step with no
 * predecessors, and steps within a layer are ordered by where their predecessors sit (barycentre).
 * Enough for pipelines of tens of steps; no crossing minimisation beyond that one pass.
 */
import type { PipelineGraph } from './graph.js';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
}

export const boxHeight = 46;
const layerGap = 56;
/** Room on the right for edges that skip layers, which are drawn around the boxes between. */
export const bypassRoom = 90;
export const layerHeight = boxHeight + layerGap;
const columnGap = 36;
const margin = 24;
const charWidth = 7.4;

/** Width of a box that fits the longest step name in the graph, so no name is cut. */
export function boxWidthFor(graph: PipelineGraph): number {
  const longest = Math.max(0, ...graph.nodes.map((node) => Math.max(node.name.length, node.type.length + 4)));
  return Math.max(150, Math.ceil(longest * charWidth) + 28);
}

export function layeredLayout(graph: PipelineGraph): Layout {
  const predecessors = new Map<string, string[]>(graph.nodes.map((node) => [node.name, []]));
  for (const edge of graph.edges) predecessors.get(edge.to)?.push(edge.from);

  const layer = new Map<string, number>();
  const layerOf = (name: string, visiting: Set<string>): number => {
    const known = layer.get(name);
    if (known !== undefined) return known;
    // A cycle cannot be a valid definition; break it rather than recurse forever.
    if (visiting.has(name)) return 0;
    visiting.add(name);
    const value = Math.max(-1, ...(predecessors.get(name) ?? []).map((from) => layerOf(from, visiting))) + 1;
    visiting.delete(name);
    layer.set(name, value);
    return value;
  };
  for (const node of graph.nodes) layerOf(node.name, new Set());

  const layers: string[][] = [];
  for (const node of graph.nodes) (layers[layer.get(node.name) ?? 0] ??= []).push(node.name);

  const column = new Map<string, number>();
  for (const names of layers) {
    const barycentre = (name: string): number => {
      const placed = (predecessors.get(name) ?? []).map((from) => column.get(from)).filter((value): value is number => value !== undefined);
      return placed.length === 0 ? Number.POSITIVE_INFINITY : placed.reduce((sum, value) => sum + value, 0) / placed.length;
    };
    // Stable sort: steps with equal barycentres keep the definition's order.
    const ordered = names.map((name, index) => ({ name, index, key: barycentre(name) })).sort((a, b) => a.key - b.key || a.index - b.index);
    ordered.forEach((entry, index) => column.set(entry.name, index));
    names.splice(0, names.length, ...ordered.map((entry) => entry.name));
  }

  const width = boxWidthFor(graph);
  const widest = Math.max(1, ...layers.map((names) => names.length));
  const boxesWidth = margin * 2 + widest * width + (widest - 1) * columnGap;
  const totalWidth = boxesWidth + bypassRoom;
  const boxes = new Map<string, Box>();
  layers.forEach((names, index) => {
    const rowWidth = names.length * width + (names.length - 1) * columnGap;
    const left = (boxesWidth - rowWidth) / 2;
    names.forEach((name, position) => {
      boxes.set(name, { x: left + position * (width + columnGap), y: margin + index * (boxHeight + layerGap), width, height: boxHeight });
    });
  });
  return { boxes, width: totalWidth, height: margin * 2 + layers.length * boxHeight + Math.max(0, layers.length - 1) * layerGap };
}
