/**
 * How a pipeline's graph is laid out, for the notebook's picture and the panel's graph alike: dagre, left to
 * right, each step as wide as its name, and every edge routed from its source's right side to its target's left
 * side through the gaps between columns of steps, so no edge runs behind a step it does not join.
 * Imports nothing but dagre, so the panel bundles it on its own (`sluice/graph-layout`).
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

/** A step's box: top-left corner and size. */
export interface Box extends Point, Size {}

export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
}

/** An edge's route: starts on its source's right side, ends on its target's left side. */
export interface RoutedEdge extends LayoutEdge {
  readonly points: readonly Point[];
}

export interface GraphLayout {
  readonly boxes: ReadonlyMap<string, Box>;
  /** In the order the edges were given. */
  readonly edges: readonly RoutedEdge[];
  readonly width: number;
  readonly height: number;
}

/** One set of dagre settings, so the notebook and the panel draw the same pipeline the same way. */
export const layoutSettings = { rankdir: 'LR', nodesep: 32, ranksep: 56, marginx: 16, marginy: 16 } as const;

interface Column {
  readonly left: number;
  readonly right: number;
}

export function layoutPipelineGraph(nodes: readonly string[], edges: readonly LayoutEdge[], sizeOf: (name: string) => Size): GraphLayout {
  // A multigraph: two edges between the same steps (data and a branch, say) are routed separately.
  const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  graph.setGraph({ ...layoutSettings });
  const known = new Set(nodes);
  for (const name of nodes) graph.setNode(name, { ...sizeOf(name) });
  edges.forEach((edge, index) => {
    if (known.has(edge.from) && known.has(edge.to) && edge.from !== edge.to) graph.setEdge(edge.from, edge.to, {}, String(index));
  });
  dagre.layout(graph);

  const boxes = new Map<string, Box>();
  const columns: Column[] = [];
  for (const name of nodes) {
    const placed = graph.node(name);
    // dagre gives centres; boxes are drawn from their top-left corner.
    const [x, y] = [placed.x ?? 0, placed.y ?? 0];
    boxes.set(name, { x: x - placed.width / 2, y: y - placed.height / 2, width: placed.width, height: placed.height });
    const column = columns.find((candidate) => Math.abs((candidate.left + candidate.right) / 2 - x) < 0.5);
    const half = placed.width / 2;
    if (column === undefined) columns.push({ left: x - half, right: x + half });
    else columns.splice(columns.indexOf(column), 1, { left: Math.min(column.left, x - half), right: Math.max(column.right, x + half) });
  }
  const columnAt = (x: number): Column | undefined => columns.find((column) => x >= column.left - 0.5 && x <= column.right + 0.5);

  // dagre's bends: in a gap between columns, or where the edge passes a column, between its steps.
  const bends = edges.map((edge, index): Point[] => {
    const placed: EdgeLabel | undefined = known.has(edge.from) && known.has(edge.to) ? graph.edge(edge.from, edge.to, String(index)) : undefined;
    const inner = (placed?.points ?? []).slice(1, -1);
    return inner.flatMap((point: Point) => {
      const column = columnAt(point.x);
      // Across a column the edge runs level, in the space dagre kept free between that column's steps.
      return column === undefined
        ? [point]
        : [
            { x: column.left, y: point.y },
            { x: column.right, y: point.y },
          ];
    });
  });

  // Ports: a step's edges leave its right side and enter its left side spread out, in the order they come and go.
  const portY = new Map<string, number>();
  const spread = (name: string, side: 'out' | 'in', indices: number[], towards: (index: number) => number): void => {
    const box = boxes.get(name);
    if (box === undefined) return;
    indices.sort((a, b) => towards(a) - towards(b) || a - b);
    indices.forEach((index, position) => portY.set(`${side}${index}`, box.y + (box.height * (position + 1)) / (indices.length + 1)));
  };
  for (const name of nodes) {
    const outgoing = edges.flatMap((edge, index) => (edge.from === name && edge.to !== name && boxes.has(edge.to) ? [index] : []));
    const incoming = edges.flatMap((edge, index) => (edge.to === name && edge.from !== name && boxes.has(edge.from) ? [index] : []));
    spread(name, 'out', outgoing, (index) => bends[index][0]?.y ?? boxes.get(edges[index].to)?.y ?? 0);
    spread(name, 'in', incoming, (index) => bends[index].at(-1)?.y ?? boxes.get(edges[index].from)?.y ?? 0);
  }

  const routed = edges.map((edge, index): RoutedEdge => {
    const from = boxes.get(edge.from);
    const to = boxes.get(edge.to);
    if (from === undefined || to === undefined || edge.from === edge.to) return { ...edge, points: [] };
    const start = { x: from.x + from.width, y: portY.get(`out${index}`) ?? from.y + from.height / 2 };
    const end = { x: to.x, y: portY.get(`in${index}`) ?? to.y + to.height / 2 };
    const exit = columnAt(start.x - 1)?.right ?? start.x;
    const entry = columnAt(end.x + 1)?.left ?? end.x;
    const points = [start, { x: exit, y: start.y }, ...bends[index], { x: entry, y: end.y }, end];
    return { ...edge, points: points.filter((point, at) => at === 0 || point.x !== points[at - 1].x || point.y !== points[at - 1].y) };
  });

  const size = graph.graph();
  return { boxes, edges: routed, width: size.width ?? 0, height: size.height ?? 0 };
}

/**
 * An SVG path through a route: straight where it runs level, and between points at different heights an
 * S-curve that leaves and arrives level and stays inside the rectangle the two points span.
 */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const round = (value: number): number => Math.round(value * 10) / 10;
  let path = `M${round(points[0].x)},${round(points[0].y)}`;
  for (let index = 1; index < points.length; index++) {
    const a = points[index - 1];
    const b = points[index];
    if (Math.abs(a.y - b.y) < 0.5 || Math.abs(a.x - b.x) < 0.5) path += ` L${round(b.x)},${round(b.y)}`;
    else {
      const middle = round((a.x + b.x) / 2);
      path += ` C${middle},${round(a.y)} ${middle},${round(b.y)} ${round(b.x)},${round(b.y)}`;
    }
  }
  return path;
}

/** Where an edge's label goes: the middle of the route's first stretch outside the source's column. */
export function labelPoint(points: readonly Point[]): Point {
  if (points.length < 2) return points[0] ?? { x: 0, y: 0 };
  const at = Math.min(points.length - 1, 2);
  return { x: (points[at - 1].x + points[at].x) / 2, y: (points[at - 1].y + points[at].y) / 2 };
}

// Advance widths in em, generous (DejaVu Sans, the widest common default), so a name never outgrows its box.
const narrow = new Set("iljtfrI!|.,:;'()[] ".split(''));
const wide = new Set('MWmw@%'.split(''));

/** An estimate of the width of a line of sans-serif text, at least as wide as the usual fonts draw it. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let ems = 0;
  for (const character of text) {
    if (narrow.has(character)) ems += 0.36;
    else if (wide.has(character)) ems += 0.98;
    else if (character >= 'A' && character <= 'Z') ems += 0.78;
    else ems += 0.66;
  }
  return Math.ceil(ems * fontSize * (bold ? 1.1 : 1));
}

/**
 * A step's name in lines no wider than `maxWidth`, broken between words of its CamelCase, hyphens and
 * underscores; a single word wider than that keeps a line of its own rather than being cut.
 */
export function wrapName(name: string, fontSize: number, maxWidth: number, bold = true): string[] {
  const words = name.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[-_.\s])/).filter((word) => word !== '');
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && textWidth(lines[last] + word, fontSize, bold) <= maxWidth) lines[last] += word;
    else lines.push(word);
  }
  return lines.length === 0 ? [name] : lines;
}
