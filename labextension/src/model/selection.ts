/**
 * Run selected (selective execution), checked before sending with SageMaker's rule: the selection must be
 * connected, i.e. every step on a path between two selected steps is selected too.
 */
import type { PipelineGraph } from './graph';

function ancestors(graph: PipelineGraph): Map<string, Set<string>> {
  const parents = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) parents.get(edge.target)?.push(edge.source);
  const found = new Map<string, Set<string>>();
  const visit = (name: string): Set<string> => {
    const known = found.get(name);
    if (known) return known;
    const into = new Set<string>();
    found.set(name, into);
    for (const parent of parents.get(name) ?? []) {
      into.add(parent);
      for (const above of visit(parent)) into.add(above);
    }
    return into;
  };
  for (const node of graph.nodes) visit(node.id);
  return found;
}

/** Why this selection cannot run on its own, or undefined when it can. */
export function selectionProblem(graph: PipelineGraph, selected: readonly string[]): string | undefined {
  if (selected.length === 0) return 'Shift-click the steps to run.';
  const above = ancestors(graph);
  const chosen = new Set(selected);
  for (const node of graph.nodes) {
    if (chosen.has(node.id)) continue;
    const upstream = selected.find((step) => above.get(node.id)?.has(step));
    const downstream = selected.find((step) => above.get(step)?.has(node.id));
    if (upstream !== undefined && downstream !== undefined) {
      return `The selected steps are not connected: “${node.id}” lies between “${upstream}” and “${downstream}”. Select it too, or fewer steps.`;
    }
  }
  return undefined;
}
