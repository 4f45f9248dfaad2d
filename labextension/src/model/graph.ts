/**
 * A pipeline definition (SageMaker schema 2020-12-01) as a graph: one node per step, including the steps
 * nested in a Condition's IfSteps/ElseSteps, and edges of three kinds, laid out left to right by the layout
 * the notebook's picture uses (`sluice/graph-layout`). Kept free of React so it can be tested without a browser.
 */
import { pipelineGraph, type BranchPlacement, type EdgeKind, type PropertyFile } from 'sluice/definition';
import { edgePath, labelPoint, layoutPipelineGraph, textWidth, wrapName, type Point } from 'sluice/graph-layout';

export { edgePath, labelPoint };
export type { EdgeKind, PropertyFile };
import { stepStateLabel } from './step-status';

export interface GraphNode {
  /** The step's name, unique within a pipeline. */
  id: string;
  stepType: string;
  /** The Condition step whose branch holds this step, if any. */
  branchOf?: BranchPlacement;
  /** JSON files the step's outputs hold and later steps read (a processing step's PropertyFiles). */
  propertyFiles?: readonly PropertyFile[];
  /** The step's name as it is drawn: broken between words into lines that fit the node. */
  nameLines: string[];
  position: { x: number; y: number };
  width: number;
  height: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** The edge's route, from the source's right side to the target's left side, around other steps. */
  points: Point[];
}

export interface PipelineGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** A step node's parts, in CSS pixels (labextension/style/graph.css draws them): name lines, then type, then state. */
export const nodeStyle = {
  nameFontSize: 13,
  smallFontSize: 11,
  nameWidth: 150,
  lineHeight: 17,
  smallLineHeight: 14,
  frame: 2 * 2 + 6 * 2,
  chrome: 2 * 2 + 10 * 2 + 26 + 8,
} as const;

/** What a step on a branch its condition did not take says instead of its state. */
export const untakenLabel = 'Branch not taken';

/** A node as big as its name (in lines), its type and its longest state label, so nodes keep their size as an execution runs. */
export function stepNodeSize(name: string, stepType: string): { nameLines: string[]; width: number; height: number } {
  const nameLines = wrapName(name, nodeStyle.nameFontSize, nodeStyle.nameWidth);
  const small = [stepType, ...Object.values(stepStateLabel), untakenLabel].map((text) => textWidth(text, nodeStyle.smallFontSize));
  const text = Math.max(...small, ...nameLines.map((line) => textWidth(line, nodeStyle.nameFontSize, true)));
  return {
    nameLines,
    width: Math.ceil(text + nodeStyle.chrome),
    height: nodeStyle.frame + nameLines.length * nodeStyle.lineHeight + 2 * nodeStyle.smallLineHeight + 4,
  };
}

/** The definition core's graph, laid out: each step as big as its name, edges routed between columns. */
export function definitionToGraph(definitionJson: string | Parameters<typeof pipelineGraph>[0]): PipelineGraph {
  const graph = pipelineGraph(definitionJson);
  const edges = graph.edges.map((edge) => ({ id: `${edge.from}->${edge.to}:${edge.kind}`, source: edge.from, target: edge.to, kind: edge.kind }));
  const sizes = new Map(graph.nodes.map((node) => [node.name, stepNodeSize(node.name, node.type)]));
  const layout = layoutPipelineGraph(
    graph.nodes.map((node) => node.name),
    graph.edges,
    (name) => sizes.get(name) ?? stepNodeSize(name, ''),
  );
  const nodes = graph.nodes.map((node): GraphNode => {
    const box = layout.boxes.get(node.name) ?? { x: 0, y: 0, width: 0, height: 0 };
    return {
      id: node.name,
      stepType: node.type,
      ...(node.branchOf ? { branchOf: node.branchOf } : {}),
      ...(node.propertyFiles ? { propertyFiles: node.propertyFiles } : {}),
      nameLines: sizes.get(node.name)?.nameLines ?? [node.name],
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height,
    };
  });
  return { nodes, edges: edges.map((edge, index) => ({ ...edge, points: [...layout.edges[index].points] })) };
}

/** The branches a finished Condition step did not take, and the steps on them that did not run, to grey them. */
export function untakenBranches(
  graph: PipelineGraph,
  outcomeOf: (condition: string) => 'true' | 'false' | undefined,
  ran: (step: string) => boolean,
): { steps: Set<string>; edges: Set<string> } {
  const steps = new Set<string>();
  for (const node of graph.nodes) {
    const outcome = node.branchOf ? outcomeOf(node.branchOf.condition) : undefined;
    if (node.branchOf && outcome !== undefined && outcome !== node.branchOf.outcome && !ran(node.id)) steps.add(node.id);
  }
  // Every edge into a step that did not run leads nowhere; the branch edge among them says why.
  const edges = new Set(graph.edges.filter((edge) => steps.has(edge.target)).map((edge) => edge.id));
  return { steps, edges };
}
