/**
 * A `*.pipeline.json` document: a pipeline definition as SageMaker stores it (one line, Python `json.dumps` style), whose
 * top-level `"Metadata"` block may hold the designer's layout (SageMaker ignores it). Opening and saving with no edit
 * gives back the very bytes read; an edit is written in the SDK's style, keeping the Python floats (`6.0`) and the key
 * order of what was not changed. Browser-safe: the designer reads and writes its files with these.
 */
import { isJsonObject, type Json, type JsonObject } from './json.js';
import { entriesOf, isObjectValue, member, PyFloat, pyJsonDumps, pyJsonLoads, type JsonMap, type JsonValue } from './python-json.js';

/** A document as read: its text, and its definition as plain JSON (what forms and the canvas edit). */
export interface PipelineDocument {
  /** The bytes read, given back by {@link serializePipelineDocument} when nothing changed. */
  readonly text: string;
  /** The definition, `Metadata` (the layout) included, as `JSON.parse` reads it. */
  readonly definition: JsonObject;
  /** The definition as Python's `json` reads it: which numbers were floats, the order of integer-like keys. */
  readonly original: JsonValue;
}

/** Thrown when a document's text is not a JSON object; the message names the position. */
export class PipelineDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PipelineDocumentError';
  }
}

/** The definition of a new, empty pipeline, as the SDK writes one with no parameters and no steps. */
export function emptyPipelineDefinition(): JsonObject {
  return {
    Version: '2020-12-01',
    Metadata: {},
    Parameters: [],
    PipelineExperimentConfig: { ExperimentName: { Get: 'Execution.PipelineName' }, TrialName: { Get: 'Execution.PipelineExecutionId' } },
    Steps: [],
  };
}

/**
 * Reads a `*.pipeline.json` document. Empty text (a file just created) reads as {@link emptyPipelineDefinition}; text
 * that is not a JSON object throws {@link PipelineDocumentError}. Nothing is validated here: an invalid definition
 * opens, so that it can be fixed.
 *
 * @example
 * ```ts
 * const document = parsePipelineDocument(context.model.toString());
 * const steps = document.definition.Steps;
 * ```
 */
export function parsePipelineDocument(text: string): PipelineDocument {
  if (text.trim() === '') {
    const definition = emptyPipelineDefinition();
    return { text, definition, original: definition };
  }
  let original: JsonValue;
  let definition: Json;
  try {
    original = pyJsonLoads(text);
    definition = JSON.parse(text) as Json;
  } catch (error) {
    throw new PipelineDocumentError(`The pipeline document is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isJsonObject(definition)) throw new PipelineDocumentError('The pipeline document is not a JSON object: a definition is one.');
  return { text, definition, original };
}

/**
 * The text to save for `definition` (the document's definition, edited or not): the document's own text when the
 * definition is unchanged, else one line as the SDK writes a definition, with the floats and key order of `document`
 * wherever values did not change.
 *
 * @example
 * ```ts
 * context.model.fromString(serializePipelineDocument(document, editedDefinition));
 * ```
 */
export function serializePipelineDocument(document: PipelineDocument, definition: Json): string {
  const written = pyJsonDumps(asWritten(definition, document.original));
  return written === pyJsonDumps(document.original) ? document.text : written;
}

/** A plain JSON value as it is written: numbers that were Python floats stay floats, objects keep their read key order. */
function asWritten(value: Json, original: JsonValue | undefined): JsonValue {
  if (typeof value === 'number') return original instanceof PyFloat && original.value === value ? original : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item, index) => asWritten(item, Array.isArray(original) ? (original as readonly JsonValue[])[index] : undefined));
  const keys = Object.keys(value);
  // JSON.parse puts integer-like keys first; when the keys are the ones read, keep the order they were read in.
  const readKeys = isObjectValue(original) ? entriesOf(original).map(([key]) => key) : [];
  const sameKeys = readKeys.length === keys.length && readKeys.every((key) => Object.prototype.hasOwnProperty.call(value, key));
  const written: JsonMap = new Map();
  for (const key of sameKeys ? readKeys : keys) written.set(key, asWritten(value[key]!, member(original, key)));
  return written;
}
