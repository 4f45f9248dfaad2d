/** ProcessingStep: a CreateProcessingJob request, as the Python SDK's ScriptProcessor + ProcessingStep write it. */
import type { CreateProcessingJobRequest, ProcessingInput as SageMakerProcessingInput } from '@aws-sdk/client-sagemaker';
import type { Late, Value } from '../expressions.js';
import type { LateRequest } from '../request-shapes.js';
import { resolveCode, type ResolvedCode } from '../code.js';
import type { PropertyFile } from '../jsonget.js';
import { stepProperties, type ProcessingJobProperties } from '../properties.js';
import { optionKeys, checkEachOptionKeys } from '../options.js';
import { defaultS3Uri, jobStepOptionKeys, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';

/** One of a processing job's `ProcessingInputs`: an S3 object or prefix copied to a path in the container before the code runs. */
export interface ProcessingInput {
  /** An S3 URI or a pipeline variable holding one. */
  source: Late<string>;
  /** The path in the container. */
  destination: string;
  /** Unnamed inputs are called input-1, input-2, ... */
  inputName?: string;
  s3DataType?: 'S3Prefix' | 'ManifestFile';
  s3InputMode?: 'File' | 'Pipe';
  s3DataDistributionType?: 'FullyReplicated' | 'ShardedByS3Key';
  s3CompressionType?: 'None' | 'Gzip';
}

/** One of a processing job's `ProcessingOutputConfig.Outputs`: a path in the container uploaded to S3 when the job ends. */
export interface ProcessingOutput {
  /** The path in the container. */
  source: string;
  /** Default: Join of s3:/, bucket, pipeline, execution id, step, "output", name. */
  destination?: Late<string>;
  /** Unnamed outputs are called output-1, output-2, ... */
  outputName?: string;
  s3UploadMode?: 'EndOfJob' | 'Continuous';
}

/** The options of a {@link ProcessingStep}: the CreateProcessingJob request it writes, and the step's own keys. */
export interface ProcessingStepOptions extends StepOptions, RetryableStepOptions, CacheableStepOptions {
  /** The container image: `AppSpecification.ImageUri`. */
  imageUri: string;
  /** The IAM role the job runs as: `RoleArn`. */
  roleArn: string;
  /** `ProcessingResources.ClusterConfig.InstanceType`, e.g. `ml.m5.xlarge`. */
  instanceType: Late<string>;
  /** `ProcessingResources.ClusterConfig.InstanceCount`. */
  instanceCount: Late<number>;
  /** `ProcessingResources.ClusterConfig.VolumeSizeInGB`; default 30, as the Python SDK writes it. */
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
  /** `AppSpecification.ContainerArguments`: what the code gets as its command-line arguments. */
  arguments?: readonly Value[];
  /** `ProcessingInputs`, in order; the step's `code` is added after them. */
  inputs?: readonly ProcessingInput[];
  /** `ProcessingOutputConfig.Outputs`: read them later as `step.properties.ProcessingOutputConfig.Outputs.get(name)`. */
  outputs?: readonly ProcessingOutput[];
  /** `Environment`: variables set in the container. */
  env?: Readonly<Record<string, Late<string>>>;
  /** The step's `PropertyFiles`: JSON files among its outputs that later steps and conditions read with `JsonGet`. */
  propertyFiles?: readonly PropertyFile[];
}

const CODE_DIR = '/opt/ml/processing/input/code';

const inputKeys = optionKeys<ProcessingInput>({
  source: true,
  destination: true,
  inputName: true,
  s3DataType: true,
  s3InputMode: true,
  s3DataDistributionType: true,
  s3CompressionType: true,
});
const outputKeys = optionKeys<ProcessingOutput>({ source: true, destination: true, outputName: true, s3UploadMode: true });

/**
 * A step of type `Processing`: runs a SageMaker processing job (its `Arguments` are a CreateProcessingJob request without
 * the job name), as the Python SDK's `ScriptProcessor` with `ProcessingStep` writes it. On this machine the job runs as a
 * host process under the processing container's contract (`/opt/ml/processing/...`).
 *
 * @example
 * ```ts
 * const prepare = new ProcessingStep({
 *   name: 'Prepare', imageUri: sklearnImage('1.2-1'), roleArn: role, instanceType: 'ml.m5.xlarge', instanceCount: 1,
 *   code: 'prepare.py',
 *   inputs: [{ source: inputData, destination: '/opt/ml/processing/input' }],
 *   outputs: [{ outputName: 'train', source: '/opt/ml/processing/train' }],
 * });
 * prepare.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri; // the train output's S3 URI, for a later step
 * ```
 */
export class ProcessingStep extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<ProcessingStepOptions>({
    ...jobStepOptionKeys,
    imageUri: true,
    roleArn: true,
    instanceType: true,
    instanceCount: true,
    volumeSizeInGB: true,
    command: true,
    code: true,
    entrypoint: true,
    arguments: true,
    inputs: true,
    outputs: true,
    env: true,
    propertyFiles: true,
  });
  readonly stepType = 'Processing';
  readonly properties: ProcessingJobProperties;
  readonly propertyFiles: readonly PropertyFile[];

  constructor(readonly options: ProcessingStepOptions) {
    super(options);
    checkEachOptionKeys(`ProcessingStep "${options.name}" inputs`, options.inputs, inputKeys);
    checkEachOptionKeys(`ProcessingStep "${options.name}" outputs`, options.outputs, outputKeys);
    this.properties = stepProperties(this.stepType, this);
    this.propertyFiles = options.propertyFiles ?? [];
  }

  /** The CreateProcessingJob request without its job name: SageMaker's own request shape, so a misspelled key does not compile. */
  buildArguments(context: CompileContext): LateRequest<Omit<CreateProcessingJobRequest, 'ProcessingJobName'>> {
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
      // Arguments and entrypoints may hold variables of any type, written as they are (as the Python SDK writes them).
      AppSpecification: { ImageUri: o.imageUri, ContainerArguments: asStrings(o.arguments), ContainerEntrypoint: asStrings(this.entrypoint(code)) },
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

function inputJson(name: string, input: ProcessingInput): LateRequest<SageMakerProcessingInput> {
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

/** A list of step arguments as the request's list of strings: variables of other types are written as they are. */
function asStrings(values: readonly Value[] | undefined): LateRequest<string[]> | undefined {
  return values as LateRequest<string[]> | undefined;
}
