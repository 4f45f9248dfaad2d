/**
 * Function steps: a function written in a notebook cell becomes a pipeline step (the Python SDK's `@step` and its
 * `DelayedReturn`). Calling the step with pipeline parameters, literals or other steps' results builds the graph; the
 * function's code is bundled with esbuild (with what it imports) and runs as a processing job, so caching, retries,
 * logs, the panel and SageMaker work as for any processing step. No new step type: the definition is SageMaker's.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineVariable, type Float, type Late } from '../expressions.js';
import { Parameter } from '../parameters.js';
import { PyFloat } from '../json.js';
import { bundleSource, contentAddressed, type CodeAsset } from '../code.js';
import { stepProperties, type ProcessingJobProperties } from '../properties.js';
import { checkOptionKeys, optionKeys } from '../options.js';
import { ProcessingStep, type ProcessingInput } from '../steps/processing.js';
import { jobStepOptionKeys, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from '../steps/step.js';
import type { LateRequest } from '../request-shapes.js';
import type { CreateProcessingJobRequest } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../../session/execution.js';
import { functionStepResult } from '../../session/function-results.js';
import { Session } from '../../session/session.js';
import { freeVariables, NotAFunctionError, type FreeVariable } from './free-variables.js';
import { decode, encode, type Encoded } from './serialisation.js';
import {
  ARGUMENTS_DIR,
  ARGUMENTS_FILE,
  CODE_DIR,
  RESULT_OUTPUT_DIR,
  RESULT_OUTPUT_NAME,
  RESULTS_INPUT_DIR,
  type ArgumentsDocument,
  type ResultPlaceholder,
  type ValuePlaceholder,
} from './job-layout.js';

/** The options of a function step: the processing job it runs as, and the step's own keys. */
export interface FunctionStepOptions extends Omit<StepOptions, 'name'>, RetryableStepOptions, CacheableStepOptions {
  /** The step's `Name`; default the function's name. */
  name?: string;
  /** The image the job runs in: a Node.js image (containers/node); default `sluice/node:20`. */
  imageUri?: string;
  /** The role the job runs as; default the role of the session upserting (or planning) the pipeline, else `Session.default`'s. */
  roleArn?: string;
  /** Default `ml.m5.large`. */
  instanceType?: Late<string>;
  /** Default 30. */
  volumeSizeInGB?: number;
  /** `Environment` of the job. */
  env?: Readonly<Record<string, Late<string>>>;
  /** Where the function's `import()`s of local files and npm packages are resolved from; default the notebook's folder (the kernel's working directory). */
  resolveDir?: string;
}

const functionStepOptionKeys = optionKeys<FunctionStepOptions>({
  ...jobStepOptionKeys,
  name: true,
  imageUri: true,
  roleArn: true,
  instanceType: true,
  volumeSizeInGB: true,
  env: true,
  resolveDir: true,
});

/** Member names a step's result keeps for itself; a returned member of the same name is read with `.get(name)`. */
export type ReservedResultName = 'step' | 'output' | 'get';

declare const RESULT_TYPE: unique symbol;

/** What every step result has, whatever the function returns. */
export interface StepResult<R = unknown> {
  /** Type-level only. */
  readonly [RESULT_TYPE]?: R;
  /** The step that computes it: what `new Pipeline({ steps })` lists (a result can be listed in its place). */
  readonly step: FunctionStep;
  /** The value, read back after the execution ran the step (from its `results` output in S3). */
  output(execution: PipelineExecution): Promise<R>;
  /** A member of the value, for a member whose name is reserved here (`step`, `output`, `get`). */
  get<K extends keyof R & string>(key: K): DelayedReturn<R[K]>;
}

/**
 * A function step's return value, known when the pipeline runs (the Python SDK's `DelayedReturn`). Pass it (or a
 * member of it, `result.path`) to another function step; read it after the run with `await result.output(execution)`.
 */
export type DelayedReturn<R> = StepResult<R> &
  (R extends Date | ArrayBufferView
    ? unknown
    : R extends object
      ? { readonly [K in Exclude<keyof R, ReservedResultName> & string]-?: DelayedReturn<R[K]> }
      : unknown);

/** What a parameter of type `T` accepts: a value, a pipeline variable of that type, or another step's result of that type. */
export type StepArgument<T> =
  | T
  | DelayedReturn<T>
  | (T extends string
      ? PipelineVariable<string>
      : T extends number
        ? PipelineVariable<number> | PipelineVariable<Float>
        : T extends boolean
          ? PipelineVariable<boolean>
          : never)
  | (T extends Date | ArrayBufferView | ((...args: never[]) => unknown) ? never : T extends object ? { readonly [K in keyof T]: StepArgument<T[K]> } : never);

/** Calling it adds a step to the graph; its result feeds later steps. */
export interface FunctionStepFactory<A extends readonly unknown[], R> {
  (...args: { [I in keyof A]: StepArgument<A[I]> }): DelayedReturn<R>;
  /** The function's name: the steps' default name. */
  readonly functionName: string;
  /** The same function with other options (e.g. another name, to call it twice in one pipeline). */
  withOptions(options: FunctionStepOptions): FunctionStepFactory<A, R>;
}

/** A function step that cannot be defined: its function uses variables from outside itself. */
export class FunctionStepError extends Error {
  constructor(
    message: string,
    readonly freeVariables: readonly FreeVariable[] = [],
  ) {
    super(message);
    this.name = 'FunctionStepError';
  }
}

/**
 * Makes a pipeline step of a function (the Python SDK's `@step`). Calling the result with pipeline parameters,
 * literals or other function steps' results adds a step, named after the function, and returns its result.
 *
 * The function's text is shipped, not the notebook's state: it may use its parameters, Node's globals and modules it
 * imports *inside itself* (`const _ = await import('lodash')`, `await import('./features')` for a local `.ts` file
 * next to the notebook); esbuild bundles them with it. A name from elsewhere (another cell's variable, or a cell's
 * `import`) is refused here, naming each one: pass it as an argument instead. Arguments and the return value travel
 * as JSON (with Date, typed arrays, undefined, bigint; functions, class instances and cycles are refused).
 *
 * @example
 * ```ts
 * const prepare = step(async function prepare(input: string, ratio: number) {
 *   const { readFileSync } = await import('node:fs');
 *   const _ = await import('lodash');
 *   return { rows: 10, path: `${input}/prepared` };
 * });
 * const train = step(async function train(path: string) { return { model: `${path}/model` }; });
 * const trained = train(prepare(inputData, 0.7).path);   // inputData: a ParameterString
 * const pipeline = new Pipeline({ name: 'Functions', parameters: [inputData], steps: [trained] });
 * const execution = await pipeline.start(); await execution.wait();
 * await trained.output(execution);                        // { model: '…/prepared/model' }
 * ```
 */
export function step<A extends unknown[], R>(fn: (...args: A) => R, options: FunctionStepOptions = {}): FunctionStepFactory<A, Awaited<R>> {
  const definition = defineFunction(fn as (...args: never[]) => unknown, options);
  const factory = (...args: unknown[]): DelayedReturn<Awaited<R>> => new FunctionStep(definition, args).result as DelayedReturn<Awaited<R>>;
  return Object.assign(factory, {
    functionName: definition.functionName,
    withOptions: (more: FunctionStepOptions) => step(fn, { ...options, ...more }),
  }) as unknown as FunctionStepFactory<A, Awaited<R>>;
}

// SageMaker's pattern for a step's Name; a bundle's file name follows it too.
const STEP_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A function checked and ready to become steps. */
interface FunctionDefinition {
  readonly functionName: string;
  readonly source: string;
  readonly options: FunctionStepOptions;
  readonly resolveDir: string;
}

function defineFunction(fn: (...args: never[]) => unknown, options: FunctionStepOptions): FunctionDefinition {
  if (typeof fn !== 'function') throw new FunctionStepError(`step() takes a function; got ${fn === null ? 'null' : typeof fn}`);
  checkOptionKeys('step() options', options, functionStepOptionKeys);
  const stepName = options.name ?? fn.name;
  if (!STEP_NAME.test(stepName)) {
    throw new FunctionStepError(
      stepName === ''
        ? 'step(): the function has no name; use a named function (step(async function prepare(…) { … })) or give { name }'
        : `step(): "${stepName}" cannot name a step: use up to 64 letters, digits, hyphens and underscores (give { name })`,
    );
  }
  // The bundle is named after the function, so one function under two step names is one bundle.
  const functionName = STEP_NAME.test(fn.name) ? fn.name : stepName;
  const source = fn.toString();
  let free: FreeVariable[];
  try {
    free = freeVariables(source);
  } catch (error) {
    if (!(error instanceof NotAFunctionError)) throw error;
    throw new FunctionStepError(
      `step(): the code of "${stepName}" is not a function expression, arrow function or function declaration (a method, class or bound function has no code of its own to ship): ${source.slice(0, 80)}`,
    );
  }
  if (free.length > 0) {
    const names = free.map((variable) => `${variable.name} (line ${variable.line})`).join(', ');
    throw new FunctionStepError(
      `Function step "${stepName}" uses ${free.length === 1 ? 'a variable' : 'variables'} from outside the function: ${names}. ` +
        'A step runs in a job of its own, where other cells\u2019 variables and imports do not exist. ' +
        `Pass ${free.length === 1 ? 'it' : 'each'} as an argument (add a parameter and call ${stepName}(…, ${free[0]!.name})), ` +
        "and import modules inside the function: npm packages (const _ = await import('lodash')) and your own functions from a .ts file next to the notebook (const { clean } = await import('./helpers')).",
      free,
    );
  }
  return { functionName, source, options, resolveDir: options.resolveDir ?? process.cwd() };
}

interface ResultReference {
  readonly step: FunctionStep;
  readonly path: readonly string[];
}

const references = new WeakMap<object, ResultReference>();

/** The step a result (or a step) stands for: how Pipeline accepts results among its steps. */
export function stepOf(value: Step | StepResult): Step {
  if (value instanceof Step) return value;
  const reference = references.get(value);
  if (reference === undefined) throw new Error('Pipeline steps must be steps or function step results');
  return reference.step;
}

/** One call of a function step: a processing job that runs the function's bundle on these arguments. */
export class FunctionStep extends Step {
  static readonly optionKeys = functionStepOptionKeys;
  readonly stepType = 'Processing';
  readonly properties: ProcessingJobProperties;
  readonly functionName: string;
  /** The function step results the arguments read: the steps this one follows. */
  readonly upstream: readonly FunctionStep[];
  /** Pipeline variables in the arguments, given to the job as command-line arguments in this order. */
  readonly variables: readonly PipelineVariable[];
  /** The return value (`result.path` for a member of it). */
  declare readonly result: DelayedReturn<unknown>;
  private readonly definition: FunctionDefinition;
  private readonly encodedArguments: readonly Encoded[];

  constructor(definition: FunctionDefinition, args: readonly unknown[]) {
    const { name, ...rest } = definition.options;
    super({ ...rest, name: name ?? definition.functionName });
    this.definition = definition;
    this.functionName = definition.functionName;
    this.properties = stepProperties(this.stepType, this);
    const upstream: FunctionStep[] = [];
    const variables: PipelineVariable[] = [];
    const replace = (value: object): Encoded | undefined => {
      const reference = references.get(value);
      if (reference !== undefined) {
        if (!upstream.includes(reference.step)) upstream.push(reference.step);
        const placeholder: ResultPlaceholder = { __sluice__: 'result', step: reference.step.name, path: reference.path };
        return placeholder as unknown as Encoded;
      }
      // float(0.7) marks a Python float for the definition; to the function it is a number.
      if (value instanceof PyFloat) return encode(value.value, 'a float');
      if (value instanceof PipelineVariable) {
        const placeholder: ValuePlaceholder = {
          __sluice__: 'variable',
          index: variables.length,
          type: value instanceof Parameter ? value.parameterType : 'String',
        };
        variables.push(value);
        return placeholder as unknown as Encoded;
      }
      return undefined;
    };
    this.encodedArguments = args.map((arg, index) => encode(arg, `Argument ${index + 1} of step "${this.name}"`, replace));
    this.upstream = upstream;
    this.variables = variables;
    // Not enumerable: the pipeline walks a step's members for the steps it refers to, and a result has every member.
    Object.defineProperty(this, 'result', { value: delayedReturn(this, []), enumerable: false });
  }

  /** The CreateProcessingJob request: the bundle and arguments as inputs, each upstream result as an input, the result as the output `results`. */
  buildArguments(context: CompileContext): LateRequest<Omit<CreateProcessingJobRequest, 'ProcessingJobName'>> {
    if (context.defaultBucket === undefined) {
      throw new Error(`Function step "${this.name}": give the pipeline a defaultBucket (or upsert through a session) to upload its code to`);
    }
    const o = this.definition.options;
    const target = { pipelineName: context.pipelineName, bucket: context.defaultBucket, runtime: 'node' as const };
    const bundle = contentAddressed(`${this.functionName} (function step)`, this.bundle(), `${this.functionName}.mjs`, target);
    const document: ArgumentsDocument = { function: this.functionName, arguments: this.encodedArguments };
    const argumentsAsset = contentAddressed(`${this.name} (arguments)`, new TextEncoder().encode(JSON.stringify(document)), ARGUMENTS_FILE, {
      ...target,
      runtime: undefined,
    });
    addAsset(context, bundle);
    addAsset(context, argumentsAsset);
    const inputs: ProcessingInput[] = [
      { inputName: 'arguments', source: argumentsAsset.s3Uri, destination: ARGUMENTS_DIR },
      ...this.upstream.map((upstream) => ({
        inputName: `result-${upstream.name}`,
        source: upstream.properties.ProcessingOutputConfig.Outputs.get(RESULT_OUTPUT_NAME).S3Output.S3Uri,
        destination: `${RESULTS_INPUT_DIR}/${upstream.name}`,
      })),
      { inputName: 'code', source: bundle.s3Uri, destination: CODE_DIR },
    ];
    const processing = new ProcessingStep({
      name: this.name,
      imageUri: o.imageUri ?? 'sluice/node:20',
      // The session compiling the definition (upsert's) gives the role; Session.default when none does (definition()).
      roleArn: o.roleArn ?? context.roleArn ?? Session.default.roleArn,
      instanceType: o.instanceType ?? 'ml.m5.large',
      instanceCount: 1,
      volumeSizeInGB: o.volumeSizeInGB,
      entrypoint: ['node', `${CODE_DIR}/${this.functionName}.mjs`],
      arguments:
        this.variables.length > 0
          ? this.variables.map((variable) => (variable instanceof Parameter && variable.parameterType === 'String' ? variable : variable.asString()))
          : undefined,
      inputs,
      outputs: [{ outputName: RESULT_OUTPUT_NAME, source: RESULT_OUTPUT_DIR }],
      env: o.env,
    });
    return processing.buildArguments(context);
  }

  /** The function's job code: its text with the runtime that reads arguments and writes the result, bundled. */
  private bundle(): Uint8Array {
    const entry = [
      `import { runFunctionStep } from ${JSON.stringify(jobMain)};`,
      // What TypeScript's CommonJS output (tslab's) calls for `await import(…)`; the bundle defines them.
      'var __importDefault = (mod) => (mod && mod.__esModule ? mod : { default: mod });',
      'var __importStar = (mod) => { if (mod && mod.__esModule) return mod; const result = {}; if (mod != null) for (const key of Object.keys(mod)) if (key !== "default") result[key] = mod[key]; result.default = mod; return result; };',
      `await runFunctionStep((${this.definition.source}\n));`,
    ].join('\n');
    return bundleSource(entry, this.definition.resolveDir, `Function step "${this.name}"`);
  }
}

// The job's runtime next to this file: job-main.js when built, job-main.ts when run from source (tests).
const here = fileURLToPath(import.meta.url);
const jobMain = join(dirname(here), `job-main${extname(here)}`);

function addAsset(context: CompileContext, asset: CodeAsset): void {
  // A function called twice is one bundle: list (and upload) it once.
  if (!context.codeAssets.some((existing) => existing.s3Uri === asset.s3Uri)) context.codeAssets.push(asset);
}

function delayedReturn(owner: FunctionStep, path: readonly string[]): DelayedReturn<unknown> {
  const described = `the result of step "${owner.name}"${path.length > 0 ? ` at .${path.join('.')}` : ''}`;
  const refuse = (): never => {
    throw new Error(
      `${described} is known only when the pipeline runs: pass it to a function step, or read it after the run with await result.output(execution)`,
    );
  };
  // A target without string keys: walking a result's members (as the pipeline walks step arguments) finds nothing
  // to follow; a notebook shows it by its description.
  const target = { [Symbol.for('nodejs.util.inspect.custom')]: () => `DelayedReturn(${described})` };
  const proxy = new Proxy(target, {
    get(_target, key) {
      if (key === Symbol.toPrimitive) return refuse;
      if (typeof key === 'symbol') return Reflect.get(target, key);
      switch (key) {
        case 'step':
          return owner;
        case 'output':
          return async (execution: PipelineExecution) => readResult(execution, owner.name, path);
        case 'get':
          return (member: string) => delayedReturn(owner, [...path, member]);
        case 'then':
        case 'toJSON':
        case 'constructor':
          return undefined;
        case 'toString':
        case 'valueOf':
          return refuse;
        default:
          return delayedReturn(owner, [...path, key]);
      }
    },
    set: () => refuse(),
  });
  references.set(proxy, { step: owner, path });
  return proxy as unknown as DelayedReturn<unknown>;
}

async function readResult(execution: PipelineExecution, stepName: string, path: readonly string[]): Promise<unknown> {
  let value = decode(await functionStepResult(execution, stepName));
  for (const key of path) value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
  return value;
}
