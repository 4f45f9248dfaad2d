/**
 * QueryLineage's walk: from the start ARNs along associations (to destinations for Descendants, to sources for
 * Ascendants, both ways for Both) up to MaxDepth associations away. The vertices returned are those the filters
 * match; with IncludeEdges, also the associations and entities on the paths that lead to them.
 */
import type { Edge, LineageType, Vertex } from '@aws-sdk/client-sagemaker';
import type { LineageEntityRecord, Store } from '../../store/index.js';

export type Direction = 'Ascendants' | 'Descendants' | 'Both';

export interface LineageWalk {
  readonly startArns: readonly string[];
  readonly direction: Direction;
  readonly includeEdges: boolean;
  readonly maxDepth: number;
  readonly filters: LineageFilters;
}

/** QueryLineage's Filters, times in epoch milliseconds. */
export interface LineageFilters {
  readonly types?: readonly string[] | undefined;
  readonly lineageTypes?: readonly string[] | undefined;
  readonly createdBefore?: number | undefined;
  readonly createdAfter?: number | undefined;
  readonly modifiedBefore?: number | undefined;
  readonly modifiedAfter?: number | undefined;
  readonly properties?: Readonly<Record<string, string>> | undefined;
}

interface Reached {
  readonly entity: LineageEntityRecord;
  /** The associations by which the walk first got here (several when more than one path has the same length). */
  readonly via: Edge[];
}

const edgeKey = (edge: Edge): string => `${edge.SourceArn}\n${edge.DestinationArn}`;

/** Whether an entity passes QueryLineage's Filters (each given filter must hold). */
function matches(entity: LineageEntityRecord, filters: LineageFilters): boolean {
  if (filters.types !== undefined && filters.types.length > 0 && !filters.types.includes(entity.type ?? '')) return false;
  if (filters.lineageTypes !== undefined && filters.lineageTypes.length > 0 && !filters.lineageTypes.includes(entity.kind)) return false;
  if (filters.createdBefore !== undefined && !(entity.createdAt < filters.createdBefore)) return false;
  if (filters.createdAfter !== undefined && !(entity.createdAt > filters.createdAfter)) return false;
  if (filters.modifiedBefore !== undefined && !(entity.modifiedAt < filters.modifiedBefore)) return false;
  if (filters.modifiedAfter !== undefined && !(entity.modifiedAt > filters.modifiedAfter)) return false;
  if (filters.properties !== undefined) {
    const properties = (JSON.parse(entity.document) as { Properties?: Record<string, string> }).Properties ?? {};
    for (const [key, value] of Object.entries(filters.properties)) if (properties[key] !== value) return false;
  }
  return true;
}

export const vertexOf = (entity: LineageEntityRecord): Vertex => ({ Arn: entity.arn, Type: entity.type ?? undefined, LineageType: entity.kind as LineageType });

/** Walks the lineage graph breadth first; answers the vertices (start ARNs first, then by distance) and edges. */
export function walkLineage(store: Store, walk: LineageWalk): { vertices: Vertex[]; edges: Edge[] } {
  const reached = new Map<string, Reached>();
  let frontier: string[] = [];
  for (const arn of walk.startArns) {
    const entity = store.lineage.entity(arn);
    if (entity !== undefined && !reached.has(arn)) {
      reached.set(arn, { entity, via: [] });
      frontier.push(arn);
    }
  }
  for (let depth = 0; depth < walk.maxDepth && frontier.length > 0; depth += 1) {
    const next = new Map<string, Edge[]>();
    for (const arn of frontier) {
      const steps: { edge: Edge; to: string }[] = [];
      if (walk.direction !== 'Ascendants') {
        for (const a of store.lineage.associationsOf(arn, 'outgoing')) steps.push({ edge: toEdge(a), to: a.destinationArn });
      }
      if (walk.direction !== 'Descendants') {
        for (const a of store.lineage.associationsOf(arn, 'incoming')) steps.push({ edge: toEdge(a), to: a.sourceArn });
      }
      for (const { edge, to } of steps) {
        if (reached.has(to)) continue;
        next.set(to, [...(next.get(to) ?? []), edge]);
      }
    }
    frontier = [];
    for (const [arn, via] of next) {
      const entity = store.lineage.entity(arn);
      if (entity === undefined) continue;
      reached.set(arn, { entity, via });
      frontier.push(arn);
    }
  }
  const matched = [...reached.values()].filter((entry) => matches(entry.entity, walk.filters));
  if (!walk.includeEdges) return { vertices: matched.map((entry) => vertexOf(entry.entity)), edges: [] };
  // The paths to the matched vertices: back along the associations that reached each, to the start.
  const onPath = new Set<string>();
  const edges = new Map<string, Edge>();
  const pending = matched.map((entry) => entry.entity.arn);
  while (pending.length > 0) {
    const arn = pending.pop()!;
    if (onPath.has(arn)) continue;
    onPath.add(arn);
    for (const edge of reached.get(arn)?.via ?? []) {
      edges.set(edgeKey(edge), edge);
      const other = edge.SourceArn === arn ? edge.DestinationArn! : edge.SourceArn!;
      pending.push(other);
    }
  }
  const vertices = [...reached.values()].filter((entry) => onPath.has(entry.entity.arn)).map((entry) => vertexOf(entry.entity));
  return { vertices, edges: [...edges.values()] };
}

function toEdge(association: { sourceArn: string; destinationArn: string; associationType: string | null }): Edge {
  return {
    SourceArn: association.sourceArn,
    DestinationArn: association.destinationArn,
    ...(association.associationType !== null ? { AssociationType: association.associationType as Edge['AssociationType'] } : {}),
  };
}
