/**
 * Pipeline variables: values known only when the pipeline runs (parameters, execution variables, step
 * properties, Join, JsonGet). Each one serialises to its expression JSON, as `sagemaker.workflow` does.
 */
import { isJsonMap, PyFloat, type JsonValue } from './json.js';

/** Anything a step argument may hold: JSON, pipeline variables, and nested arrays/objects of them. */
export type Value =
  null | boolean | number | string | PyFloat | PipelineVariable | readonly Value[] | ReadonlyMap<string, Value> | { readonly [key: string]: Value | undefined };

/** Marks something that converts itself to definition JSON (conditions, property files). */
export interface ToJson {
  toJsonValue(): JsonValue;
}

export abstract class PipelineVariable {
  /** The expression JSON written into the definition, e.g. `{"Get": "Parameters.X"}`. */
  abstract get expr(): JsonValue;

  /** A short name for error messages, e.g. `Parameters.InputDataUrl`. */
  abstract get description(): string;

  /**
   * The variable as a string-valued expression, like the Python SDK's `to_string()`:
   * string parameters stay as they are, anything else is wrapped in `Join` with `On: ""`.
   */
  asString(): PipelineVariable {
    return new Join({ on: '', values: [this] });
  }

  /** JSON.stringify(variable) gives its expression instead of an empty object. */
  toJSON(): JsonValue {
    return this.expr;
  }

  // A variable has no value at definition time, so string conversion would silently write garbage.
  toString(): string {
    throw new Error(plainStringMessage(this.description));
  }

  [Symbol.toPrimitive](): never {
    throw new Error(plainStringMessage(this.description));
  }
}

export function plainStringMessage(description: string): string {
  return (
    `Pipeline variable ${description} cannot be used as a plain string (template literal, String(x), or +): ` +
    `its value is only known when the pipeline runs. Use Join to build a string from it, ` +
    `e.g. new Join({ on: "/", values: ["s3://bucket", variable] }), or variable.asString() where a string-valued ` +
    `argument is wanted (the Python SDK's to_string()).`
  );
}

/** `{"Get": "<path>"}`: the common form of parameters, execution variables and step properties. */
export class GetVariable extends PipelineVariable {
  constructor(readonly path: string) {
    super();
  }
  get expr(): JsonValue {
    return { Get: this.path };
  }
  get description(): string {
    return this.path;
  }
}

/** `Std:Join`: the only way to build a string from pipeline variables. */
export class Join extends PipelineVariable {
  readonly on: string;
  readonly values: readonly Value[];
  constructor(options: { on?: string; values: readonly Value[] }) {
    super();
    this.on = options.on ?? '';
    this.values = options.values;
  }
  get expr(): JsonValue {
    return { 'Std:Join': { On: this.on, Values: this.values.map(toJson) } };
  }
  get description(): string {
    return `Join(on ${JSON.stringify(this.on)})`;
  }
}

export const ExecutionVariableNames = [
  'PipelineExecutionId',
  'PipelineExecutionArn',
  'PipelineName',
  'PipelineArn',
  'StartDateTime',
  'CurrentDateTime',
  'TrainingJobName',
  'ProcessingJobName',
] as const;
export type ExecutionVariableName = (typeof ExecutionVariableNames)[number];

export class ExecutionVariable extends GetVariable {
  constructor(readonly name: ExecutionVariableName) {
    super(`Execution.${name}`);
  }
}

/** `{"Get": "Execution.<name>"}`, e.g. `ExecutionVariables.PipelineExecutionId`. */
export const ExecutionVariables: { readonly [K in ExecutionVariableName]: ExecutionVariable } = Object.freeze(
  Object.fromEntries(ExecutionVariableNames.map((name) => [name, new ExecutionVariable(name)])) as { [K in ExecutionVariableName]: ExecutionVariable },
);

/** `{"Get": "PipelineExperimentConfig.ExperimentName"}` and `...TrialName`. */
export const PipelineExperimentConfigProperties = Object.freeze({
  ExperimentName: new GetVariable('PipelineExperimentConfig.ExperimentName'),
  TrialName: new GetVariable('PipelineExperimentConfig.TrialName'),
});

/** Converts a step argument to definition JSON, dropping `undefined` members so builders can pass optionals. */
export function toJson(value: Value | ToJson): JsonValue {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || value instanceof PyFloat) return value;
  if (typeof value === 'number') return value;
  if (value instanceof PipelineVariable) return value.expr;
  if (isToJson(value)) return value.toJsonValue();
  if (Array.isArray(value)) return (value as readonly Value[]).map(toJson);
  if (isJsonMap(value)) {
    const result = new Map<string, JsonValue>();
    for (const [key, item] of value as ReadonlyMap<string, Value>) result.set(key, toJson(item));
    return result;
  }
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value as { readonly [key: string]: Value | undefined })) {
    if (item !== undefined) result[key] = toJson(item);
  }
  return result;
}

function isToJson(value: unknown): value is ToJson {
  return typeof value === 'object' && value !== null && typeof (value as Partial<ToJson>).toJsonValue === 'function';
}
