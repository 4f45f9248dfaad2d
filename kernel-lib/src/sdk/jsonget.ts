/**
 * PropertyFile and JsonGet: reading a value out of a JSON file a step wrote (`Std:JsonGet` in the definition). A
 * property file declared with the type of its JSON (`new PropertyFile<EvaluationReport>(…)`) has its JsonGet paths
 * checked at compile time, and the JsonGet carries the type of the value it reads.
 */
import { Join, PipelineVariable, toJson, type Float, type ToJson } from './expressions.js';
import type { JsonValue } from './json.js';

declare const FILE_TYPE: unique symbol;

/**
 * A JSON file in a Processing step's output, declared on the step (`propertyFiles`) and read with JsonGet. `T` is the
 * type of the file's JSON; the code that writes the file can import the same type.
 *
 * @example
 * interface EvaluationReport { regression_metrics: { mse: { value: number; standard_deviation: number } } }
 * const report = new PropertyFile<EvaluationReport>({ name: "EvaluationReport", outputName: "evaluation", path: "evaluation.json" });
 */
export class PropertyFile<T = unknown> implements ToJson {
  /** Type-level only: the type of the file's JSON. Never set. */
  declare readonly [FILE_TYPE]?: T;
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

type Depth = [never, 0, 1, 2, 3, 4, 5, 6, 7];

/** The JsonGet paths into a JSON type: `a`, `a.b`, `a.list[0]`, `a.list[0].c` (to a depth of eight names). */
export type JsonPathOf<T, D extends number = 8> = [D] extends [never]
  ? never
  : T extends readonly unknown[]
    ? never
    : T extends object
      ? { [K in keyof T & string]: K | `${K}${SubPath<NonNullable<T[K]>, Depth[D]>}` }[keyof T & string]
      : never;

type SubPath<V, D extends number> = V extends readonly (infer I)[]
  ? `[${number}]` | `[${number}]${SubPath<NonNullable<I>, D>}`
  : V extends object
    ? `.${JsonPathOf<V, D>}`
    : never;

/** The paths JsonGet accepts into a file of type `T`: any string when the file's type is not known. */
export type JsonGetPath<T> = unknown extends T ? string : JsonPathOf<T>;

type FieldAt<T, K extends string> = K extends `${infer Name}[${number}]${infer More}`
  ? ItemAt<FieldAt<T, Name>, `[${number}]${More}`>
  : T extends object
    ? K extends keyof T
      ? NonNullable<T[K]>
      : never
    : never;
type ItemAt<T, K extends string> = K extends `[${number}]${infer More}` ? (T extends readonly (infer I)[] ? ItemAt<NonNullable<I>, More> : never) : T;

/** The type of the value at `P` in `T`. */
export type JsonValueAt<T, P extends string> = unknown extends T
  ? unknown
  : P extends `${infer Head}.${infer Rest}`
    ? JsonValueAt<FieldAt<T, Head>, Rest>
    : FieldAt<T, P>;

/** The value type a JsonGet carries for a JSON value of type `V`: JSON numbers may be floats, so they compare as numbers. */
type CarriedType<V> = unknown extends V ? unknown : V extends string ? string : V extends number ? number | Float : V extends boolean ? boolean : unknown;

/**
 * The options of a JsonGet: a property file of a step (or an S3 URI) and the `jsonPath` to read in it (JsonPath without
 * the leading `$`, e.g. `regression_metrics.mse.value`), written to `Std:JsonGet`'s `Path`.
 */
export type JsonGetOptions<F = unknown, P extends string = string> =
  /** The property-file form: the file `propertyFile` declared on Processing step `step`. */
  | {
      /** The Processing step that declares the property file. */
      step: { readonly name: string } | string;
      /** The property file, or its name. */
      propertyFile: PropertyFile<F> | string;
      /** The path in the file's JSON, e.g. `regression_metrics.mse.value`. */
      jsonPath: P;
    }
  /** The S3-URI form: any JSON object in S3, its URI built with Join. */
  | {
      /** The JSON object's S3 URI. */
      s3Uri: Join;
      /** The path in the object's JSON. */
      jsonPath: P;
    };

/** `Std:JsonGet`: a value read from a JSON file when the pipeline runs. */
class JsonGetVariable<T = unknown> extends PipelineVariable<T> {
  readonly options: JsonGetOptions<unknown>;
  constructor(options: JsonGetOptions<unknown>) {
    super();
    this.options = options;
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

/** A JsonGet whose value has type `T`. */
export type JsonGet<T = unknown> = JsonGetVariable<T>;

/** The JsonGet constructor: the path is checked against the property file's type, and the result carries the value's type. */
export interface JsonGetConstructor {
  new <F = unknown, P extends JsonGetPath<F> & string = JsonGetPath<F> & string>(options: JsonGetOptions<F, P>): JsonGet<CarriedType<JsonValueAt<F, P>>>;
  readonly prototype: JsonGet;
}

/**
 * `Std:JsonGet`: a value read from a JSON property file a step wrote (or any JSON object in S3), when the pipeline runs.
 *
 * @example
 * const mse = new JsonGet({ step: evaluate, propertyFile: report, jsonPath: "regression_metrics.mse.value" });
 * new ConditionLessThanOrEqualTo({ left: mse, right: mseThreshold })
 */
export const JsonGet: JsonGetConstructor = JsonGetVariable;
