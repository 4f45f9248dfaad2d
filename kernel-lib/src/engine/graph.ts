/**
 * The dependency graph of an execution, read by the definition core: B waits for A when A is in B's DependsOn, when
 * B reads A's properties, or when B sits in a branch of condition A.
 */
import { dependenciesOf, pipelineGraph, type BranchPlacement, type PipelineDefinition, type StepDefinition } from '../definition/index.js';

export interface GraphNode {
  readonly name: string;
  readonly definition: StepDefinition;
  readonly branchOf?: BranchPlacement;
  readonly dependencies: ReadonlySet<string>;
}

export function buildGraph(definition: PipelineDefinition): Map<string, GraphNode> {
  const graph = pipelineGraph(definition);
  const dependencies = dependenciesOf(graph);
  return new Map(
    graph.nodes.map((node) => [
      node.name,
      {
        name: node.name,
        definition: node.step,
        ...(node.branchOf ? { branchOf: node.branchOf } : {}),
        dependencies: dependencies.get(node.name) ?? new Set<string>(),
      },
    ]),
  );
}

/** Every step that depends, directly or not, on one of `roots` (the roots included). */
export function downstreamOf(graph: ReadonlyMap<string, GraphNode>, roots: Iterable<string>): Set<string> {
  const result = new Set<string>(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const node of graph.values()) {
      if (result.has(node.name)) continue;
      if ([...node.dependencies].some((dependency) => result.has(dependency))) {
        result.add(node.name);
        grew = true;
      }
    }
  }
  return result;
}
