/** TrainingStep: a CreateTrainingJob request, as the Python SDK's Estimator + TrainingStep write it. */
import { PipelineVariable, type Value } from '../expressions.js';
import { pyFloatRepr, PyFloat } from '../json.js';
import { propertyTree, type TrainingJobProperties } from '../properties.js';
import { resolveCode } from '../code.js';
import { Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

export interface TrainingInput {
  s3Data: Value;
  contentType?: string;
  s3DataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  distribution?: 'FullyReplicated' | 'ShardedByS3Key';
}

export type HyperparameterValue = string | number | boolean | PyFloat | PipelineVariable;

/** What a training job runs and where, shared by TrainingStep and TuningStep (the Python SDK's Estimator). */
export interface EstimatorOptions {
  imageUri: string;
  roleArn: string;
  instanceType: Value;
  instanceCount?: Value;
  volumeSizeInGB?: number;
  outputPath: Value;
  maxRuntimeInSeconds?: number;
  inputMode?: 'File' | 'Pipe' | 'FastFile';
  /** Written as strings, as the Python SDK does (`50` → `"50"`, a variable → Join). */
  hyperparameters?: Readonly<Record<string, HyperparameterValue>>;
  metricDefinitions?: readonly { name: string; regex: string }[];
  env?: Readonly<Record<string, Value>>;
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
export type TrainingChannels = Readonly<Record<string, TrainingInput | Value>>;

export interface TrainingStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions, EstimatorOptions {
  inputs?: TrainingChannels;
}

const CODE_CHANNEL_DIR = '/opt/ml/input/data/code';

export class TrainingStep extends Step {
  readonly stepType = 'Training';
  readonly properties: TrainingJobProperties;

  constructor(readonly options: TrainingStepOptions) {
    super(options);
    this.properties = propertyTree(`Steps.${options.name}`, this);
  }

  buildArguments(context: CompileContext): Value {
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
export function channelsJson(inputs: TrainingChannels | undefined): Value | undefined {
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

export function hyperparametersJson(hyperparameters: EstimatorOptions['hyperparameters']): Value | undefined {
  if (hyperparameters === undefined) return undefined;
  return Object.fromEntries(Object.entries(hyperparameters).map(([key, value]) => [key, hyperparameterString(value)]));
}

export function metricDefinitionsJson(estimator: EstimatorOptions): Value | undefined {
  return estimator.metricDefinitions?.map((metric) => ({ Name: metric.name, Regex: metric.regex }));
}

function isTrainingInput(value: TrainingInput | Value): value is TrainingInput {
  return typeof value === 'object' && value !== null && !(value instanceof PipelineVariable) && !Array.isArray(value) && 's3Data' in value;
}

/** Python's `str(value)` for hyperparameters; a variable becomes its `to_string()` expression. */
export function hyperparameterString(value: HyperparameterValue): string | PipelineVariable {
  if (value instanceof PipelineVariable) return value.asString();
  if (value instanceof PyFloat) return pyFloatRepr(value.value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
  return value;
}
