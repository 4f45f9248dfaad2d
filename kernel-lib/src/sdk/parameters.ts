/** Pipeline parameters: `{"Get": "Parameters.<Name>"}` in expressions, declared in the definition's `Parameters`. */
import { GetVariable, PipelineVariable } from './expressions.js';
import { PyFloat, type JsonValue } from './json.js';

export type ParameterType = 'String' | 'Integer' | 'Float' | 'Boolean';

export abstract class Parameter<T extends string | number | boolean> extends GetVariable {
  abstract readonly parameterType: ParameterType;
  constructor(
    readonly name: string,
    readonly defaultValue: T | undefined,
  ) {
    super(`Parameters.${name}`);
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

export class ParameterString extends Parameter<string> {
  readonly parameterType = 'String';
  readonly enumValues: readonly string[] | undefined;
  constructor(options: { name: string; defaultValue?: string; enumValues?: readonly string[] }) {
    super(options.name, options.defaultValue);
    this.enumValues = options.enumValues;
  }
  // A string parameter already is a string, so the Python SDK uses it as it is.
  override asString(): PipelineVariable {
    return this;
  }
  override declaration(): JsonValue {
    const result = super.declaration() as Record<string, JsonValue>;
    return this.enumValues === undefined ? result : { ...result, EnumValues: [...this.enumValues] };
  }
}

export class ParameterInteger extends Parameter<number> {
  readonly parameterType = 'Integer';
  constructor(options: { name: string; defaultValue?: number }) {
    super(options.name, options.defaultValue);
  }
}

export class ParameterFloat extends Parameter<number> {
  readonly parameterType = 'Float';
  constructor(options: { name: string; defaultValue?: number }) {
    super(options.name, options.defaultValue);
  }
  // Python holds the default as a float, so 1 is written 1.0.
  protected override writtenDefault(value: number): JsonValue {
    return new PyFloat(value);
  }
}

export class ParameterBoolean extends Parameter<boolean> {
  readonly parameterType = 'Boolean';
  constructor(options: { name: string; defaultValue?: boolean }) {
    super(options.name, options.defaultValue);
  }
}

export type AnyParameter = ParameterString | ParameterInteger | ParameterFloat | ParameterBoolean;
