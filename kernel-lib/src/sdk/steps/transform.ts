/** TransformStep: a CreateTransformJob request without the job name. */
import type { Value } from '../expressions.js';
import { propertyTree, type TransformJobProperties } from '../properties.js';
import { defaultS3Uri, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

export interface TransformStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  modelName: Value;
  /** The S3 URI of the data to score. */
  data: Value;
  dataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  contentType?: string;
  splitType?: 'None' | 'Line' | 'RecordIO' | 'TFRecord';
  compressionType?: 'None' | 'Gzip';
  /** Default: Join of s3:/, bucket, pipeline, execution id, step. */
  outputPath?: Value;
  accept?: string;
  assembleWith?: 'None' | 'Line';
  instanceType: Value;
  instanceCount?: Value;
  /** How records are batched per request: SingleRecord or MultiRecord. */
  strategy?: 'SingleRecord' | 'MultiRecord';
  maxConcurrentTransforms?: number;
  maxPayloadInMB?: number;
  env?: Readonly<Record<string, Value>>;
}

export class TransformStep extends Step {
  readonly stepType = 'Transform';
  readonly properties: TransformJobProperties;

  constructor(readonly options: TransformStepOptions) {
    super(options);
    this.properties = propertyTree(`Steps.${options.name}`, this);
  }

  buildArguments(context: CompileContext): Value {
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
