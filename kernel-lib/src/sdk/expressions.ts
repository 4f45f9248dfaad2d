/**
 * Pipeline variables: values known only when the pipeline runs (parameters, execution variables, step
 * properties, Join, JsonGet). Each one serialises to its expression JSON, as `sagemaker.workflow` does.
 */
import { didYouMean, nearestNames } from '../definition/property-paths.js';
import { isJsonMap, PyFloat, type JsonValue } from './json.js';
import { ExecutionVariableNames, type ExecutionVariableName } from '../definition/execution-variables.js';

/** Anything a step argument may hold: JSON, pipeline variables, and nested arrays/objects of them. */
export type Value =
  null | boolean | number | string | PyFloat | PipelineVariable | readonly Value[] | ReadonlyMap<string, Value> | { readonly [key: string]: Value | undefined };

declare const VALUE_TYPE: unique symbol;
declare const FLOAT: unique symbol;

/**
 * The value type of a Python `float` pipeline variable (a `ParameterFloat`), kept apart from `number` (an integer, or a
 * number whose kind SageMaker does not fix) because SageMaker keeps `Float` and `Integer` parameters apart: a float
 * parameter cannot be an instance count.
 */
export interface Float {
  readonly [FLOAT]: true;
}

/** The value types a pipeline variable can carry: `string`, `number` (integers), {@link Float}, `boolean`. */
export type Scalar = string | number | boolean | Float;

/**
 * A step option that takes a value of type `T`, known now (`"ml.m5.xlarge"`, `1`) or when the pipeline runs (a
 * parameter, a step property or a Join of the same type).
 *
 * @example
 * const count = new ParameterInteger({ name: "InstanceCount", defaultValue: 1 });
 * const ok: Late<number> = count;     // an Integer parameter
 * const also: Late<number> = 2;
 */
export type Late<T extends Scalar> = (T extends Float ? PyFloat | number : T) | PipelineVariable<T>;

/** Marks something that converts itself to definition JSON (conditions, property files). */
export interface ToJson {
  toJsonValue(): JsonValue;
}

/**
 * A value known only when the pipeline runs: a parameter, an execution variable, a step property, a Join or a
 * JsonGet. `T` is its value type (`string`, `number`, {@link Float}, `boolean`; `unknown` when not known), so a string
 * parameter cannot be passed where a number is wanted. It serialises to its expression JSON, as
 * `sagemaker.workflow`'s `PipelineVariable` does.
 */
export abstract class PipelineVariable<out T = unknown> {
  /** Type-level only: the value type. Never set. */
  declare readonly [VALUE_TYPE]?: T;

  /** The expression JSON written into the definition, e.g. `{"Get": "Parameters.X"}`. */
  abstract get expr(): JsonValue;

  /** A short name for error messages, e.g. `Parameters.InputDataUrl`. */
  abstract get description(): string;

  /**
   * The variable as a string-valued expression, like the Python SDK's `to_string()`:
   * string parameters stay as they are, anything else is wrapped in `Join` with `On: ""`.
   */
  asString(): PipelineVariable<string> {
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
export class GetVariable<out T = unknown> extends PipelineVariable<T> {
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

/**
 * `Std:Join`: the only way to build a string from pipeline variables.
 *
 * @example
 * new Join({ on: "/", values: ["s3://bucket", ExecutionVariables.PipelineExecutionId, "train"] })
 */
export class Join extends PipelineVariable<string> {
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

export { ExecutionVariableNames, type ExecutionVariableName };

/** `{"Get": "Execution.<name>"}`: a value SageMaker sets for each execution (all of them strings). */
export class ExecutionVariable extends GetVariable<string> {
  constructor(readonly name: ExecutionVariableName) {
    super(`Execution.${name}`);
  }
}

/** The Python SDK's names for the execution variables (`ExecutionVariables.START_DATETIME`), accepted as aliases. */
export const pythonExecutionVariableNames = {
  PIPELINE_EXECUTION_ID: 'PipelineExecutionId',
  PIPELINE_EXECUTION_ARN: 'PipelineExecutionArn',
  PIPELINE_NAME: 'PipelineName',
  PIPELINE_ARN: 'PipelineArn',
  START_DATETIME: 'StartDateTime',
  CURRENT_DATETIME: 'CurrentDateTime',
  TRAINING_JOB_NAME: 'TrainingJobName',
  PROCESSING_JOB_NAME: 'ProcessingJobName',
} as const satisfies Record<string, ExecutionVariableName>;

type ExecutionVariableTable = { readonly [K in ExecutionVariableName]: ExecutionVariable } & {
  readonly [K in keyof typeof pythonExecutionVariableNames]: ExecutionVariable;
};

/**
 * `{"Get": "Execution.<name>"}`, e.g. `ExecutionVariables.PipelineExecutionId` (or the Python SDK's
 * `ExecutionVariables.PIPELINE_EXECUTION_ID`). An unknown name throws, naming the nearest one.
 *
 * @example
 * new Join({ on: "/", values: ["s3://bucket/runs", ExecutionVariables.PipelineExecutionId] })
 */
export const ExecutionVariables: ExecutionVariableTable = new Proxy(
  Object.freeze(
    Object.fromEntries([
      ...ExecutionVariableNames.map((name) => [name, new ExecutionVariable(name)] as const),
      ...Object.entries(pythonExecutionVariableNames).map(([alias, name]) => [alias, new ExecutionVariable(name)] as const),
    ]),
  ) as ExecutionVariableTable,
  {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key in target || ignoredProbes.has(key)) return Reflect.get(target, key, receiver) as unknown;
      throw new Error(
        `ExecutionVariables.${key} does not exist: SageMaker's execution variables are ${ExecutionVariableNames.join(', ')}.` +
          didYouMean(nearestNames(key, [...ExecutionVariableNames, ...Object.keys(pythonExecutionVariableNames)]).map((name) => `ExecutionVariables.${name}`)),
      );
    },
  },
);

/**
 * Member names that JavaScript itself, test libraries and displays probe for on any object (`await x` reads `then`,
 * Jest reads `asymmetricMatch`, React `$$typeof`); reading them must not throw.
 */
export const ignoredProbes: ReadonlySet<string> = new Set([
  'then',
  'catch',
  'asymmetricMatch',
  '$$typeof',
  'nodeType',
  'tagName',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
  '_isMockFunction',
  '__esModule',
  'toJSON',
  'inspect',
  'constructor',
  'prototype',
  'length',
]);

/** `{"Get": "PipelineExperimentConfig.ExperimentName"}` and `...TrialName`. */
export const PipelineExperimentConfigProperties = Object.freeze({
  ExperimentName: new GetVariable<string>('PipelineExperimentConfig.ExperimentName'),
  TrialName: new GetVariable<string>('PipelineExperimentConfig.TrialName'),
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
