/** AutoMLStep: a CreateAutoMLJob request (ENSEMBLING mode, the only one pipelines support). Runs only on Amazon SageMaker. */
import type { AutoMLChannel, AutoMLJobConfig } from '@aws-sdk/client-sagemaker';
import type { Late, Value } from '../expressions.js';
import type { LateRequest } from '../request-shapes.js';
import { stepProperties, type AutoMLJobProperties } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

/** The options of an {@link AutoMLStep}: the CreateAutoMLJob request it writes, and the step's own keys. */
export interface AutoMLStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  /** Channels of the CreateAutoMLJob request: `[{ ChannelType, DataSource, TargetAttributeName, ... }]`. */
  inputDataConfig: LateRequest<AutoMLChannel[]>;
  /** `OutputDataConfig.S3OutputPath`: where the job writes its candidates and models. */
  outputPath: Late<string>;
  /** `RoleArn`: the IAM role the job runs as. */
  roleArn: Late<string>;
  /** `ProblemType`; SageMaker infers it from the target column when not given. */
  problemType?: 'BinaryClassification' | 'MulticlassClassification' | 'Regression';
  /** `AutoMLJobObjective.MetricName`, e.g. `F1` or `MSE`. */
  objectiveMetric?: string;
  /** AutoMLJobConfig besides Mode, e.g. CompletionCriteria. */
  jobConfig?: LateRequest<Omit<AutoMLJobConfig, 'Mode'>>;
}

/**
 * A step of type `AutoML`: a SageMaker Autopilot job in ensembling mode (its `Arguments` are a CreateAutoMLJob request
 * without the job name). It runs only on Amazon SageMaker.
 *
 * @example
 * ```ts
 * new AutoMLStep({
 *   name: 'AutoML', roleArn: role, outputPath: 's3://my-bucket/automl',
 *   inputDataConfig: [{ ChannelType: 'training', TargetAttributeName: 'y', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: trainUri } } }],
 * });
 * ```
 */
export class AutoMLStep extends Step {
  readonly stepType = 'AutoML';
  readonly properties: AutoMLJobProperties;

  constructor(readonly options: AutoMLStepOptions) {
    super(options);
    this.properties = stepProperties(this.stepType, this);
  }

  buildArguments(_context: CompileContext): Value {
    const o = this.options;
    return {
      AutoMLJobConfig: { ...o.jobConfig, Mode: 'ENSEMBLING' },
      InputDataConfig: o.inputDataConfig,
      OutputDataConfig: { S3OutputPath: o.outputPath },
      RoleArn: o.roleArn,
      ProblemType: o.problemType,
      AutoMLJobObjective: o.objectiveMetric === undefined ? undefined : { MetricName: o.objectiveMetric },
    };
  }
}
