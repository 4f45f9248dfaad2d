/**
 * The dependency graph of an execution: B waits for A when A is in B's DependsOn, when B reads A's
 * properties (Get Steps.A..., JsonGet on A's property file), or when B sits in a branch of condition A.
 */
import { isJsonObject, placeSteps, type Json, type PipelineDefinition, type PlacedStep, type StepDefinition } from './definition.js';

export interface GraphNode extends PlacedStep {
  readonly name: string;
  readonly dependencies: ReadonlySet<string>;
}

const STEP_REFERENCE = /^Steps\.([A-Za-z0-9_-]+)/;

/** Names of the steps whose properties `value` reads. */
export function referencedSteps(value: Json | undefined, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedSteps(item, into);
  } else if (isJsonObject(value)) {
    const get = value.Get;
    if (typeof get === 'string') {
      const match = STEP_REFERENCE.exec(get);
      if (match) into.add(match[1]);
    }
    for (const child of Object.values(value)) referencedSteps(child, into);
  }
  return into;
}

/** What a step reads, leaving out the steps nested in a condition's branches (they are steps of their own). */
function ownReferences(step: StepDefinition): Set<string> {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(step)) {
    if (key === 'Name' || key === 'Type' || key === 'DependsOn') continue;
    if (key === "Arguments" && step.Type === "Condition" && isJsonObject((value ?? null) as Json)) {
      referencedSteps((value as { Conditions?: Json }).Conditions, found);
      continue;
    }
    referencedSteps(value as Json, found);
  }
  return found;
}

export function buildGraph(definition: PipelineDefinition): Map<string, GraphNode> {
  const graph = new Map<string, GraphNode>();
  for (const [name, placed] of placeSteps(definition)) {
    const dependencies = new Set<string>([...(placed.definition.DependsOn ?? []), ...ownReferences(placed.definition)]);
    if (placed.branchOf) dependencies.add(placed.branchOf.condition);
    dependencies.delete(name);
    graph.set(name, { ...placed, name, dependencies });
  }
  return graph;
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
