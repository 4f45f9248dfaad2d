/** ConditionStep: `{"Conditions": [...], "IfSteps": [...], "ElseSteps": [...]}` with branch steps nested in full. */
import type { Condition } from '../conditions.js';
import type { Value } from '../expressions.js';
import { propertyTree, type ConditionProperties } from '../properties.js';
import { optionKeys } from '../options.js';
import { Step, stepOptionKeys, type CompileContext, type StepOptions } from './step.js';

export interface ConditionStepOptions extends StepOptions {
  /** All must hold (logical AND). */
  conditions: readonly Condition[];
  ifSteps?: readonly Step[];
  elseSteps?: readonly Step[];
}

/**
 * A `Condition` step: evaluates `conditions` (all must hold) and runs `ifSteps` when they do, `elseSteps` otherwise.
 *
 * @example
 * new ConditionStep({ name: "CheckMse", conditions: [new ConditionLessThanOrEqualTo({ left: mse, right: threshold })], ifSteps: [register], elseSteps: [fail] })
 */
export class ConditionStep extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<ConditionStepOptions>({ ...stepOptionKeys, conditions: true, ifSteps: true, elseSteps: true });
  readonly stepType = 'Condition';
  readonly properties: ConditionProperties;
  readonly conditions: readonly Condition[];
  readonly ifSteps: readonly Step[];
  readonly elseSteps: readonly Step[];

  constructor(options: ConditionStepOptions) {
    super(options);
    this.conditions = options.conditions;
    this.ifSteps = options.ifSteps ?? [];
    this.elseSteps = options.elseSteps ?? [];
    this.properties = propertyTree(`Steps.${options.name}`, this);
  }

  buildArguments(context: CompileContext): Value {
    return {
      Conditions: this.conditions.map((condition) => condition.toJsonValue()),
      IfSteps: this.ifSteps.map((step) => step.toJsonValue(context)),
      ElseSteps: this.elseSteps.map((step) => step.toJsonValue(context)),
    };
  }
}
