/** TransformStep: a CreateTransformJob request without the job name. */
import type { CreateTransformJobRequest } from '@aws-sdk/client-sagemaker';
import type { Late } from '../expressions.js';
import type { LateRequest } from '../request-shapes.js';
import { stepProperties, type TransformJobProperties } from '../properties.js';
import { optionKeys } from '../options.js';
import { defaultS3Uri, jobStepOptionKeys, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

/** The options of a {@link TransformStep}: the CreateTransformJob request it writes, and the step's own keys. */
export interface TransformStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  /** `ModelName`: the SageMaker model that scores the data, often a model step's `properties.ModelName`. */
  modelName: Late<string>;
  /** The S3 URI of the data to score. */
  data: Late<string>;
  /** `TransformInput.DataSource.S3DataSource.S3DataType`; default `S3Prefix`. */
  dataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  /** `TransformInput.ContentType`: the MIME type of the data, e.g. `text/csv`. */
  contentType?: string;
  /** `TransformInput.SplitType`: how a file is cut into records. */
  splitType?: 'None' | 'Line' | 'RecordIO' | 'TFRecord';
  /** `TransformInput.CompressionType`. */
  compressionType?: 'None' | 'Gzip';
  /** Default: Join of s3:/, bucket, pipeline, execution id, step. */
  outputPath?: Late<string>;
  /** `TransformOutput.Accept`: the MIME type asked of the model. */
  accept?: string;
  /** `TransformOutput.AssembleWith`: how the results of one file's records are joined. */
  assembleWith?: 'None' | 'Line';
  /** `TransformResources.InstanceType`. */
  instanceType: Late<string>;
  /** `TransformResources.InstanceCount`; default 1. */
  instanceCount?: Late<number>;
  /** How records are batched per request: SingleRecord or MultiRecord. */
  strategy?: 'SingleRecord' | 'MultiRecord';
  /** `MaxConcurrentTransforms`: parallel requests to each instance. */
  maxConcurrentTransforms?: number;
  /** `MaxPayloadInMB`: the largest request body. */
  maxPayloadInMB?: number;
  /** `Environment`: variables set in the model's container. */
  env?: Readonly<Record<string, Late<string>>>;
}

/**
 * A step of type `Transform`: a SageMaker batch transform job (its `Arguments` are a CreateTransformJob request without
 * the job name) that runs a model over the data in S3 and writes the results to `outputPath`.
 *
 * @example
 * ```ts
 * const score = new TransformStep({
 *   name: 'Score', modelName: createModel.properties.ModelName, data: testUri,
 *   contentType: 'text/csv', splitType: 'Line', instanceType: 'ml.m5.xlarge',
 * });
 * ```
 */
export class TransformStep extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<TransformStepOptions>({
    ...jobStepOptionKeys,
    modelName: true,
    data: true,
    dataType: true,
    contentType: true,
    splitType: true,
    compressionType: true,
    outputPath: true,
    accept: true,
    assembleWith: true,
    instanceType: true,
    instanceCount: true,
    strategy: true,
    maxConcurrentTransforms: true,
    maxPayloadInMB: true,
    env: true,
  });
  readonly stepType = 'Transform';
  readonly properties: TransformJobProperties;

  constructor(readonly options: TransformStepOptions) {
    super(options);
    this.properties = stepProperties(this.stepType, this);
  }

  /** The CreateTransformJob request without its job name: SageMaker's own request shape, so a misspelled key does not compile. */
  buildArguments(context: CompileContext): LateRequest<Omit<CreateTransformJobRequest, 'TransformJobName'>> {
    const o = this.options;
    return {
      ModelName: o.modelName,
      TransformInput: {
        DataSource: { S3DataSource: { S3DataType: o.dataType ?? 'S3Prefix', S3Uri: o.data } },
        ContentType: o.contentType,
        SplitType: o.splitType,
        CompressionType: o.compressionType,
      },
      // AssembleWith before Accept, as the Python SDK's request builder adds them.
      TransformOutput: { S3OutputPath: o.outputPath ?? defaultS3Uri(context, this, 'outputPath', []), AssembleWith: o.assembleWith, Accept: o.accept },
      TransformResources: { InstanceCount: o.instanceCount ?? 1, InstanceType: o.instanceType },
      BatchStrategy: o.strategy,
      MaxConcurrentTransforms: o.maxConcurrentTransforms,
      MaxPayloadInMB: o.maxPayloadInMB,
      Environment: o.env,
    };
  }
}
