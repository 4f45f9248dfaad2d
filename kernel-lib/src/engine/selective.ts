/**
 * Selective execution: which steps a selection needs from its reference execution, and SageMaker's rule
 * that the selection be connected (every step on a path between two selected steps is selected too).
 */
import type { GraphNode } from './graph.js';

export class SelectionError extends Error {
  override readonly name = 'SelectionError';
}

function ancestorsOf(graph: ReadonlyMap<string, GraphNode>, name: string, into = new Set<string>()): Set<string> {
  for (const dependency of graph.get(name)?.dependencies ?? []) {
    if (into.has(dependency)) continue;
    into.add(dependency);
    ancestorsOf(graph, dependency, into);
  }
  return into;
}

/**
 * Checks the selection and returns the steps outside it that it depends on (their outputs are reused from
 * the reference execution).
 */
export function planSelection(graph: ReadonlyMap<string, GraphNode>, selected: readonly string[]): Set<string> {
  const unknown = selected.filter((name) => !graph.has(name));
  if (unknown.length > 0) throw new SelectionError(`Selected steps ${unknown.map((n) => `"${n}"`).join(', ')} are not in the pipeline definition.`);
  const chosen = new Set(selected);
  const ancestors = new Map([...graph.keys()].map((name) => [name, ancestorsOf(graph, name)]));
  for (const name of graph.keys()) {
    if (chosen.has(name)) continue;
    const below = selected.filter((step) => ancestors.get(step)?.has(name));
    const above = selected.filter((step) => ancestors.get(name)?.has(step));
    if (below.length > 0 && above.length > 0) {
      throw new SelectionError(
        `The selected steps are not connected: step "${name}" lies between selected steps "${above[0]}" and "${below[0]}" but is not selected. Select it too, or select fewer steps.`,
      );
    }
  }
  const needed = new Set<string>();
  for (const step of selected) for (const ancestor of ancestors.get(step) ?? []) if (!chosen.has(ancestor)) needed.add(ancestor);
  return needed;
}
