/**
 * A pipeline definition (SageMaker schema 2020-12-01) as a graph: one node per step, including the steps
 * nested in a Condition's IfSteps/ElseSteps, and edges of three kinds, laid out left to right by the layout
 * the notebook's picture uses (`sluice/graph-layout`). Kept free of React so it can be tested without a browser.
 */
import { edgePath, labelPoint, layoutPipelineGraph, textWidth, wrapName, type Point } from 'sluice/graph-layout';

export { edgePath, labelPoint };
import { stepStateLabel } from './step-status';

export type EdgeKind = 'data' | 'dependsOn' | 'conditionTrue' | 'conditionFalse';

export interface GraphNode {
  /** The step's name, unique within a pipeline. */
  id: string;
  stepType: string;
  /** The Condition step whose branch holds this step, if any. */
  branchOf?: { condition: string; outcome: 'true' | 'false' };
  /** JSON files the step's outputs hold and later steps read (a processing step's PropertyFiles). */
  propertyFiles?: PropertyFile[];
  /** The step's name as it is drawn: broken between words into lines that fit the node. */
  nameLines: string[];
  position: { x: number; y: number };
  width: number;
  height: number;
}

export interface PropertyFile {
  name: string;
  outputName: string;
  filePath: string;
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
export const nodeStyle = { nameFontSize: 13, smallFontSize: 11, nameWidth: 150, lineHeight: 17, smallLineHeight: 14, frame: 2 * 2 + 6 * 2, chrome: 2 * 2 + 10 * 2 + 26 + 8 } as const;

/** What a step on a branch its condition did not take says instead of its state. */
export const untakenLabel = 'Branch not taken';

/** A node as big as its name (in lines), its type and its longest state label, so nodes keep their size as an execution runs. */
export function stepNodeSize(name: string, stepType: string): { nameLines: string[]; width: number; height: number } {
  const nameLines = wrapName(name, nodeStyle.nameFontSize, nodeStyle.nameWidth);
  const small = [stepType, ...Object.values(stepStateLabel), untakenLabel].map((text) => textWidth(text, nodeStyle.smallFontSize));
  const text = Math.max(...small, ...nameLines.map((line) => textWidth(line, nodeStyle.nameFontSize, true)));
  return { nameLines, width: Math.ceil(text + nodeStyle.chrome), height: nodeStyle.frame + nameLines.length * nodeStyle.lineHeight + 2 * nodeStyle.smallLineHeight + 4 };
}

interface DefinitionStep {
  Name: string;
  Type: string;
  DependsOn?: string[];
  Arguments?: unknown;
  [key: string]: unknown;
}

/** Every step of a definition, with the Condition branch that holds it. */
export function flattenSteps(definition: { Steps?: unknown }): { step: DefinitionStep; branchOf?: GraphNode['branchOf'] }[] {
  const found: { step: DefinitionStep; branchOf?: GraphNode['branchOf'] }[] = [];
  const visit = (steps: unknown, branchOf?: GraphNode['branchOf']): void => {
    if (!Array.isArray(steps)) return;
    for (const candidate of steps) {
      if (!isStep(candidate)) continue;
      found.push({ step: candidate, branchOf });
      if (candidate.Type === 'Condition' && isRecord(candidate.Arguments)) {
        visit(candidate.Arguments.IfSteps, { condition: candidate.Name, outcome: 'true' });
        visit(candidate.Arguments.ElseSteps, { condition: candidate.Name, outcome: 'false' });
      }
    }
  };
  visit(definition.Steps);
  return found;
}

/** The names of the steps whose properties `value` reads (`{"Get": "Steps.<name>..."}`), nested branches excluded. */
export function referencedSteps(value: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedSteps(item, into);
  } else if (isRecord(value)) {
    const get = value.Get;
    if (typeof get === 'string') {
      const match = /^Steps\.([A-Za-z0-9_-]+)/.exec(get);
      if (match) into.add(match[1]);
    }
    for (const [key, item] of Object.entries(value)) {
      // A Condition's branches are steps of their own; their references are theirs, not the Condition's.
      if (key === 'IfSteps' || key === 'ElseSteps') continue;
      referencedSteps(item, into);
    }
  }
  return into;
}

export function definitionToGraph(definitionJson: string): PipelineGraph {
  const definition = JSON.parse(definitionJson) as { Steps?: unknown };
  const steps = flattenSteps(definition);
  const names = new Set(steps.map(({ step }) => step.Name));
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string, kind: EdgeKind): void => {
    if (!names.has(source) || source === target) return;
    // One edge per pair: a data reference already says what a DependsOn on the same step would.
    const pair = `${source}->${target}`;
    if (seen.has(pair)) return;
    seen.add(pair);
    edges.push({ id: `${pair}:${kind}`, source, target, kind, points: [] });
  };
  for (const { step, branchOf } of steps) {
    if (branchOf) add(branchOf.condition, step.Name, branchOf.outcome === 'true' ? 'conditionTrue' : 'conditionFalse');
    const { DependsOn, ...rest } = step;
    for (const source of referencedSteps(rest)) add(source, step.Name, 'data');
    for (const source of DependsOn ?? []) add(source, step.Name, 'dependsOn');
  }
  const sizes = new Map(steps.map(({ step }) => [step.Name, stepNodeSize(step.Name, step.Type)]));
  const layout = layoutPipelineGraph(
    steps.map(({ step }) => step.Name),
    edges.map((edge) => ({ from: edge.source, to: edge.target })),
    (name) => sizes.get(name) ?? stepNodeSize(name, '')
  );
  const nodes = steps.map(({ step, branchOf }): GraphNode => {
    const box = layout.boxes.get(step.Name) ?? { x: 0, y: 0, width: 0, height: 0 };
    const propertyFiles = propertyFilesOf(step);
    return {
      id: step.Name,
      stepType: step.Type,
      ...(branchOf ? { branchOf } : {}),
      ...(propertyFiles.length > 0 ? { propertyFiles } : {}),
      nameLines: sizes.get(step.Name)?.nameLines ?? [step.Name],
      position: { x: box.x, y: box.y },
      width: box.width,
      height: box.height
    };
  });
  return { nodes, edges: edges.map((edge, index) => ({ ...edge, points: [...layout.edges[index].points] })) };
}

/** The branches a finished Condition step did not take, and the steps on them that did not run, to grey them. */
export function untakenBranches(graph: PipelineGraph, outcomeOf: (condition: string) => 'true' | 'false' | undefined, ran: (step: string) => boolean): { steps: Set<string>; edges: Set<string> } {
  const steps = new Set<string>();
  for (const node of graph.nodes) {
    const outcome = node.branchOf ? outcomeOf(node.branchOf.condition) : undefined;
    if (node.branchOf && outcome !== undefined && outcome !== node.branchOf.outcome && !ran(node.id)) steps.add(node.id);
  }
  // Every edge into a step that did not run leads nowhere; the branch edge among them says why.
  const edges = new Set(graph.edges.filter((edge) => steps.has(edge.target)).map((edge) => edge.id));
  return { steps, edges };
}

function propertyFilesOf(step: DefinitionStep): PropertyFile[] {
  if (!Array.isArray(step.PropertyFiles)) return [];
  return step.PropertyFiles.filter(isRecord).map((file) => ({ name: String(file.PropertyFileName ?? ''), outputName: String(file.OutputName ?? ''), filePath: String(file.FilePath ?? '') }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStep(value: unknown): value is DefinitionStep {
  return isRecord(value) && typeof value.Name === 'string' && typeof value.Type === 'string';
}
