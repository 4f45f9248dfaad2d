/** FailStep: ends the execution as Failed with a message. It cannot be referenced or depended on. */
import type { Value } from '../expressions.js';
import { optionKeys } from '../options.js';
import { Step, stepOptionKeys, type CompileContext, type StepOptions } from './step.js';

/**
 * A step of type `Fail`: stops the execution with status Failed and its `ErrorMessage` (a string or a pipeline value,
 * e.g. a `Join`), usually in a condition's else branch.
 *
 * @example
 * ```ts
 * const fail = new FailStep({ name: 'MseTooHigh', errorMessage: new Join({ on: ' ', values: ['MSE above', mseThreshold] }) });
 * ```
 */
export class FailStep extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<StepOptions & { errorMessage?: Value }>({ ...stepOptionKeys, errorMessage: true });
  readonly stepType = 'Fail';
  readonly errorMessage: Value;
  constructor(options: StepOptions & { errorMessage?: Value }) {
    super(options);
    this.errorMessage = options.errorMessage ?? '';
  }
  buildArguments(_context: CompileContext): Value {
    return { ErrorMessage: this.errorMessage };
  }
}
