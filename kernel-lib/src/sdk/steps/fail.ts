/** FailStep: ends the execution as Failed with a message. It cannot be referenced or depended on. */
import type { Value } from '../expressions.js';
import { Step, type CompileContext, type StepOptions } from './step.js';

export class FailStep extends Step {
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
