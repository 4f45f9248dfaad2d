/** ProcessingStep: a CreateProcessingJob request, as the Python SDK's ScriptProcessor + ProcessingStep write it. */
import type { Value } from '../expressions.js';
import { resolveCode, type ResolvedCode } from '../code.js';
import type { PropertyFile } from '../jsonget.js';
import { propertyTree, type ProcessingJobProperties } from '../properties.js';
import { defaultS3Uri, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

export interface ProcessingInput {
  /** An S3 URI or a pipeline variable holding one. */
  source: Value;
  /** The path in the container. */
  destination: string;
  /** Unnamed inputs are called input-1, input-2, ... */
  inputName?: string;
  s3DataType?: 'S3Prefix' | 'ManifestFile';
  s3InputMode?: 'File' | 'Pipe';
  s3DataDistributionType?: 'FullyReplicated' | 'ShardedByS3Key';
  s3CompressionType?: 'None' | 'Gzip';
}

export interface ProcessingOutput {
  /** The path in the container. */
  source: string;
  /** Default: Join of s3:/, bucket, pipeline, execution id, step, "output", name. */
  destination?: Value;
  /** Unnamed outputs are called output-1, output-2, ... */
  outputName?: string;
  s3UploadMode?: 'EndOfJob' | 'Continuous';
}

export interface ProcessingStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  imageUri: string;
  roleArn: string;
  instanceType: Value;
  instanceCount: Value;
  volumeSizeInGB?: number;
  /** The interpreter the code runs with, e.g. ["python3"]; the code path is appended. */
  command?: readonly string[];
  /**
   * The step's code: an s3:// URI, or a local file that the session uploads to a content-addressed key
   * (TypeScript/JavaScript bundled into one .mjs run with `node`). It becomes the last input, named "code".
   */
  code?: string;
  /** A full entrypoint, for an image that has its code already. */
  entrypoint?: readonly Value[];
  arguments?: readonly Value[];
  inputs?: readonly ProcessingInput[];
  outputs?: readonly ProcessingOutput[];
  env?: Readonly<Record<string, Value>>;
  propertyFiles?: readonly PropertyFile[];
}

const CODE_DIR = '/opt/ml/processing/input/code';

export class ProcessingStep extends Step {
  readonly stepType = 'Processing';
  readonly properties: ProcessingJobProperties;
  readonly propertyFiles: readonly PropertyFile[];

  constructor(readonly options: ProcessingStepOptions) {
    super(options);
    this.properties = propertyTree(`Steps.${options.name}`, this);
    this.propertyFiles = options.propertyFiles ?? [];
  }

  buildArguments(context: CompileContext): Value {
    const o = this.options;
    const code = resolveCode(o.code, this.name, context);
    const inputs = (o.inputs ?? []).map((input, index) => inputJson(input.inputName ?? `input-${index + 1}`, input));
    if (code !== undefined) inputs.push(inputJson('code', { source: code.s3Uri, destination: CODE_DIR }));
    const outputs = (o.outputs ?? []).map((output, index) => {
      const name = output.outputName ?? `output-${index + 1}`;
      return {
        OutputName: name,
        AppManaged: false,
        S3Output: {
          S3Uri: output.destination ?? defaultS3Uri(context, this, `output "${name}"`, ['output', name]),
          LocalPath: output.source,
          S3UploadMode: output.s3UploadMode ?? 'EndOfJob',
        },
      };
    });
    return {
      ProcessingResources: { ClusterConfig: { InstanceType: o.instanceType, InstanceCount: o.instanceCount, VolumeSizeInGB: o.volumeSizeInGB ?? 30 } },
      AppSpecification: { ImageUri: o.imageUri, ContainerArguments: o.arguments, ContainerEntrypoint: this.entrypoint(code) },
      RoleArn: o.roleArn,
      ProcessingInputs: inputs.length > 0 ? inputs : undefined,
      ProcessingOutputConfig: outputs.length > 0 ? { Outputs: outputs } : undefined,
      Environment: o.env,
    };
  }

  private entrypoint(code: ResolvedCode | undefined): readonly Value[] | undefined {
    const o = this.options;
    if (o.entrypoint !== undefined) return o.entrypoint;
    if (code === undefined) return o.command;
    return [...(o.command ?? [code.runtime ?? 'python3']), `${CODE_DIR}/${code.fileName}`];
  }

  protected override extraKeys(): Record<string, Value | undefined> {
    return { PropertyFiles: this.propertyFiles.length > 0 ? this.propertyFiles.map((file) => file.toJsonValue()) : undefined };
  }
}

function inputJson(name: string, input: ProcessingInput): Value {
  return {
    InputName: name,
    AppManaged: false,
    S3Input: {
      S3Uri: input.source,
      LocalPath: input.destination,
      S3DataType: input.s3DataType ?? 'S3Prefix',
      S3InputMode: input.s3InputMode ?? 'File',
      S3DataDistributionType: input.s3DataDistributionType ?? 'FullyReplicated',
      S3CompressionType: input.s3CompressionType ?? 'None',
    },
  };
}
