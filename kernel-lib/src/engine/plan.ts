/**
 * What an execution would do if started now: for each step, a cache hit (and from which execution) or a run and
 * why. It walks the graph as the executor does and asks the executor's own cache decision (cache-decision.ts); a
 * cached step's properties are known, so steps reading them are decided too; a step reading a step that will run
 * is said to depend on it.
 */
import type { PlannedStep, RunReason } from '../definition/run-reasons.js';
import { decideCaching, uncachedReason, type StepCache } from './cache-decision.js';
import { explainConditions } from './conditions.js';
import { isJsonObject, parseDefinition, type Json, type JsonObject } from './definition.js';
import { resolveValue, type ResolveScope } from './expressions.js';
import { buildGraph, type GraphNode } from './graph.js';

export interface PlanOptions {
  readonly definition: string;
  readonly pipelineName: string;
  readonly pipelineArn: string;
  /** Every parameter's value, defaults filled in (resolveParameters). */
  readonly parameters: Readonly<Record<string, Json>>;
  readonly cache: StepCache;
  /** Reads a JSON object from the artifact store (JsonGet over a cached step's property file). */
  readJson(s3Uri: string): Json;
  /** Epoch milliseconds; the time expiry is judged at. */
  readonly now: number;
}

/** What stands for the execution's id in a plan: no execution exists yet, and a key holding it never matches. */
export const plannedExecutionId = '(new execution)';

/** The steps in an order where each comes after those it depends on. */
function dependencyOrder(graph: ReadonlyMap<string, GraphNode>): GraphNode[] {
  const order: GraphNode[] = [];
  const placed = new Set<string>();
  while (order.length < graph.size) {
    const next = [...graph.values()].filter((node) => !placed.has(node.name) && [...node.dependencies].every((dependency) => placed.has(dependency)));
    if (next.length === 0) break;
    for (const node of next) {
      order.push(node);
      placed.add(node.name);
    }
  }
  return order;
}

export function planExecution(options: PlanOptions): PlannedStep[] {
  const definition = parseDefinition(options.definition);
  const graph = buildGraph(definition);
  const plan = new Map<string, PlannedStep>();
  const known = new Map<string, JsonObject>();
  const outcomes = new Map<string, boolean>();
  let missing = new Set<string>();
  const scope: ResolveScope = {
    parameters: options.parameters,
    execution: {
      PipelineExecutionId: plannedExecutionId,
      PipelineExecutionArn: `${options.pipelineArn}/execution/${plannedExecutionId}`,
      PipelineName: options.pipelineName,
      PipelineArn: options.pipelineArn,
      StartDateTime: new Date(options.now).toISOString(),
      CurrentDateTime: new Date(options.now).toISOString(),
    },
    experiment: null,
    stepProperties: (name) => {
      const properties = known.get(name);
      if (properties === undefined) missing.add(name);
      return properties;
    },
    propertyFiles: (name) => graph.get(name)?.definition.PropertyFiles ?? [],
    readJson: (uri) => options.readJson(uri),
  };
  const config = definition.PipelineExperimentConfig;
  const experiment = config ? { ExperimentName: resolveValue(config.ExperimentName, scope), TrialName: resolveValue(config.TrialName, scope) } : null;
  const withExperiment: ResolveScope = { ...scope, experiment };

  for (const node of dependencyOrder(graph)) {
    const step = node.definition;
    const base = { StepName: node.name, StepType: step.Type };
    const skippedBy = notRunBecause(node, plan, outcomes);
    if (skippedBy !== undefined) {
      plan.set(node.name, { ...base, Decision: 'NotRun', Condition: skippedBy });
      continue;
    }
    const ifCondition = conditionalOn(node, plan, outcomes);
    const run = (reason: RunReason): PlannedStep => ({ ...base, Decision: 'Run', Reason: reason, ...(ifCondition ? { IfCondition: ifCondition } : {}) });
    missing = new Set();
    if (step.Type === 'Condition') {
      try {
        outcomes.set(
          node.name,
          explainConditions(isJsonObject(step.Arguments ?? null) ? (step.Arguments as JsonObject).Conditions : undefined, withExperiment).outcome,
        );
      } catch {
        // Its operands come from steps that will run: both branches stay possible.
      }
      plan.set(node.name, run({ Kind: 'NotCacheable', StepType: step.Type }));
      continue;
    }
    let resolved: Json;
    try {
      resolved = resolveValue((step.Arguments ?? null) as Json, withExperiment);
    } catch (error) {
      const upstream = [...missing].filter((name) => plan.get(name)?.Decision === 'Run');
      if (upstream.length === 0) throw error;
      // What does not depend on the arguments is still known.
      const fixed = uncachedReason(step) ?? (options.cache.latest(options.pipelineName, node.name) === undefined ? { Kind: 'NeverRan' as const } : undefined);
      plan.set(node.name, run(fixed ?? { Kind: 'Upstream', Steps: upstream }));
      continue;
    }
    const decision = decideCaching(step, resolved, { cache: options.cache, pipelineName: options.pipelineName, now: options.now });
    if (decision.hit !== undefined) {
      known.set(node.name, decision.hit.properties);
      plan.set(node.name, { ...base, Decision: 'CacheHit', SourcePipelineExecutionArn: decision.hit.executionArn });
    } else {
      plan.set(node.name, run(decision.reason));
    }
  }
  return [...plan.values()];
}

/** The condition whose outcome keeps this step from running (directly, or through a step it waits for), if the plan knows it. */
function notRunBecause(node: GraphNode, plan: ReadonlyMap<string, PlannedStep>, outcomes: ReadonlyMap<string, boolean>): string | undefined {
  if (node.branchOf !== undefined) {
    const outcome = outcomes.get(node.branchOf.condition);
    if (outcome !== undefined && outcome !== (node.branchOf.outcome === 'true')) return node.branchOf.condition;
  }
  for (const dependency of node.dependencies) {
    const planned = plan.get(dependency);
    if (planned?.Decision === 'NotRun') return planned.Condition;
  }
  return undefined;
}

/** The condition (with the branch) this step waits on when the plan cannot tell which way it goes. */
function conditionalOn(
  node: GraphNode,
  plan: ReadonlyMap<string, PlannedStep>,
  outcomes: ReadonlyMap<string, boolean>,
): { StepName: string; Outcome: 'true' | 'false' } | undefined {
  if (node.branchOf !== undefined && !outcomes.has(node.branchOf.condition)) return { StepName: node.branchOf.condition, Outcome: node.branchOf.outcome };
  for (const dependency of node.dependencies) {
    const planned = plan.get(dependency);
    if (planned?.Decision === 'Run' && planned.IfCondition !== undefined) return planned.IfCondition;
  }
  return undefined;
}
