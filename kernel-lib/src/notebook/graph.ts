/**
 * A pipeline definition as a graph to draw: every step (condition branches included, as SageMaker nests
 * them inside the condition), and edges of three kinds: data (a `Get` of another step's property),
 * DependsOn, and a condition's true/false branches.
 */

export type EdgeKind = 'data' | 'dependsOn' | 'true' | 'false';

export interface GraphNode {
  readonly name: string;
  readonly type: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
}

export interface PipelineGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface StepJson {
  readonly Name: string;
  readonly Type: string;
  readonly Arguments?: Json;
  readonly DependsOn?: string[];
  readonly [key: string]: Json | undefined;
}

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asSteps(value: Json | undefined): StepJson[] {
  if (!Array.isArray(value)) return [];
  return value.filter((step): step is StepJson & Json => isObject(step) && typeof step.Name === 'string' && typeof step.Type === 'string') as unknown as StepJson[];
}

/** Names of the steps a JSON value reads from: `{"Get": "Steps.<name>...."}` anywhere inside it. */
function referencedSteps(value: Json | undefined, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedSteps(item, into);
  } else if (isObject(value)) {
    const get = value.Get;
    if (typeof get === 'string' && get.startsWith('Steps.')) into.add(get.slice('Steps.'.length).split('.')[0].split('[')[0]);
    for (const item of Object.values(value)) referencedSteps(item, into);
  }
  return into;
}

/** The graph of a definition, given as text (what `definition()` and DescribePipelineDefinitionForExecution return) or parsed. */
export function pipelineGraph(definition: string | Json): PipelineGraph {
  const parsed: Json = typeof definition === 'string' ? (JSON.parse(definition) as Json) : definition;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const visit = (step: StepJson): void => {
    nodes.push({ name: step.Name, type: step.Type });
    const args: Json = isObject(step.Arguments) ? step.Arguments : null;
    const branches = step.Type === 'Condition' && isObject(args) ? { true: asSteps(args.IfSteps), false: asSteps(args.ElseSteps) } : undefined;
    // A condition's nested steps are its branches, not data it reads: look for references outside them.
    const own: Json = branches !== undefined && isObject(args) ? { ...args, IfSteps: [], ElseSteps: [] } : args;
    const reads = referencedSteps(own, new Set<string>());
    for (const [key, value] of Object.entries(step)) if (key !== 'Arguments' && key !== 'Name' && key !== 'DependsOn') referencedSteps(value, reads);
    const dependsOn = new Set((step.DependsOn ?? []).filter((name): name is string => typeof name === 'string'));
    for (const name of reads) if (name !== step.Name && !dependsOn.has(name)) edges.push({ from: name, to: step.Name, kind: 'data' });
    for (const name of dependsOn) edges.push({ from: name, to: step.Name, kind: 'dependsOn' });
    if (branches !== undefined) {
      for (const kind of ['true', 'false'] as const) {
        for (const nested of branches[kind]) {
          edges.push({ from: step.Name, to: nested.Name, kind });
          visit(nested);
        }
      }
    }
  };
  for (const step of asSteps(isObject(parsed) ? parsed.Steps : null)) visit(step);
  const known = new Set(nodes.map((node) => node.name));
  return { nodes, edges: edges.filter((edge) => known.has(edge.from) && known.has(edge.to)) };
}
