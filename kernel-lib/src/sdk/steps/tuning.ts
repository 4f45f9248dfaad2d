/** TuningStep: a CreateHyperParameterTuningJob request, as the Python SDK's HyperparameterTuner + TuningStep write it. */
import { Join, PipelineVariable, type Value } from '../expressions.js';
import { PyFloat, pyFloatRepr } from '../json.js';
import { stepProperties, type TuningJobProperties } from '../properties.js';
import { checkOptionKeys, optionKeys } from '../options.js';
import { jobStepOptionKeys, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';
import {
  channelsJson,
  checkEstimatorKeys,
  estimatorOptionKeys,
  hyperparametersJson,
  metricDefinitionsJson,
  withTrainingCode,
  type EstimatorOptions,
  type TrainingChannels,
} from './training.js';

/** A range's `ScalingType`: how the tuner searches it (`Auto` lets SageMaker choose). */
export type ScalingType = 'Auto' | 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';
type Bound = number | PyFloat | PipelineVariable;

interface RangeOptions {
  min: Bound;
  max: Bound;
  scaling?: ScalingType;
}

/** Whole numbers from min to max; bounds are written as Python would print ints ("2"). */
export class IntegerParameter {
  readonly kind = 'Integer';
  constructor(readonly options: RangeOptions) {}
  rangeJson(name: string): Value {
    return { Name: name, MinValue: bound(this.options.min, false), MaxValue: bound(this.options.max, false), ScalingType: this.options.scaling ?? 'Auto' };
  }
}

/** Real numbers from min to max; bounds are written as Python floats ("1.0"). */
export class ContinuousParameter {
  readonly kind = 'Continuous';
  constructor(readonly options: RangeOptions) {}
  rangeJson(name: string): Value {
    return { Name: name, MinValue: bound(this.options.min, true), MaxValue: bound(this.options.max, true), ScalingType: this.options.scaling ?? 'Auto' };
  }
}

/** One of a list of values, each written as a string. */
export class CategoricalParameter {
  readonly kind = 'Categorical';
  constructor(readonly values: readonly (string | number | boolean)[]) {}
  rangeJson(name: string): Value {
    return { Name: name, Values: this.values.map((value) => (typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value))) };
  }
}

/** One hyperparameter's range in `HyperParameterTuningJobConfig.ParameterRanges`. */
export type ParameterRange = IntegerParameter | ContinuousParameter | CategoricalParameter;

function bound(value: Bound, asFloat: boolean): Value {
  if (value instanceof PipelineVariable) return value.asString();
  const number = value instanceof PyFloat ? value.value : value;
  if (!Number.isFinite(number)) throw new Error(`A tuning range bound must be a finite number, not ${number}`);
  return asFloat || value instanceof PyFloat || !Number.isInteger(number) ? pyFloatRepr(number) : String(number);
}

/** The options of a {@link TuningStep}: the CreateHyperParameterTuningJob request it writes, and the step's own keys. */
export interface TuningStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  /** The training job each trial runs; its hyperparameters become the static ones. */
  estimator: EstimatorOptions;
  /** `TrainingJobDefinition.InputDataConfig`: the channels every training job of the tuning job gets. */
  inputs?: TrainingChannels;
  /**
   * `HyperParameterTuningJobObjective.MetricName`: the metric to optimise, one of the estimator's `metricDefinitions`.
   */
  objectiveMetricName: string;
  /** Default Maximize, as in the Python SDK. */
  objectiveType?: 'Maximize' | 'Minimize';
  /** `ParameterRanges`: the range searched for each hyperparameter, by name. */
  hyperparameterRanges: Readonly<Record<string, ParameterRange>>;
  /** Default Bayesian, as in the Python SDK. */
  strategy?: 'Bayesian' | 'Random' | 'Hyperband' | 'Grid';
  /** `ResourceLimits.MaxNumberOfTrainingJobs`; default 1. */
  maxJobs?: number;
  /** `ResourceLimits.MaxParallelTrainingJobs`; default 1. */
  maxParallelJobs?: number;
  /** `TrainingJobEarlyStoppingType`; default `Off`. */
  earlyStoppingType?: 'Off' | 'Auto';
}

/**
 * A step of type `Tuning`: runs a SageMaker hyperparameter tuning job (its `Arguments` are a
 * CreateHyperParameterTuningJob request without the job name), as the Python SDK's `HyperparameterTuner` with
 * `TuningStep` writes it. `step.topModelS3Uri(...)` names the best training job's model artifact.
 *
 * @example
 * ```ts
 * const tune = new TuningStep({
 *   name: 'Tune', estimator: { imageUri, roleArn: role, instanceType: 'ml.m5.xlarge', outputPath: 's3://my-bucket/tuning', code: 'train.py',
 *     metricDefinitions: [{ name: 'validation:accuracy', regex: 'accuracy=([0-9.]+)' }] },
 *   inputs: { train: trainUri }, objectiveMetricName: 'validation:accuracy',
 *   hyperparameterRanges: { C: new ContinuousParameter({ min: 0.01, max: 10, scaling: 'Logarithmic' }) },
 *   maxJobs: 8, maxParallelJobs: 2,
 * });
 * ```
 */
export class TuningStep extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<TuningStepOptions>({
    ...jobStepOptionKeys,
    estimator: true,
    inputs: true,
    objectiveMetricName: true,
    objectiveType: true,
    hyperparameterRanges: true,
    strategy: true,
    maxJobs: true,
    maxParallelJobs: true,
    earlyStoppingType: true,
  });
  readonly stepType = 'Tuning';
  readonly properties: TuningJobProperties;

  constructor(readonly options: TuningStepOptions) {
    super(options);
    checkOptionKeys(`TuningStep "${options.name}" estimator`, options.estimator, Object.keys(estimatorOptionKeys));
    checkEstimatorKeys(`TuningStep "${options.name}"`, options.estimator, options.inputs);
    this.properties = stepProperties(this.stepType, this);
  }

  /**
   * The CreateHyperParameterTuningJob request without its job name. Not typed against SageMaker's request shape yet:
   * with `code`, the training definition's AlgorithmSpecification carries ContainerEntrypoint, which SageMaker's
   * HyperParameterAlgorithmSpecification does not have (the local engine runs it; see docs/differences.md).
   */
  buildArguments(context: CompileContext): Value {
    const o = this.options;
    const estimator = o.estimator;
    const { inputs, entrypoint } = withTrainingCode(estimator, o.inputs, this.name, context);
    const ranges = Object.entries(o.hyperparameterRanges);
    const rangesOf = (kind: ParameterRange['kind']) => {
      const list = ranges.filter(([, range]) => range.kind === kind).map(([name, range]) => range.rangeJson(name));
      return list.length > 0 ? list : undefined;
    };
    return {
      HyperParameterTuningJobConfig: {
        Strategy: o.strategy ?? 'Bayesian',
        ResourceLimits: { MaxNumberOfTrainingJobs: o.maxJobs ?? 1, MaxParallelTrainingJobs: o.maxParallelJobs ?? 1 },
        TrainingJobEarlyStoppingType: o.earlyStoppingType ?? 'Off',
        HyperParameterTuningJobObjective: { Type: o.objectiveType ?? 'Maximize', MetricName: o.objectiveMetricName },
        ParameterRanges: {
          ContinuousParameterRanges: rangesOf('Continuous'),
          CategoricalParameterRanges: rangesOf('Categorical'),
          IntegerParameterRanges: rangesOf('Integer'),
        },
      },
      TrainingJobDefinition: {
        StaticHyperParameters: hyperparametersJson(estimator.hyperparameters),
        RoleArn: estimator.roleArn,
        OutputDataConfig: { S3OutputPath: estimator.outputPath },
        StoppingCondition: { MaxRuntimeInSeconds: estimator.maxRuntimeInSeconds ?? 86400 },
        HyperParameterTuningResourceConfig: {
          InstanceCount: estimator.instanceCount ?? 1,
          InstanceType: estimator.instanceType,
          VolumeSizeInGB: estimator.volumeSizeInGB ?? 30,
        },
        AlgorithmSpecification: {
          TrainingInputMode: estimator.inputMode ?? 'File',
          MetricDefinitions: metricDefinitionsJson(estimator),
          TrainingImage: estimator.imageUri,
          ContainerEntrypoint: entrypoint,
        },
        InputDataConfig: channelsJson(inputs),
        Environment: estimator.env,
      },
    };
  }

  /**
   * The model artifact of the k-th best training job (0 is the best), as the Python SDK's
   * `get_top_model_s3_uri`: `s3://<bucket>/<prefix>/<job name>/output/model.tar.gz`.
   */
  topModelS3Uri(topK: number, bucket: string, prefix = ''): Join {
    const values: Value[] = ['s3:/', bucket];
    if (prefix !== '') values.push(prefix);
    return new Join({ on: '/', values: [...values, this.properties.TrainingJobSummaries.get(topK).TrainingJobName, 'output/model.tar.gz'] });
  }
}
