/** ConditionStep: `{"Conditions": [...], "IfSteps": [...], "ElseSteps": [...]}` with branch steps nested in full. */
import type { Condition } from '../conditions.js';
import type { Value } from '../expressions.js';
import { propertyTree, type ConditionProperties } from '../properties.js';
import { Step, type CompileContext, type StepOptions } from './step.js';

export interface ConditionStepOptions extends StepOptions {
  /** All must hold (logical AND). */
  conditions: readonly Condition[];
  ifSteps?: readonly Step[];
  elseSteps?: readonly Step[];
}

export class ConditionStep extends Step {
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
