/** Pipeline parameters: `{"Get": "Parameters.<Name>"}` in expressions, declared in the definition's `Parameters`. */
import { GetVariable, PipelineVariable, type Float } from './expressions.js';
import { PyFloat, type JsonValue } from './json.js';
import { checkOptionKeys } from './options.js';

/** A parameter's `Type` in the definition. */
export type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean';

/**
 * A pipeline parameter: declared in the definition's `Parameters`, read as `{"Get": "Parameters.<Name>"}`, given a
 * value per execution (`PipelineParameters` of StartPipelineExecution). `T` is the type of its default, `V` the value
 * type it carries as a pipeline variable ({@link Float} for float parameters).
 */
export abstract class Parameter<T extends string | number | boolean, V = T> extends GetVariable<V> {
  abstract readonly parameterType: ParameterType;
  constructor(
    readonly name: string,
    readonly defaultValue: T | undefined,
    options?: object,
  ) {
    super(`Parameters.${name}`);
    // JavaScript callers may write the Python SDK's default_value or enum_values: refuse keys that are not options.
    if (options !== undefined)
      checkOptionKeys(`${new.target.name} "${name}"`, options, ['name', 'defaultValue', ...(this.acceptsEnum() ? ['enumValues'] : [])]);
  }

  /** Whether the parameter takes `enumValues` (string parameters do). */
  protected acceptsEnum(): boolean {
    return false;
  }

  /** The declaration in key order `Name, Type, DefaultValue?, EnumValues?`. */
  declaration(): JsonValue {
    const result: Record<string, JsonValue> = { Name: this.name, Type: this.parameterType };
    if (this.defaultValue !== undefined) result.DefaultValue = this.writtenDefault(this.defaultValue);
    return result;
  }

  protected writtenDefault(value: T): JsonValue {
    return value;
  }
}

/**
 * A `String` parameter.
 *
 * @example
 * const inputData = new ParameterString({ name: "InputDataUrl", defaultValue: "s3://bucket/abalone.csv" });
 */
export class ParameterString extends Parameter<string> {
  readonly parameterType = 'String';
  readonly enumValues: readonly string[] | undefined;
  constructor(options: { name: string; defaultValue?: string; enumValues?: readonly string[] }) {
    super(options.name, options.defaultValue, options);
    this.enumValues = options.enumValues;
  }
  protected override acceptsEnum(): boolean {
    return true;
  }
  // A string parameter already is a string, so the Python SDK uses it as it is.
  override asString(): PipelineVariable<string> {
    return this;
  }
  override declaration(): JsonValue {
    const result = super.declaration() as Record<string, JsonValue>;
    return this.enumValues === undefined ? result : { ...result, EnumValues: [...this.enumValues] };
  }
}

/**
 * An `Integer` parameter: accepted where SageMaker wants an integer (instance counts, sizes).
 *
 * @example
 * const count = new ParameterInteger({ name: "ProcessingInstanceCount", defaultValue: 1 });
 */
export class ParameterInteger extends Parameter<number> {
  readonly parameterType = 'Integer';
  constructor(options: { name: string; defaultValue?: number }) {
    super(options.name, options.defaultValue, options);
  }
}

/**
 * A `Float` parameter (Python's float: a default of 6 is written `6.0`). Compared with numbers in conditions; not
 * accepted where SageMaker wants an integer.
 *
 * @example
 * const threshold = new ParameterFloat({ name: "MseThreshold", defaultValue: 6 });
 */
export class ParameterFloat extends Parameter<number, Float> {
  readonly parameterType = 'Float';
  constructor(options: { name: string; defaultValue?: number }) {
    super(options.name, options.defaultValue, options);
  }
  // Python holds the default as a float, so 1 is written 1.0.
  protected override writtenDefault(value: number): JsonValue {
    return new PyFloat(value);
  }
}

/** A `Boolean` parameter. */
export class ParameterBoolean extends Parameter<boolean> {
  readonly parameterType = 'Boolean';
  constructor(options: { name: string; defaultValue?: boolean }) {
    super(options.name, options.defaultValue, options);
  }
}

/** Any of the four parameter classes. */
export type AnyParameter = ParameterString | ParameterInteger | ParameterFloat | ParameterBoolean;
