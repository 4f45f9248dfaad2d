/**
 * NotebookStep: a notebook run headless as a pipeline step, written as the Python SDK's `NotebookJobStep` writes it (a
 * `Training` step whose job runs SageMaker's notebook scheduler), so the same definition runs on SageMaker. Where it
 * differs from the Python SDK, on purpose, the README says (the input folder is content-addressed, not timestamped).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { notebookJobArguments, notebookJobDefaults, notebookJobNamePrefix } from '../../definition/notebook-job.js';
import { ExecutionVariables, Join, PipelineVariable, type Late, type Value } from '../expressions.js';
import type { CodeAsset } from '../code.js';
import { optionKeys } from '../options.js';
import { stepProperties, type Property, type TrainingJobProperties } from '../properties.js';
import { jobStepOptionKeys, Step, type CacheableStepOptions, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';
import { hyperparameterString, type HyperparameterValue } from './training.js';

export { NOTEBOOK_INPUT_CHANNEL, notebookJobNamePrefix } from '../../definition/notebook-job.js';

/** The options of a {@link NotebookStep}: the Python SDK's NotebookJobStep arguments, in camelCase. */
export interface NotebookStepOptions extends Omit<StepOptions, 'name'>, RetryableStepOptions, CacheableStepOptions {
  /** The step's name; default derived from the notebook's file name (`explore.ipynb` → `explore-ipynb`), as in the Python SDK. */
  name?: string;
  /** The notebook to run, a local `.ipynb` file (the Python SDK's `input_notebook`); uploaded when the pipeline is upserted. */
  notebook: string;
  /** The Jupyter kernel that runs it (`kernel_name`): `tslab` for TypeScript, `python3` for Python. */
  kernel: 'tslab' | 'python3' | (string & {});
  /** Values for the notebook's `parameters` cell: injected in a cell after it (papermill's convention). */
  parameters?: Readonly<Record<string, HyperparameterValue>>;
  /** The image the job runs on SageMaker (`image_uri`): a SageMaker Distribution image, or one of your own with the kernel. */
  imageUri: string;
  /** The IAM role the job runs as (`role`). */
  roleArn: string;
  /** Names the job (`notebook_job_name`): default derived from the notebook's file name. */
  notebookJobName?: string;
  /** Where inputs and outputs go (`s3_root_uri`); default `s3://<the pipeline's default bucket>`. */
  s3RootUri?: string;
  /** Variables in the job (`environment_variables`). */
  env?: Readonly<Record<string, Late<string>>>;
  /** Files uploaded beside the notebook, which it can open by relative path (`additional_dependencies`). */
  additionalDependencies?: readonly string[];
  /** `ResourceConfig.InstanceType`; default `ml.m5.large`. */
  instanceType?: Late<string>;
  /** `ResourceConfig.VolumeSizeInGB`; default 30. */
  volumeSizeInGB?: Late<number>;
  /** `StoppingCondition.MaxRuntimeInSeconds`; default two days. */
  maxRuntimeInSeconds?: number;
  /** `RetryStrategy.MaximumRetryAttempts`; default 1. */
  maxRetryAttempts?: number;
  /** `EnableInterContainerTrafficEncryption`; default true. */
  encryptInterContainerTraffic?: Late<boolean>;
  /** The region written as the job's AWS_DEFAULT_REGION (the Python SDK takes its session's). */
  region?: string;
  /** Tags of the job, before the notebook job's own (`sagemaker:name`, …). */
  tags?: Readonly<Record<string, Late<string>>>;
}

/** What the Python SDK's NotebookJobStep adds to its properties: names for paths of the training job. */
export interface NotebookJobProperties {
  /** The training job's name: `TrainingJobName`. */
  readonly ComputingJobName: Property<string>;
  /** `TrainingJobStatus`. */
  readonly ComputingJobStatus: Property<string>;
  /** The S3 folder the notebook was read from: `InputDataConfig[0].DataSource.S3DataSource.S3Uri`. */
  readonly NotebookJobInputLocation: Property<string>;
  /** `OutputDataConfig.S3OutputPath`: the executed notebook is in `<this>/<job>/output/output.tar.gz`. */
  readonly NotebookJobOutputLocationPrefix: Property<string>;
  /** `Environment['SM_INPUT_NOTEBOOK_NAME']`. */
  readonly InputNotebookName: Property<string>;
  /** `Environment['SM_OUTPUT_NOTEBOOK_NAME']`: the executed notebook's name inside output.tar.gz. */
  readonly OutputNotebookName: Property<string>;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A step of type `Training` that runs a notebook headless, as the Python SDK's `NotebookJobStep`: the notebook goes to S3
 * in the channel `sagemaker_headless_execution_pipelinestep`, its parameters are the job's HyperParameters, and the
 * executed notebook (with the files the notebook saved under `SM_OUTPUT_DATA_DIR`) comes back as
 * `<NotebookJobOutputLocationPrefix>/<job>/output/output.tar.gz`. A cell that raises fails the step with its error.
 *
 * @example
 * ```ts
 * const explore = new NotebookStep({
 *   notebook: 'explore.ipynb', kernel: 'tslab', imageUri: distributionImage, roleArn: role,
 *   parameters: { ratio: 0.7, input: inputData },
 * });
 * ```
 */
export class NotebookStep extends Step {
  static readonly optionKeys = optionKeys<NotebookStepOptions>({
    ...jobStepOptionKeys,
    name: true,
    notebook: true,
    kernel: true,
    parameters: true,
    imageUri: true,
    roleArn: true,
    notebookJobName: true,
    s3RootUri: true,
    env: true,
    additionalDependencies: true,
    instanceType: true,
    volumeSizeInGB: true,
    maxRetryAttempts: true,
    maxRuntimeInSeconds: true,
    encryptInterContainerTraffic: true,
    region: true,
    tags: true,
  });
  readonly stepType = 'Training';
  readonly properties: TrainingJobProperties;
  /** The Python SDK's `properties.ComputingJobName`, `OutputNotebookName`, …: the same `Get` paths. */
  readonly notebookJob: NotebookJobProperties;
  readonly notebookJobName: string;

  constructor(readonly options: NotebookStepOptions) {
    const derived = notebookJobNamePrefix(basename(options.notebook ?? ''));
    super({ ...options, name: options.name ?? derived });
    const owner = `NotebookStep "${this.name}"`;
    if (typeof options.notebook !== 'string' || !options.notebook.endsWith('.ipynb')) throw new Error(`${owner}: notebook must be the path of an .ipynb file`);
    if (typeof options.kernel !== 'string' || options.kernel === '') throw new Error(`${owner}: kernel is required ("tslab" or "python3")`);
    for (const name of Object.keys(options.parameters ?? {})) {
      if (!IDENTIFIER.test(name)) throw new Error(`${owner}: parameter "${name}" is not a variable name the notebook can assign`);
    }
    this.notebookJobName = options.notebookJobName ?? derived;
    if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(this.notebookJobName)) {
      throw new Error(`${owner}: notebookJobName "${this.notebookJobName}" must start with a letter and hold only letters, digits, - and _`);
    }
    this.properties = stepProperties(this.stepType, this);
    const p = this.properties;
    this.notebookJob = {
      ComputingJobName: p.TrainingJobName,
      ComputingJobStatus: p.TrainingJobStatus,
      NotebookJobInputLocation: p.InputDataConfig.get(0).DataSource.S3DataSource.S3Uri,
      NotebookJobOutputLocationPrefix: p.OutputDataConfig.S3OutputPath,
      InputNotebookName: p.Environment.get('SM_INPUT_NOTEBOOK_NAME'),
      OutputNotebookName: p.Environment.get('SM_OUTPUT_NOTEBOOK_NAME'),
    };
  }

  /** The CreateTrainingJob request, key for key in the order of the Python SDK's `NotebookJobStep.arguments`. */
  buildArguments(context: CompileContext): Value {
    const o = this.options;
    const root = (o.s3RootUri ?? (context.defaultBucket === undefined ? undefined : `s3://${context.defaultBucket}`))?.replace(/\/+$/, '');
    if (root === undefined)
      throw new Error(`NotebookStep "${this.name}": give s3RootUri, or give the pipeline a defaultBucket, for the notebook's input and output`);
    const jobPrefix = notebookJobNamePrefix(this.notebookJobName);
    const inputFolder = this.stageInputs(root, context);
    return notebookJobArguments<Value>({
      jobPrefix,
      notebookJobName: this.notebookJobName,
      notebookName: basename(o.notebook),
      kernel: o.kernel,
      imageUri: o.imageUri,
      roleArn: o.roleArn,
      inputFolder,
      outputPath: new Join({ on: '/', values: [root, context.pipelineName, ExecutionVariables.PipelineExecutionId, this.name] }),
      instanceType: o.instanceType ?? notebookJobDefaults.instanceType,
      volumeSizeInGB: o.volumeSizeInGB ?? notebookJobDefaults.volumeSizeInGB,
      maxRuntimeInSeconds: o.maxRuntimeInSeconds ?? notebookJobDefaults.maxRuntimeInSeconds,
      maxRetryAttempts: o.maxRetryAttempts ?? notebookJobDefaults.maxRetryAttempts,
      encryptInterContainerTraffic: o.encryptInterContainerTraffic ?? notebookJobDefaults.encryptInterContainerTraffic,
      tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      env: { ...o.env, ...(o.region === undefined ? {} : { AWS_DEFAULT_REGION: o.region }) },
      hyperParameters:
        o.parameters === undefined
          ? undefined
          : Object.fromEntries(
              Object.entries(o.parameters).map(([key, value]) => [key, value instanceof PipelineVariable ? value : hyperparameterString(value)]),
            ),
    });
  }

  /**
   * The notebook and its dependencies as uploads to `<root>/<pipeline>/<step>/input-<sha256>/`: the folder is named by
   * its content (the Python SDK names it by the time), so an unchanged notebook keeps the step's cache key.
   */
  private stageInputs(root: string, context: CompileContext): string {
    const files = [this.options.notebook, ...(this.options.additionalDependencies ?? [])].map((file) => {
      const path = resolve(file);
      if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`NotebookStep "${this.name}": "${file}" is not a file (looked for ${path})`);
      return { name: basename(path), body: readFileSync(path) };
    });
    const notebook = files[0].body.toString('utf8');
    try {
      if (!Array.isArray((JSON.parse(notebook) as { cells?: unknown }).cells)) throw new Error('it has no cells');
    } catch (error) {
      throw new Error(`NotebookStep "${this.name}": ${this.options.notebook} is not a notebook (${error instanceof Error ? error.message : error})`);
    }
    const hash = createHash('sha256');
    for (const file of files) hash.update(file.name).update(file.body);
    const folder = `${root}/${context.pipelineName}/${this.name}/input-${hash.digest('hex').slice(0, 16)}`;
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(folder);
    if (match === null) throw new Error(`NotebookStep "${this.name}": s3RootUri "${root}" is not an s3:// URI`);
    for (const file of files) {
      const key = `${match[2]}/${file.name}`;
      const asset: CodeAsset = { source: file.name, bucket: match[1], key, s3Uri: `s3://${match[1]}/${key}`, body: file.body, runtime: undefined };
      context.codeAssets.push(asset);
    }
    return folder;
  }
}
