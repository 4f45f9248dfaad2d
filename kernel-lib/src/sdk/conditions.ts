/** Conditions of a ConditionStep; a list of them means AND. Key order as the Python SDK writes them. */
import { toJson, type ToJson, type Value } from './expressions.js';
import type { JsonValue } from './json.js';

export abstract class Condition implements ToJson {
  abstract toJsonValue(): JsonValue;
}

type ComparisonType = 'Equals' | 'GreaterThan' | 'GreaterThanOrEqualTo' | 'LessThan' | 'LessThanOrEqualTo';

abstract class Comparison extends Condition {
  protected abstract readonly type: ComparisonType;
  readonly left: Value;
  readonly right: Value;
  constructor(options: { left: Value; right: Value }) {
    super();
    this.left = options.left;
    this.right = options.right;
  }
  toJsonValue(): JsonValue {
    return { Type: this.type, LeftValue: toJson(this.left), RightValue: toJson(this.right) };
  }
}

export class ConditionEquals extends Comparison {
  protected readonly type = 'Equals';
}
export class ConditionGreaterThan extends Comparison {
  protected readonly type = 'GreaterThan';
}
export class ConditionGreaterThanOrEqualTo extends Comparison {
  protected readonly type = 'GreaterThanOrEqualTo';
}
export class ConditionLessThan extends Comparison {
  protected readonly type = 'LessThan';
}
export class ConditionLessThanOrEqualTo extends Comparison {
  protected readonly type = 'LessThanOrEqualTo';
}

export class ConditionIn extends Condition {
  readonly value: Value;
  readonly in: readonly Value[];
  constructor(options: { value: Value; in: readonly Value[] }) {
    super();
    this.value = options.value;
    this.in = options.in;
  }
  toJsonValue(): JsonValue {
    return { Type: 'In', QueryValue: toJson(this.value), Values: this.in.map(toJson) };
  }
}

export class ConditionNot extends Condition {
  constructor(readonly expression: Condition) {
    super();
  }
  toJsonValue(): JsonValue {
    return { Type: 'Not', Condition: this.expression.toJsonValue() };
  }
}

export class ConditionOr extends Condition {
  constructor(readonly conditions: readonly Condition[]) {
    super();
  }
  toJsonValue(): JsonValue {
    return { Type: 'Or', Conditions: this.conditions.map((condition) => condition.toJsonValue()) };
  }
}
