/**
 * A pipeline definition (SageMaker schema 2020-12-01) as a graph: one node per step, including the steps
 * nested in a Condition's IfSteps/ElseSteps, and edges of three kinds, laid out left to right with dagre.
 * Kept free of React so it can be tested without a browser.
 */
import dagre from '@dagrejs/dagre';

export type EdgeKind = 'data' | 'dependsOn' | 'conditionTrue' | 'conditionFalse';

export interface GraphNode {
  /** The step's name, unique within a pipeline. */
  id: string;
  stepType: string;
  /** The Condition step whose branch holds this step, if any. */
  branchOf?: { condition: string; outcome: 'true' | 'false' };
  /** JSON files the step's outputs hold and later steps read (a processing step's PropertyFiles). */
  propertyFiles?: PropertyFile[];
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
}

export interface PipelineGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const nodeSize = { width: 250, height: 56 };

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
    edges.push({ id: `${pair}:${kind}`, source, target, kind });
  };
  for (const { step, branchOf } of steps) {
    if (branchOf) add(branchOf.condition, step.Name, branchOf.outcome === 'true' ? 'conditionTrue' : 'conditionFalse');
    const { DependsOn, ...rest } = step;
    for (const source of referencedSteps(rest)) add(source, step.Name, 'data');
    for (const source of DependsOn ?? []) add(source, step.Name, 'dependsOn');
  }
  return { nodes: layout(steps, edges), edges };
}

function layout(steps: { step: DefinitionStep; branchOf?: GraphNode['branchOf'] }[], edges: GraphEdge[]): GraphNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 32, ranksep: 72, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const { step } of steps) graph.setNode(step.Name, { width: nodeSize.width, height: nodeSize.height });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return steps.map(({ step, branchOf }) => {
    const placed = graph.node(step.Name);
    // dagre gives centres; React Flow wants top-left corners.
    const propertyFiles = propertyFilesOf(step);
    return {
      id: step.Name,
      stepType: step.Type,
      ...(branchOf ? { branchOf } : {}),
      ...(propertyFiles.length > 0 ? { propertyFiles } : {}),
      position: { x: placed.x - nodeSize.width / 2, y: placed.y - nodeSize.height / 2 },
      width: nodeSize.width,
      height: nodeSize.height
    };
  });
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
