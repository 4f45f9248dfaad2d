/**
 * Conditions of a ConditionStep (SageMaker's `Conditions` of a `Condition` step; a list of them means AND). Key order
 * as the Python SDK writes them. Both sides of a comparison must be comparable: numbers (integers, floats, `float()`)
 * with numbers, strings with strings, booleans with booleans; a variable of unknown type compares with anything.
 */
import { PipelineVariable, toJson, type Float, type ToJson, type Value } from './expressions.js';
import type { JsonValue, PyFloat } from './json.js';

/** A condition: converts itself to its JSON in the definition. */
export abstract class Condition implements ToJson {
  abstract toJsonValue(): JsonValue;
}

/** What a comparison or `ConditionIn` may hold on either side: a literal or a pipeline variable. */
export type Operand = string | number | boolean | PyFloat | PipelineVariable<unknown>;

type FamilyOfValue<T> = T extends string ? 'string' : T extends number | Float | PyFloat ? 'number' : T extends boolean ? 'boolean' : 'any';

/** The kind of value an operand holds, for comparability: 'any' when it is a variable of unknown type. */
export type FamilyOf<X> = X extends PipelineVariable<infer T> ? (unknown extends T ? 'any' : FamilyOfValue<T>) : FamilyOfValue<X>;

/** `unknown` when `L` and `R` can be compared; otherwise a type that names the mismatch on `key`. */
export type Comparable<L, R, K extends string = 'right'> =
  'any' extends FamilyOf<L>
    ? unknown
    : 'any' extends FamilyOf<R>
      ? unknown
      : [FamilyOf<R>] extends [FamilyOf<L>]
        ? unknown
        : { readonly [key in K]: { readonly 'cannot compare': `a ${FamilyOf<L>} with a ${FamilyOf<R>}` } };

type ComparisonType = 'Equals' | 'GreaterThan' | 'GreaterThanOrEqualTo' | 'LessThan' | 'LessThanOrEqualTo';

/** The options of a comparison: `left` and `right` of comparable types. */
export type ComparisonOptions<L extends Operand, R extends Operand> = {
  /** `LeftValue`: a literal or a pipeline variable. */
  left: L;
  /** `RightValue`: a literal or a pipeline variable of a type comparable with `left`. */
  right: R;
} & Comparable<L, R>;

abstract class Comparison<L extends Operand, R extends Operand> extends Condition {
  protected abstract readonly type: ComparisonType;
  readonly left: Value;
  readonly right: Value;
  constructor(options: ComparisonOptions<L, R>) {
    super();
    this.left = options.left;
    this.right = options.right;
  }
  toJsonValue(): JsonValue {
    return { Type: this.type, LeftValue: toJson(this.left), RightValue: toJson(this.right) };
  }
}

/**
 * `Equals`: true when both sides are equal.
 *
 * @example
 * new ConditionEquals({ left: modelApprovalStatus, right: "Approved" })
 */
export class ConditionEquals<L extends Operand = Operand, R extends Operand = Operand> extends Comparison<L, R> {
  protected readonly type = 'Equals';
}
/** `GreaterThan`: `left > right`. */
export class ConditionGreaterThan<L extends Operand = Operand, R extends Operand = Operand> extends Comparison<L, R> {
  protected readonly type = 'GreaterThan';
}
/** `GreaterThanOrEqualTo`: `left >= right`. */
export class ConditionGreaterThanOrEqualTo<L extends Operand = Operand, R extends Operand = Operand> extends Comparison<L, R> {
  protected readonly type = 'GreaterThanOrEqualTo';
}
/** `LessThan`: `left < right`. */
export class ConditionLessThan<L extends Operand = Operand, R extends Operand = Operand> extends Comparison<L, R> {
  protected readonly type = 'LessThan';
}
/**
 * `LessThanOrEqualTo`: `left <= right`, e.g. a model's error against a threshold parameter.
 *
 * @example
 * new ConditionLessThanOrEqualTo({ left: new JsonGet({ step: evaluate, propertyFile: report, jsonPath: "regression_metrics.mse.value" }), right: mseThreshold })
 */
export class ConditionLessThanOrEqualTo<L extends Operand = Operand, R extends Operand = Operand> extends Comparison<L, R> {
  protected readonly type = 'LessThanOrEqualTo';
}

/**
 * `In`: true when `value` is one of `in`.
 *
 * @example
 * new ConditionIn({ value: mode, in: ["full", "fast"] })
 */
export class ConditionIn<L extends Operand = Operand, R extends Operand = Operand> extends Condition {
  readonly value: Value;
  readonly in: readonly Value[];
  constructor(options: { value: L; in: readonly R[] } & Comparable<L, R, 'in'>) {
    super();
    this.value = options.value;
    this.in = options.in;
  }
  toJsonValue(): JsonValue {
    return { Type: 'In', QueryValue: toJson(this.value), Values: this.in.map(toJson) };
  }
}

const warned = new Set<string>();
function deprecatedForm(form: string, replacement: string): void {
  if (warned.has(form)) return;
  warned.add(form);
  console.warn(`${form} is deprecated: write ${replacement}, as the other conditions take their options.`);
}

/**
 * `Not`: true when `expression` is false.
 *
 * @example
 * new ConditionNot({ expression: new ConditionEquals({ left: skipTraining, right: true }) })
 */
export class ConditionNot extends Condition {
  readonly expression: Condition;
  constructor(options: { expression: Condition });
  /** @deprecated Write `new ConditionNot({ expression })`. */
  constructor(expression: Condition);
  constructor(options: Condition | { expression: Condition }) {
    super();
    if (options instanceof Condition) deprecatedForm('new ConditionNot(condition)', 'new ConditionNot({ expression: condition })');
    this.expression = options instanceof Condition ? options : options.expression;
  }
  toJsonValue(): JsonValue {
    return { Type: 'Not', Condition: this.expression.toJsonValue() };
  }
}

/**
 * `Or`: true when any of `conditions` is true (a ConditionStep's list of conditions is an AND).
 *
 * @example
 * new ConditionOr({ conditions: [new ConditionEquals({ left: mode, right: "full" }), new ConditionGreaterThan({ left: count, right: 10 })] })
 */
export class ConditionOr extends Condition {
  readonly conditions: readonly Condition[];
  constructor(options: { conditions: readonly Condition[] });
  /** @deprecated Write `new ConditionOr({ conditions })`. */
  constructor(conditions: readonly Condition[]);
  constructor(options: readonly Condition[] | { conditions: readonly Condition[] }) {
    super();
    if (Array.isArray(options)) deprecatedForm('new ConditionOr([...])', 'new ConditionOr({ conditions: [...] })');
    this.conditions = Array.isArray(options) ? (options as readonly Condition[]) : (options as { conditions: readonly Condition[] }).conditions;
  }
  toJsonValue(): JsonValue {
    return { Type: 'Or', Conditions: this.conditions.map((condition) => condition.toJsonValue()) };
  }
}
