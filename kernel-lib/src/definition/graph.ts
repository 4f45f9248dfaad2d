/**
 * A definition as a graph: one node per step (branch steps included) and one edge per pair of steps. Its kind says
 * why the target waits: a Condition's branch (`true`/`false`), else a data reference, else a DependsOn. A step that
 * both reads from and DependsOn another has a data edge, as SageMaker lists it as a data dependency.
 */
import type { Json } from './json.js';
import { propertyFilesOf, type PropertyFile } from './property-files.js';
import { stepsReadBy } from './references.js';
import { placeSteps, type BranchPlacement } from './steps.js';
import type { StepDefinition } from './types.js';

/**
 * Why one step runs after another: it reads the other's properties (`data`), names it in `DependsOn`, or is in the
 * other's (a condition's) `true` or `false` branch.
 */
export type EdgeKind = 'data' | 'dependsOn' | 'true' | 'false';

/** One step of a definition's graph: its name, its `Type`, and where it sits when it is in a condition's branch. */
export interface GraphNode {
  readonly name: string;
  readonly type: string;
  readonly branchOf?: BranchPlacement;
  /** JSON files among the step's outputs that later steps read (a processing step's PropertyFiles). */
  readonly propertyFiles?: readonly PropertyFile[];
  readonly step: StepDefinition;
}

/** One edge of a definition's graph: `to` runs after `from`. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

/** A definition as a graph of its steps, as the notebook's picture and the Pipelines panel draw it. */
export interface PipelineGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** The graph of a definition, given as text (what DescribePipelineDefinitionForExecution returns) or parsed. */
export function pipelineGraph(definition: string | Json | { readonly Steps?: unknown }): PipelineGraph {
  const parsed = typeof definition === 'string' ? (JSON.parse(definition) as Json) : definition;
  const placed = placeSteps(parsed);
  const names = new Set(placed.map(({ step }) => step.Name));
  const edges: GraphEdge[] = [];
  const pairs = new Set<string>();
  const add = (from: string, to: string, kind: EdgeKind): void => {
    // A step waiting on itself or on a step the definition lacks is the validator's to report, not an edge.
    if (!names.has(from) || from === to) return;
    const pair = JSON.stringify([from, to]);
    if (pairs.has(pair)) return;
    pairs.add(pair);
    edges.push({ from, to, kind });
  };
  for (const { step, branchOf } of placed) {
    if (branchOf !== undefined) add(branchOf.condition, step.Name, branchOf.outcome);
    for (const source of stepsReadBy(step)) add(source, step.Name, 'data');
    for (const source of Array.isArray(step.DependsOn) ? step.DependsOn : []) if (typeof source === 'string') add(source, step.Name, 'dependsOn');
  }
  const nodes = placed.map(({ step, branchOf }): GraphNode => {
    const propertyFiles = propertyFilesOf(step);
    return { name: step.Name, type: step.Type, ...(branchOf ? { branchOf } : {}), ...(propertyFiles.length > 0 ? { propertyFiles } : {}), step };
  });
  return { nodes, edges };
}

/** Each step's name → the steps it waits for. */
export function dependenciesOf(graph: PipelineGraph): Map<string, Set<string>> {
  const dependencies = new Map(graph.nodes.map((node) => [node.name, new Set<string>()]));
  for (const edge of graph.edges) dependencies.get(edge.to)?.add(edge.from);
  return dependencies;
}

/** A cycle in run order (`A -> B -> A`), or undefined. */
export function findCycle(graph: PipelineGraph): string[] | undefined {
  const next = new Map(graph.nodes.map((node) => [node.name, [] as string[]]));
  for (const edge of graph.edges) next.get(edge.from)?.push(edge.to);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const target of next.get(node) ?? []) {
      const seen = state.get(target);
      if (seen === 'open') return [...stack.slice(stack.indexOf(target)), target];
      if (seen === undefined) {
        const found = visit(target);
        if (found !== undefined) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of next.keys()) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
