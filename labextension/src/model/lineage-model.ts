/**
 * The lineage of a model version or an endpoint, read with SageMaker's Lineage API: back (QueryLineage,
 * Ascendants) to the data sets, code and images that produced it; or, from a data set, forward (Descendants)
 * to every job, model and model version made from it.
 */
import type { OutputOf, ServiceClient } from '../api/operations';
import { versionLabel } from './endpoints';
import { lineageGraph, type LineageEntity, type LineageGraph } from './lineage-graph';
import { PolledModel } from './polled-model';

/** Where a lineage view starts: a model version's ARN (its artifact) or an endpoint's ARN (its context). */
export interface LineageStart {
  kind: 'modelVersion' | 'endpoint';
  arn: string;
}

/** What the view shows: the start's ancestry, or what was made from one entity. */
export type LineageFocus = { direction: 'Ascendants'; arn: string; label: string } | { direction: 'Descendants'; arn: string; label: string };

type Vertex = NonNullable<OutputOf<'SageMaker.QueryLineage'>['Vertices']>[number];

const lastSegment = (uri: string): string => {
  const trimmed = uri.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || uri;
};

/** The short digest Code artifacts carry (`sha256:…` in Source.SourceTypes). */
export function digestOf(sourceTypes: readonly { SourceIdType?: string; Value?: string }[] | undefined): string | undefined {
  const value = sourceTypes?.find((entry) => entry.Value?.startsWith('sha256:'))?.Value;
  return value === undefined ? undefined : `sha256 ${value.slice('sha256:'.length, 'sha256:'.length + 12)}`;
}

export class LineageModel extends PolledModel {
  private _focus: LineageFocus | undefined;
  private _home: LineageFocus | undefined;
  private _graph: LineageGraph = { nodes: [], edges: [] };
  /** What each entity is, by ARN. */
  private readonly entities = new Map<string, LineageEntity>();

  constructor(
    client: ServiceClient,
    readonly start: LineageStart,
    intervalMs = 15000,
  ) {
    super(client, intervalMs);
  }

  get graph(): LineageGraph {
    return this._graph;
  }

  get focus(): LineageFocus | undefined {
    return this._focus;
  }

  /** True when the view shows something other than the start's ancestry. */
  get awayFromHome(): boolean {
    return this._focus !== undefined && this._home !== undefined && this._focus.arn !== this._home.arn;
  }

  /** Shows every job, model and model version made from `arn` (a data set). */
  showDescendants(arn: string): void {
    this._focus = { direction: 'Descendants', arn, label: this.entities.get(arn)?.label ?? arn };
    void this.reload();
  }

  /** Back to where the view started. */
  showHome(): void {
    this._focus = this._home;
    void this.reload();
  }

  protected async load(): Promise<void> {
    if (this._home === undefined) {
      const arn = await this.startArn();
      this._home = { direction: 'Ascendants', arn, label: this.start.kind === 'modelVersion' ? versionLabel(this.start.arn) : lastSegment(this.start.arn) };
      this._focus ??= this._home;
    }
    const focus = this._focus!;
    const answer = await this.client.call('SageMaker.QueryLineage', { StartArns: [focus.arn], Direction: focus.direction, IncludeEdges: true, MaxDepth: 10 });
    const vertices = answer.Vertices ?? [];
    for (const vertex of vertices) {
      // Artifacts and contexts never change; a job's status and an approval do.
      const stable = vertex.LineageType === 'Artifact' || vertex.LineageType === 'Context';
      if (vertex.Arn !== undefined && !(stable && this.entities.has(vertex.Arn))) this.entities.set(vertex.Arn, await this.describe(vertex));
    }
    const entities = vertices.map((vertex) => this.entities.get(vertex.Arn ?? '')).filter((entity): entity is LineageEntity => entity !== undefined);
    const edges = (answer.Edges ?? []).map((edge) => ({
      source: edge.SourceArn ?? '',
      target: edge.DestinationArn ?? '',
      associationType: edge.AssociationType,
    }));
    this._graph = lineageGraph(entities, edges);
  }

  /** The lineage entity that stands for the start: found by its source, as the Python SDK's visualizer finds it. */
  private async startArn(): Promise<string> {
    if (this.start.kind === 'modelVersion') {
      const found = await this.client.call('SageMaker.ListArtifacts', { SourceUri: this.start.arn, MaxResults: 1 });
      const arn = found.ArtifactSummaries?.[0]?.ArtifactArn;
      if (arn === undefined) throw new Error(`No lineage was recorded for ${this.start.arn}`);
      return arn;
    }
    const found = await this.client.call('SageMaker.ListContexts', { SourceUri: this.start.arn, MaxResults: 1 });
    const arn = found.ContextSummaries?.[0]?.ContextArn;
    if (arn === undefined) throw new Error(`No lineage was recorded for ${this.start.arn}`);
    return arn;
  }

  private async describe(vertex: Vertex): Promise<LineageEntity> {
    const arn = vertex.Arn ?? '';
    const base = { arn, lineageType: vertex.LineageType ?? '', type: vertex.Type ?? vertex.LineageType ?? '' };
    switch (vertex.LineageType) {
      case 'Artifact': {
        const artifact = await this.client.call('SageMaker.DescribeArtifact', { ArtifactArn: arn });
        const uri = artifact.Source?.SourceUri ?? arn;
        const label = base.type === 'ModelPackage' ? versionLabel(uri) : base.type === 'Image' ? uri : lastSegment(uri);
        const detail = digestOf(artifact.Source?.SourceTypes);
        return { ...base, label, source: uri, ...(detail !== undefined ? { detail } : {}) };
      }
      case 'TrialComponent': {
        const name = arn.slice(arn.lastIndexOf('/') + 1);
        const component = await this.client.call('SageMaker.DescribeTrialComponent', { TrialComponentName: name });
        const status = component.Status?.PrimaryStatus;
        return {
          ...base,
          label: component.DisplayName ?? name,
          source: component.Source?.SourceArn ?? arn,
          ...(status !== undefined ? { detail: status } : {}),
        };
      }
      case 'Context': {
        const context = await this.client.call('SageMaker.DescribeContext', { ContextName: arn.slice(arn.lastIndexOf('/') + 1) });
        const uri = context.Source?.SourceUri ?? arn;
        return { ...base, label: lastSegment(uri), source: uri };
      }
      default: {
        const action = await this.client.call('SageMaker.DescribeAction', { ActionName: arn.slice(arn.lastIndexOf('/') + 1) });
        const uri = action.Source?.SourceUri ?? arn;
        const approval = action.Properties?.['ModelApprovalStatus'];
        return {
          ...base,
          label: base.type === 'Approval' ? versionLabel(uri) : lastSegment(uri),
          source: uri,
          ...(approval !== undefined ? { detail: approval } : {}),
        };
      }
    }
  }
}
