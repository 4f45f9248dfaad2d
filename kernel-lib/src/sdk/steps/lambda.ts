/** LambdaStep and CallbackStep: flat inputs as Arguments, outputs read as `OutputParameters['<name>']`. */
import type { Value } from '../expressions.js';
import { propertyTree, type OutputParametersProperties, type Property } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type StepOptions } from './step.js';

/** The `OutputType` of a Lambda or Callback step's output: what the value becomes when a later step reads it. */
export type OutputType = 'String' | 'Integer' | 'Boolean' | 'Float';

/** One of a Lambda or Callback step's `OutputParameters`: a value the function (or the callback) returns, by name. */
export interface StepOutput {
  outputName: string;
  outputType?: OutputType;
}

interface OutputStepOptions extends StepOptions, CacheableStepOptions {
  inputs?: Readonly<Record<string, Value>>;
  outputs?: readonly StepOutput[];
}

abstract class OutputStep extends Step {
  readonly properties: OutputParametersProperties;
  readonly inputs: Readonly<Record<string, Value>>;
  readonly outputs: readonly StepOutput[];

  constructor(options: OutputStepOptions) {
    super(options);
    this.inputs = options.inputs ?? {};
    this.outputs = options.outputs ?? [];
    this.properties = propertyTree(`Steps.${options.name}`, this);
  }

  /** The output named `name`, e.g. `notify.output("ok")`. */
  output(name: string): Property {
    if (!this.outputs.some((output) => output.outputName === name)) {
      throw new Error(`Step "${this.name}" has no output "${name}"; its outputs are ${JSON.stringify(this.outputs.map((output) => output.outputName))}`);
    }
    return this.properties.OutputParameters.get(name);
  }

  buildArguments(_context: CompileContext): Value {
    return this.inputs;
  }

  protected outputParameters(): Value {
    return this.outputs.map((output) => ({ OutputName: output.outputName, OutputType: output.outputType ?? 'String' }));
  }
}

/**
 * A step of type `Lambda`: invokes an AWS Lambda function (`FunctionArn`) with `inputs` as its event, and reads the
 * `outputs` from the object it returns. It runs only on Amazon SageMaker.
 *
 * @example
 * ```ts
 * const notify = new LambdaStep({ name: 'Notify', functionArn, inputs: { model: modelUri }, outputs: [{ outputName: 'ok', outputType: 'Boolean' }] });
 * notify.output('ok'); // for a condition or a later step
 * ```
 */
export class LambdaStep extends OutputStep {
  readonly stepType = 'Lambda';
  readonly functionArn: string;
  constructor(options: OutputStepOptions & { functionArn: string }) {
    super(options);
    this.functionArn = options.functionArn;
  }
  protected override extraKeys(): Record<string, Value | undefined> {
    return { FunctionArn: this.functionArn, OutputParameters: this.outputParameters() };
  }
}

/**
 * A step of type `Callback`: sends a message with `inputs` and a token to an SQS queue (`SqsQueueUrl`) and waits until
 * something calls SendPipelineExecutionStepSuccess (with the `outputs`) or SendPipelineExecutionStepFailure with that token.
 *
 * @example
 * ```ts
 * const approval = new CallbackStep({ name: 'Approve', sqsQueueUrl, inputs: { model: modelUri }, outputs: [{ outputName: 'approved', outputType: 'Boolean' }] });
 * ```
 */
export class CallbackStep extends OutputStep {
  readonly stepType = 'Callback';
  readonly sqsQueueUrl: string;
  constructor(options: OutputStepOptions & { sqsQueueUrl: string }) {
    super(options);
    this.sqsQueueUrl = options.sqsQueueUrl;
  }
  protected override extraKeys(): Record<string, Value | undefined> {
    return { SqsQueueUrl: this.sqsQueueUrl, OutputParameters: this.outputParameters() };
  }
}
