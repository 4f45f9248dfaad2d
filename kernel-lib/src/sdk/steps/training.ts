/** TrainingStep: a CreateTrainingJob request, as the Python SDK's Estimator + TrainingStep write it. */
import type { Channel, CreateTrainingJobRequest, MetricDefinition } from '@aws-sdk/client-sagemaker';
import { PipelineVariable, type Late, type Value } from '../expressions.js';
import type { LateRequest } from '../request-shapes.js';
import { pyFloatRepr, PyFloat } from '../json.js';
import { stepProperties, type TrainingJobProperties } from '../properties.js';
import { resolveCode } from '../code.js';
import { checkEachOptionKeys, checkOptionKeys, optionKeys } from '../options.js';
import { jobStepOptionKeys, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

/** A training channel in full: one entry of the job's `InputDataConfig`, mounted at `/opt/ml/input/data/<channel>`. */
export interface TrainingInput {
  /** `DataSource.S3DataSource.S3Uri`: the S3 prefix (or manifest) the channel reads. */
  s3Data: Late<string>;
  contentType?: string;
  s3DataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  distribution?: 'FullyReplicated' | 'ShardedByS3Key';
}

/**
 * The value of one entry of `HyperParameters`. SageMaker takes strings: numbers and booleans are written as Python's
 * `str()` would (`50`, `0.1`, `True`) and a pipeline variable as its string form.
 */
export type HyperparameterValue = string | number | boolean | PyFloat | PipelineVariable;

/** What a training job runs and where, shared by TrainingStep and TuningStep (the Python SDK's Estimator). */
export interface EstimatorOptions {
  /** The training image: `AlgorithmSpecification.TrainingImage`. */
  imageUri: string;
  /** The IAM role the job runs as: `RoleArn`. */
  roleArn: string;
  /** `ResourceConfig.InstanceType`, e.g. `ml.m5.xlarge`. */
  instanceType: Late<string>;
  /** `ResourceConfig.InstanceCount`; default 1. */
  instanceCount?: Late<number>;
  /** `ResourceConfig.VolumeSizeInGB`; default 30. */
  volumeSizeInGB?: number;
  /** `OutputDataConfig.S3OutputPath`: the job's `model.tar.gz` goes to `<outputPath>/<job name>/output/`. */
  outputPath: Late<string>;
  /** `StoppingCondition.MaxRuntimeInSeconds`; default 86400 (one day). */
  maxRuntimeInSeconds?: number;
  /** `AlgorithmSpecification.TrainingInputMode`; default `File` (channels copied before the code starts). */
  inputMode?: 'File' | 'Pipe' | 'FastFile';
  /** Written as strings, as the Python SDK does (`50` → `"50"`, a variable → Join). */
  hyperparameters?: Readonly<Record<string, HyperparameterValue>>;
  /**
   * `AlgorithmSpecification.MetricDefinitions`: each regex is matched against the job's log and its first group recorded
   * as the metric `name` (DescribeTrainingJob's `FinalMetricDataList`; what a tuning job's objective reads).
   */
  metricDefinitions?: readonly { name: string; regex: string }[];
  /** `Environment`: variables set in the training container. */
  env?: Readonly<Record<string, Late<string>>>;
  /** The Python SDK's `disable_profiler`; default false, as there. */
  disableProfiler?: boolean;
  /**
   * The training code: an s3:// URI or a local file (TypeScript/JavaScript is bundled into one .mjs). It is
   * given to the job as the channel "code" and run as `<command> /opt/ml/input/data/code/<file>`.
   */
  code?: string;
  /** The interpreter for `code`; default `node` for bundles, `python3` otherwise. */
  command?: readonly string[];
}

/** Channels by name: an S3 URI (or variable) or a full TrainingInput. */
export type TrainingChannels = Readonly<Record<string, TrainingInput | Late<string>>>;

/** The options of a {@link TrainingStep}: the estimator's (CreateTrainingJob's request), its channels and the step's own keys. */
export interface TrainingStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions, EstimatorOptions {
  /** `InputDataConfig`: the job's channels by name, each an S3 URI (or a pipeline value holding one) or a {@link TrainingInput}. */
  inputs?: TrainingChannels;
}

const CODE_CHANNEL_DIR = '/opt/ml/input/data/code';

/** The estimator's option names, for `optionKeys`. */
export const estimatorOptionKeys = {
  imageUri: true,
  roleArn: true,
  instanceType: true,
  instanceCount: true,
  volumeSizeInGB: true,
  outputPath: true,
  maxRuntimeInSeconds: true,
  inputMode: true,
  hyperparameters: true,
  metricDefinitions: true,
  env: true,
  disableProfiler: true,
  code: true,
  command: true,
} as const satisfies { readonly [K in keyof Required<EstimatorOptions>]: true };

const metricDefinitionKeys = optionKeys<{ name: string; regex: string }>({ name: true, regex: true });
const trainingInputKeys = optionKeys<TrainingInput>({ s3Data: true, contentType: true, s3DataType: true, distribution: true });

/** Checks an estimator's nested options (metric definitions, channels) for unknown keys. */
export function checkEstimatorKeys(owner: string, estimator: EstimatorOptions, inputs: TrainingChannels | undefined): void {
  checkEachOptionKeys(`${owner} metricDefinitions`, estimator.metricDefinitions, metricDefinitionKeys);
  for (const [name, input] of Object.entries(inputs ?? {})) {
    if (isTrainingInput(input)) checkOptionKeys(`${owner} inputs.${name}`, input, trainingInputKeys);
  }
}

/**
 * A step of type `Training`: runs a SageMaker training job (its `Arguments` are a CreateTrainingJob request without the
 * job name), as the Python SDK's `Estimator` with `TrainingStep` writes it. The model artifact is
 * `step.properties.ModelArtifacts.S3ModelArtifacts`.
 *
 * @example
 * ```ts
 * const train = new TrainingStep({
 *   name: 'Train', imageUri: 'node:20', roleArn: role, instanceType: 'ml.m5.xlarge', outputPath: 's3://my-bucket/models',
 *   code: 'train.ts', // bundled with its npm dependencies and run with node
 *   hyperparameters: { epochs: 20, learningRate: float(0.1) },
 *   inputs: { train: prepare.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri },
 *   metricDefinitions: [{ name: 'validation:mse', regex: 'mse=([0-9.]+)' }],
 * });
 * ```
 */
export class TrainingStep extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<TrainingStepOptions>({ ...jobStepOptionKeys, ...estimatorOptionKeys, inputs: true });
  readonly stepType = 'Training';
  readonly properties: TrainingJobProperties;

  constructor(readonly options: TrainingStepOptions) {
    super(options);
    checkEstimatorKeys(`TrainingStep "${options.name}"`, options, options.inputs);
    this.properties = stepProperties(this.stepType, this);
  }

  /** The CreateTrainingJob request without its job name: SageMaker's own request shape, so a misspelled key does not compile. */
  buildArguments(context: CompileContext): LateRequest<Omit<CreateTrainingJobRequest, 'TrainingJobName'>> {
    const o = this.options;
    const { inputs, entrypoint } = withTrainingCode(o, o.inputs, this.name, context);
    return {
      AlgorithmSpecification: {
        TrainingInputMode: o.inputMode ?? 'File',
        TrainingImage: o.imageUri,
        MetricDefinitions: metricDefinitionsJson(o),
        ContainerEntrypoint: entrypoint,
      },
      OutputDataConfig: { S3OutputPath: o.outputPath },
      StoppingCondition: { MaxRuntimeInSeconds: o.maxRuntimeInSeconds ?? 86400 },
      ResourceConfig: { VolumeSizeInGB: o.volumeSizeInGB ?? 30, InstanceCount: o.instanceCount ?? 1, InstanceType: o.instanceType },
      RoleArn: o.roleArn,
      InputDataConfig: channelsJson(inputs),
      HyperParameters: hyperparametersJson(o.hyperparameters),
      Environment: o.env,
      DebugHookConfig: { S3OutputPath: o.outputPath, CollectionConfigurations: [] },
      ProfilerConfig: o.disableProfiler ? { DisableProfiler: true } : { S3OutputPath: o.outputPath, DisableProfiler: false },
    };
  }
}

/** The estimator's code as a "code" channel and the entrypoint that runs it, when it has code. */
export function withTrainingCode(
  estimator: EstimatorOptions,
  inputs: TrainingChannels | undefined,
  stepName: string,
  context: CompileContext,
): { inputs: TrainingChannels | undefined; entrypoint: string[] | undefined } {
  const code = resolveCode(estimator.code, stepName, context);
  if (code === undefined) return { inputs, entrypoint: undefined };
  return {
    inputs: { ...inputs, code: { s3Data: code.s3Uri } },
    entrypoint: [...(estimator.command ?? [code.runtime ?? 'python3']), `${CODE_CHANNEL_DIR}/${code.fileName}`],
  };
}

/** `InputDataConfig`: one channel per input, in the order given; undefined when there are none. */
export function channelsJson(inputs: TrainingChannels | undefined): LateRequest<Channel[]> | undefined {
  const channels = Object.entries(inputs ?? {}).map(([name, input]) => {
    const spec: TrainingInput = isTrainingInput(input) ? input : { s3Data: input };
    return {
      DataSource: {
        S3DataSource: { S3DataType: spec.s3DataType ?? 'S3Prefix', S3Uri: spec.s3Data, S3DataDistributionType: spec.distribution ?? 'FullyReplicated' },
      },
      ContentType: spec.contentType,
      ChannelName: name,
    };
  });
  return channels.length > 0 ? channels : undefined;
}

export function hyperparametersJson(hyperparameters: EstimatorOptions['hyperparameters']): LateRequest<Record<string, string>> | undefined {
  if (hyperparameters === undefined) return undefined;
  return Object.fromEntries(Object.entries(hyperparameters).map(([key, value]) => [key, hyperparameterString(value)]));
}

export function metricDefinitionsJson(estimator: EstimatorOptions): LateRequest<MetricDefinition[]> | undefined {
  return estimator.metricDefinitions?.map((metric) => ({ Name: metric.name, Regex: metric.regex }));
}

function isTrainingInput(value: TrainingInput | Value): value is TrainingInput {
  return typeof value === 'object' && value !== null && !(value instanceof PipelineVariable) && !Array.isArray(value) && 's3Data' in value;
}

/** Python's `str(value)` for hyperparameters; a variable becomes its `to_string()` expression. */
export function hyperparameterString(value: HyperparameterValue): string | PipelineVariable<string> {
  if (value instanceof PipelineVariable) return value.asString();
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
  return value;
}
