/** PropertyFile and JsonGet: reading a value out of a JSON file a step wrote. */
import { Join, PipelineVariable, toJson, type ToJson } from './expressions.js';
import type { JsonValue } from './json.js';

/** A JSON file in a Processing step's output, declared on the step and read with JsonGet. */
export class PropertyFile implements ToJson {
  readonly name: string;
  readonly outputName: string;
  readonly path: string;
  constructor(options: { name: string; outputName: string; path: string }) {
    this.name = options.name;
    this.outputName = options.outputName;
    this.path = options.path;
  }
  toJsonValue(): JsonValue {
    return { PropertyFileName: this.name, OutputName: this.outputName, FilePath: this.path };
  }
}

export type JsonGetOptions =
  /** The property-file form: the file `propertyFile` declared on Processing step `step`. */
  | { step: { readonly name: string } | string; propertyFile: PropertyFile | string; jsonPath: string }
  /** The S3-URI form: any JSON object in S3, its URI built with Join. */
  | { s3Uri: Join; jsonPath: string };

export class JsonGet extends PipelineVariable {
  constructor(readonly options: JsonGetOptions) {
    super();
  }
  get jsonPath(): string {
    return this.options.jsonPath;
  }
  get expr(): JsonValue {
    const options = this.options;
    if ('s3Uri' in options) return { 'Std:JsonGet': { S3Uri: toJson(options.s3Uri), Path: options.jsonPath } };
    const step = typeof options.step === 'string' ? options.step : options.step.name;
    const file = typeof options.propertyFile === 'string' ? options.propertyFile : options.propertyFile.name;
    return { 'Std:JsonGet': { PropertyFile: { Get: `Steps.${step}.PropertyFiles.${file}` }, Path: options.jsonPath } };
  }
  get description(): string {
    return `JsonGet(${JSON.stringify(this.options.jsonPath)})`;
  }
}
