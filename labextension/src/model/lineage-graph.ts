/**
 * A QueryLineage answer as a picture: one node per entity (a data set, code, an image, a model, a job, a model
 * version, an endpoint…), named in the user's words, laid out left to right by the layout the pipeline graph uses
 * (`sluice/graph-layout`), so data flows from the left to the model version or endpoint on the right.
 */
import { layoutPipelineGraph, textWidth, type Point } from 'sluice/graph-layout';
import { middleTruncate } from './middle-truncate';

/** An entity as the panel draws it. */
export interface LineageEntity {
  arn: string;
  /** Artifact, Action, Context or TrialComponent. */
  lineageType: string;
  /** DataSet, Code, Image, Model, ModelPackage, TrainingJob, ProcessingJob, Endpoint, ModelDeployment… */
  type: string;
  /** What it is called: a file's name, a job's name, `group vN`, an endpoint's name. */
  label: string;
  /** The whole source (an S3 URI, an image, an ARN), shown on hover. */
  source?: string;
  /** A second line: a code digest, a job's status, an approval. */
  detail?: string;
}

export interface LineageEdge {
  id: string;
  source: string;
  target: string;
  associationType?: string;
  points: Point[];
}

export interface LineageNode extends LineageEntity {
  position: { x: number; y: number };
  width: number;
  height: number;
}

export interface LineageGraph {
  nodes: LineageNode[];
  edges: LineageEdge[];
}

/** The words a node's badge shows for each type of entity. */
export const lineageTypeLabel: Readonly<Record<string, string>> = {
  DataSet: 'Data set',
  Code: 'Code',
  Image: 'Image',
  Model: 'Model artifacts',
  ModelPackage: 'Model version',
  ModelGroup: 'Model group',
  Approval: 'Approval',
  TrainingJob: 'Training job',
  ProcessingJob: 'Processing job',
  TransformJob: 'Transform job',
  Endpoint: 'Endpoint',
  ModelDeployment: 'Deployment',
};

export const typeLabel = (type: string): string => lineageTypeLabel[type] ?? type;

/** A node's parts in CSS pixels (style/lineage.css draws them): badge, label, detail. */
const nodeStyle = { fontSize: 13, smallFontSize: 11, maxText: 260, chrome: 2 * 2 + 10 * 2, height: 2 * 2 + 6 * 2 + 14 + 17 + 14 } as const;

/** A label short enough for its node (the middle of a long name gives way). */
export function fitLabel(label: string): string {
  return middleTruncate(label, 32);
}

export function lineageNodeSize(entity: LineageEntity): { width: number; height: number } {
  const texts = [textWidth(fitLabel(entity.label), nodeStyle.fontSize, true), textWidth(typeLabel(entity.type), nodeStyle.smallFontSize)];
  if (entity.detail !== undefined) texts.push(textWidth(entity.detail, nodeStyle.smallFontSize));
  return { width: Math.ceil(Math.min(Math.max(...texts, 80), nodeStyle.maxText) + nodeStyle.chrome), height: nodeStyle.height };
}

/** Lays out the entities and associations: sources left of destinations. */
export function lineageGraph(
  entities: readonly LineageEntity[],
  associations: readonly { source: string; target: string; associationType?: string }[],
): LineageGraph {
  const byArn = new Map(entities.map((entity) => [entity.arn, entity]));
  const edges = associations.filter((edge) => byArn.has(edge.source) && byArn.has(edge.target));
  const layout = layoutPipelineGraph(
    entities.map((entity) => entity.arn),
    edges.map((edge) => ({ from: edge.source, to: edge.target })),
    (arn) => lineageNodeSize(byArn.get(arn)!),
  );
  const nodes = entities.map((entity): LineageNode => {
    const box = layout.boxes.get(entity.arn) ?? { x: 0, y: 0, width: 0, height: 0 };
    return { ...entity, position: { x: box.x, y: box.y }, width: box.width, height: box.height };
  });
  return {
    nodes,
    edges: edges.map((edge, index) => ({
      id: `${edge.source}->${edge.target}`,
      source: edge.source,
      target: edge.target,
      ...(edge.associationType !== undefined ? { associationType: edge.associationType } : {}),
      points: [...(layout.edges[index]?.points ?? [])],
    })),
  };
}
