/** TrainingStep: a CreateTrainingJob request, as the Python SDK's Estimator + TrainingStep write it. */
import { PipelineVariable, type Value } from '../expressions.js';
import { pyFloatRepr, PyFloat } from '../json.js';
import { propertyTree, type TrainingJobProperties } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

export interface TrainingInput {
  s3Data: Value;
  contentType?: string;
  s3DataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  distribution?: 'FullyReplicated' | 'ShardedByS3Key';
}

export type HyperparameterValue = string | number | boolean | PyFloat | PipelineVariable;

export interface TrainingStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
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
  /** Channels by name: an S3 URI (or variable) or a full TrainingInput. */
  inputs?: Readonly<Record<string, TrainingInput | Value>>;
  metricDefinitions?: readonly { name: string; regex: string }[];
  env?: Readonly<Record<string, Value>>;
}

export class TrainingStep extends Step {
  readonly stepType = 'Training';
  readonly properties: TrainingJobProperties;

  constructor(readonly options: TrainingStepOptions) {
    super(options);
    this.properties = propertyTree(`Steps.${options.name}`);
  }

  buildArguments(_context: CompileContext): Value {
    const o = this.options;
    const channels = Object.entries(o.inputs ?? {}).map(([name, input]) => {
      const spec: TrainingInput = isTrainingInput(input) ? input : { s3Data: input };
      return {
        DataSource: { S3DataSource: { S3DataType: spec.s3DataType ?? 'S3Prefix', S3Uri: spec.s3Data, S3DataDistributionType: spec.distribution ?? 'FullyReplicated' } },
        ContentType: spec.contentType,
        ChannelName: name,
      };
    });
    const hyperparameters = o.hyperparameters === undefined ? undefined : Object.fromEntries(Object.entries(o.hyperparameters).map(([key, value]) => [key, hyperparameterString(value)]));
    return {
      AlgorithmSpecification: {
        TrainingInputMode: o.inputMode ?? 'File',
        TrainingImage: o.imageUri,
        MetricDefinitions: o.metricDefinitions?.map((metric) => ({ Name: metric.name, Regex: metric.regex })),
      },
      OutputDataConfig: { S3OutputPath: o.outputPath },
      StoppingCondition: { MaxRuntimeInSeconds: o.maxRuntimeInSeconds ?? 86400 },
      ResourceConfig: { VolumeSizeInGB: o.volumeSizeInGB ?? 30, InstanceCount: o.instanceCount ?? 1, InstanceType: o.instanceType },
      RoleArn: o.roleArn,
      InputDataConfig: channels.length > 0 ? channels : undefined,
      HyperParameters: hyperparameters,
      Environment: o.env,
      DebugHookConfig: { S3OutputPath: o.outputPath, CollectionConfigurations: [] },
      ProfilerConfig: { DisableProfiler: true },
    };
  }
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
