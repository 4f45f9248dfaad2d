/**
 * A `*.pipeline.json` file as the designer edits it: the definition JSON as SageMaker stores it, plus the designer's
 * layout and settings under `Metadata.SluiceDesigner` (SageMaker ignores `Metadata`). Pure functions on plain JSON,
 * so they are tested without a browser; every edit returns new text, and a file nobody edited is never rewritten.
 */
import {
  emptyPipelineDefinition,
  isJsonObject,
  parsePipelineDocument,
  pipelineGraph,
  placeSteps,
  serializePipelineDocument,
  type Json,
  type JsonObject,
  type ParameterType,
  type PipelineDefinition,
  type PipelineDocument,
  type StepDefinition,
} from 'sluice/definition';
import { PipelineDefinitionError, validateDefinition } from 'sluice/validation';
import { definitionToGraph, stepNodeSize, type PipelineGraph } from '../model/graph';
import { newStep, outputReferences, inputAdder } from './step-catalog';

export interface Point {
  x: number;
  y: number;
}

/** What the designer keeps beside the definition, in `Metadata.SluiceDesigner`. */
export interface DesignerMetadata {
  /** Where the user put each step (top-left corner); steps without one are laid out automatically. */
  Positions?: Record<string, Point>;
  /** CreatePipeline's ParallelismConfiguration.MaxParallelExecutionSteps, sent when the designer runs the pipeline. */
  MaxParallelExecutionSteps?: number;
  /** The role CreatePipeline is given when the designer upserts the pipeline. */
  RoleArn?: string;
}

export interface DesignerFile {
  /** The document as read (its bytes, and what Python's json read), so that an edit keeps floats and key order. */
  document: PipelineDocument;
  definition: PipelineDefinition & { Metadata?: Json };
  designer: DesignerMetadata;
}

/** Reads a file; throws an Error naming what is wrong when it is not a definition at all. Empty text is a new pipeline. */
export function readPipelineFile(text: string): DesignerFile {
  const document = parsePipelineDocument(text);
  if (!Array.isArray(document.definition.Steps)) throw new Error('This file is not a pipeline definition: it has no "Steps" list');
  const definition = structuredClone(document.definition) as unknown as DesignerFile['definition'];
  const metadata = isJsonObject(definition.Metadata) ? definition.Metadata : {};
  const designer = isJsonObject(metadata.SluiceDesigner) ? (metadata.SluiceDesigner as DesignerMetadata) : {};
  return { document, definition, designer };
}

/**
 * The text of `definition` (`file`'s, edited or not) with the designer's metadata and, when given, every step's
 * position; written as the SDK writes a definition, keeping what was read (floats, key order) where nothing changed.
 */
function writeDefinition(
  file: DesignerFile,
  definition: DesignerFile['definition'],
  designer: DesignerMetadata,
  positions?: ReadonlyMap<string, Point>,
): string {
  const metadata = isJsonObject(definition.Metadata) ? { ...definition.Metadata } : {};
  const written: DesignerMetadata = { ...designer };
  if (positions !== undefined) {
    const names = new Set(allSteps(definition).map((step) => step.Name));
    written.Positions = Object.fromEntries(
      [...positions].filter(([name]) => names.has(name)).map(([name, point]) => [name, { x: Math.round(point.x), y: Math.round(point.y) }]),
    );
  }
  metadata.SluiceDesigner = written as unknown as Json;
  // Forms leave `undefined` in what they edit (a list item just added): plain JSON has none (null in a list, no key in an object).
  const plain = JSON.parse(JSON.stringify({ ...definition, Metadata: metadata })) as Json;
  return serializePipelineDocument(file.document, plain);
}

/** The text of `file` with the designer's metadata changed (settings, positions), the definition as it is. */
export function writePipelineFile(file: DesignerFile, positions?: ReadonlyMap<string, Point>): string {
  return writeDefinition(file, file.definition, file.designer, positions);
}

/** Every step object, branch steps included (the objects themselves, so an edit on a copy reaches them). */
export function allSteps(definition: { Steps?: unknown }): StepDefinition[] {
  return placeSteps(definition as Json).map(({ step }) => step);
}

/**
 * The graph as drawn: where every step has a position the user chose, those; otherwise the graph view's layered
 * layout, with the chosen positions put in.
 */
export function designerGraph(file: DesignerFile): PipelineGraph {
  const positions = file.designer.Positions ?? {};
  const chosen = (name: string): Point | undefined => {
    const point = positions[name];
    return point !== undefined && Number.isFinite(point.x) && Number.isFinite(point.y) ? { x: point.x, y: point.y } : undefined;
  };
  const core = pipelineGraph(file.definition as unknown as Json);
  if (core.nodes.length > 0 && core.nodes.every((node) => chosen(node.name) !== undefined)) {
    // Laying out hundreds of steps takes a while, and nothing of it would be used.
    return {
      nodes: core.nodes.map((node) => {
        const size = stepNodeSize(node.name, node.type);
        return {
          id: node.name,
          stepType: node.type,
          ...(node.branchOf ? { branchOf: node.branchOf } : {}),
          nameLines: size.nameLines,
          position: chosen(node.name)!,
          width: size.width,
          height: size.height,
        };
      }),
      edges: core.edges.map((edge) => ({ id: `${edge.from}->${edge.to}:${edge.kind}`, source: edge.from, target: edge.to, kind: edge.kind, points: [] })),
    };
  }
  const graph = definitionToGraph(file.definition);
  for (const node of graph.nodes) node.position = chosen(node.id) ?? node.position;
  return graph;
}

/** One problem the shared validator found, with the steps it is about (to mark their nodes). */
export interface DesignProblem {
  message: string;
  steps: string[];
}

/** Every problem of the definition (the SDK's and the service's own checks), each with the steps it names. */
export function designProblems(file: DesignerFile): DesignProblem[] {
  try {
    validateDefinition(file.definition as unknown as Json);
    return [];
  } catch (error) {
    if (!(error instanceof PipelineDefinitionError)) return [{ message: (error as Error).message, steps: [] }];
    const names = allSteps(file.definition).map((step) => step.Name);
    return error.problems.map((message) => {
      const cycle = /^Steps form a cycle: (.*)$/.exec(message);
      const named = cycle ? cycle[1].split(' -> ') : names.filter((name) => message.includes(`"${name}"`));
      return { message, steps: [...new Set(named)] };
    });
  }
}

/**
 * A copy of the file's definition to edit, and the text after `edit` changed it; undefined when it changed nothing
 * (a form handing back what it was given), so that a file only looked at is never rewritten.
 */
export function editDefinition(
  file: DesignerFile,
  edit: (definition: DesignerFile['definition']) => void,
  positions?: ReadonlyMap<string, Point>,
): string | undefined {
  const copy = structuredClone(file.definition);
  edit(copy);
  if (JSON.stringify(copy) === JSON.stringify(file.definition)) return undefined;
  return writeDefinition(file, copy, file.designer, positions);
}

/** A step name not yet taken: `Processing`, then `Processing2`, … */
export function freeStepName(definition: { Steps?: unknown }, base: string): string {
  const taken = new Set(allSteps(definition).map((step) => step.Name));
  if (!taken.has(base)) return base;
  let index = 2;
  while (taken.has(`${base}${index}`)) index++;
  return `${base}${index}`;
}

export function findStep(definition: { Steps?: unknown }, name: string): StepDefinition | undefined {
  return allSteps(definition).find((step) => step.Name === name);
}

/** Takes a step out of wherever it is (the top level or a condition's branch). */
function detach(definition: DesignerFile['definition'], name: string): StepDefinition | undefined {
  const lists: StepDefinition[][] = [definition.Steps];
  for (const step of allSteps(definition)) {
    if (step.Type !== 'Condition' || !isJsonObject(step.Arguments)) continue;
    for (const key of ['IfSteps', 'ElseSteps']) if (Array.isArray(step.Arguments[key])) lists.push(step.Arguments[key] as unknown as StepDefinition[]);
  }
  for (const list of lists) {
    const index = list.findIndex((step) => step.Name === name);
    if (index >= 0) return list.splice(index, 1)[0];
  }
  return undefined;
}

/** Adds a new step of `type`; returns its name. */
export function addStep(definition: DesignerFile['definition'], type: string): string {
  const name = freeStepName(definition, type);
  definition.Steps.push(newStep(type, name));
  return name;
}

export function removeStep(definition: DesignerFile['definition'], name: string): void {
  detach(definition, name);
  for (const step of allSteps(definition)) {
    if (Array.isArray(step.DependsOn)) {
      step.DependsOn = step.DependsOn.filter((other) => other !== name);
      if (step.DependsOn.length === 0) delete step.DependsOn;
    }
  }
}

/** How a new edge joins two steps: the target reads the source's output, waits for it, or is in a condition's branch. */
export type ConnectionKind = 'data' | 'dependsOn' | 'true' | 'false';

/**
 * Joins `source` to `target`: a branch moves the target into the condition's IfSteps/ElseSteps; a data edge writes
 * the source's first output reference into a new input of the target (what `data` returns, or undefined when the
 * pair has no such input and a DependsOn was written instead).
 */
export function connectSteps(definition: DesignerFile['definition'], source: string, target: string, kind: ConnectionKind): string | undefined {
  const from = findStep(definition, source);
  const to = findStep(definition, target);
  if (from === undefined || to === undefined || source === target) return undefined;
  if (kind === 'true' || kind === 'false') {
    if (from.Type !== 'Condition' || !isJsonObject(from.Arguments)) return undefined;
    const moved = detach(definition, target);
    if (moved === undefined) return undefined;
    const key = kind === 'true' ? 'IfSteps' : 'ElseSteps';
    const list = Array.isArray(from.Arguments[key]) ? (from.Arguments[key] as unknown as StepDefinition[]) : [];
    list.push(moved);
    (from.Arguments as Record<string, unknown>)[key] = list;
    return undefined;
  }
  if (kind === 'data') {
    const reference = outputReferences(from)[0];
    const add = inputAdder(to.Type);
    if (reference !== undefined && add !== undefined) {
      add(to, source, { Get: reference.path });
      return reference.path;
    }
  }
  const dependsOn = Array.isArray(to.DependsOn) ? to.DependsOn : [];
  if (!dependsOn.includes(source)) to.DependsOn = [...dependsOn, source];
  return undefined;
}

/** Renames a step and every reference to it (properties read, DependsOn, positions are the caller's). */
export function renameStep(definition: DesignerFile['definition'], from: string, to: string): void {
  const step = findStep(definition, from);
  if (step === undefined || from === to) return;
  step.Name = to;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isJsonObject(value)) return value;
    if (typeof value.Get === 'string' && Object.keys(value).length === 1) {
      const text = value.Get;
      return text.startsWith(`Steps.${from}.`) || text.startsWith(`Steps.${from}[`) ? { Get: `Steps.${to}${text.slice(`Steps.${from}`.length)}` } : value;
    }
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item)]));
  };
  for (const other of allSteps(definition)) {
    for (const key of Object.keys(other)) if (key !== 'Name' && key !== 'Type' && key !== 'DependsOn') other[key] = rewrite(other[key]);
    if (Array.isArray(other.DependsOn)) other.DependsOn = other.DependsOn.map((name) => (name === from ? to : name));
  }
}

/**
 * Sets the pipeline's PipelineExperimentConfig as the SDK writes it: `null` turns experiments off, `'default'` writes
 * the SDK's default (the pipeline name and the execution id), an object keeps what the settings form holds.
 */
export function setExperimentConfig(definition: DesignerFile['definition'], config: 'default' | null | { ExperimentName?: Json; TrialName?: Json }): void {
  if (config === 'default')
    definition.PipelineExperimentConfig = emptyPipelineDefinition().PipelineExperimentConfig as PipelineDefinition['PipelineExperimentConfig'];
  else if (config === null) definition.PipelineExperimentConfig = null;
  else definition.PipelineExperimentConfig = { ExperimentName: config.ExperimentName ?? '', TrialName: config.TrialName ?? '' };
}

export interface ParameterRow {
  Name: string;
  Type: ParameterType;
  DefaultValue?: Json;
  EnumValues?: string[];
}

/** A parameter's default as the definition holds it: a number for Integer and Float, a boolean for Boolean. */
export function typedDefault(type: ParameterType, text: string): Json | undefined {
  if (text === '') return undefined;
  if (type === 'Integer' || type === 'Float') return Number.isFinite(Number(text)) ? Number(text) : text;
  if (type === 'Boolean') return text === 'true';
  return text;
}

export function isJsonStep(value: unknown): value is JsonObject {
  return isJsonObject(value);
}
