/**
 * A notebook job as SageMaker's NotebookJobStep writes it: a `Training` step whose job runs SageMaker's notebook
 * scheduler, with the notebook in one input channel and what the scheduler reads in the job's Environment. One place
 * for that shape, browser-safe, for the SDK's NotebookStep and the designer's palette.
 */

/** The entry point SageMaker's notebook job image runs; the Python SDK writes it into every NotebookJobStep. */
export const NOTEBOOK_SCHEDULER_ENTRYPOINT = 'amazon_sagemaker_scheduler';

/** The channel SageMaker's notebook scheduler reads the notebook (and its dependencies) from. */
export const NOTEBOOK_INPUT_CHANNEL = 'sagemaker_headless_execution_pipelinestep';

/** Where that channel is in the job's container. */
export const NOTEBOOK_INPUT_PATH = `/opt/ml/input/data/${NOTEBOOK_INPUT_CHANNEL}`;

/** The Python SDK's `_get_job_name_prefix`: leading non-alphanumerics dropped, other characters but `-` become `-`. */
export function notebookJobNamePrefix(name: string): string {
  return name.replace(/^[^a-zA-Z0-9]+/, '').replace(/[^a-zA-Z0-9-]/g, '-');
}

/** What a NotebookJobStep writes when not told otherwise (the Python SDK's defaults). */
export const notebookJobDefaults = {
  instanceType: 'ml.m5.large',
  volumeSizeInGB: 30,
  /** Two days. */
  maxRuntimeInSeconds: 2 * 24 * 60 * 60,
  maxRetryAttempts: 1,
  encryptInterContainerTraffic: true,
} as const;

/** What a notebook job's CreateTrainingJob request is made of; `V` is how a value is written (JSON, or the SDK's values). */
export interface NotebookJobFields<V> {
  /** The job's name prefix (the Python SDK's `_get_job_name_prefix` of the notebook job's name). */
  jobPrefix: string;
  /** The notebook job's name, as given (its `sagemaker:name` tag). */
  notebookJobName: string;
  /** The notebook's file name in the input channel. */
  notebookName: string;
  kernel: string;
  imageUri: V;
  roleArn: V;
  /** The S3 folder that holds the notebook (and its dependencies). */
  inputFolder: V;
  /** Where the executed notebook goes: `<this>/<job>/output/output.tar.gz`. */
  outputPath: V;
  instanceType: V;
  volumeSizeInGB: V;
  maxRuntimeInSeconds: number;
  maxRetryAttempts: number;
  encryptInterContainerTraffic: V;
  /** The user's tags, written before the notebook job's own. */
  tags?: readonly { Key: string; Value: V }[];
  /** The user's variables, written before the scheduler's own. */
  env?: Readonly<Record<string, V>>;
  /** The notebook's parameters (papermill's), as the job's HyperParameters. */
  hyperParameters?: Readonly<Record<string, V>>;
}

/** The CreateTrainingJob request of a notebook job, key for key in the order of the Python SDK's `NotebookJobStep.arguments`. */
export function notebookJobArguments<V>(fields: NotebookJobFields<V>) {
  return {
    TrainingJobName: fields.jobPrefix,
    RoleArn: fields.roleArn,
    RetryStrategy: { MaximumRetryAttempts: fields.maxRetryAttempts },
    StoppingCondition: { MaxRuntimeInSeconds: fields.maxRuntimeInSeconds },
    EnableInterContainerTrafficEncryption: fields.encryptInterContainerTraffic,
    AlgorithmSpecification: { TrainingImage: fields.imageUri, TrainingInputMode: 'File', ContainerEntrypoint: [NOTEBOOK_SCHEDULER_ENTRYPOINT] },
    InputDataConfig: [
      {
        ChannelName: NOTEBOOK_INPUT_CHANNEL,
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: fields.inputFolder, S3DataDistributionType: 'FullyReplicated' } },
      },
    ],
    OutputDataConfig: { S3OutputPath: fields.outputPath },
    ResourceConfig: { VolumeSizeInGB: fields.volumeSizeInGB, InstanceCount: 1, InstanceType: fields.instanceType },
    Tags: [
      ...(fields.tags ?? []),
      { Key: 'sagemaker:name', Value: fields.notebookJobName },
      { Key: 'sagemaker:notebook-name', Value: fields.notebookName },
      { Key: 'sagemaker:notebook-job-origin', Value: 'PIPELINE_STEP' },
      { Key: 'sagemaker:is-studio-archived', Value: 'false' },
    ],
    Environment: {
      ...fields.env,
      SM_JOB_DEF_VERSION: '1.0',
      SM_ENV_NAME: 'sagemaker-default-env',
      SM_SKIP_EFS_SIMULATION: 'true',
      SM_EXECUTION_INPUT_PATH: NOTEBOOK_INPUT_PATH,
      SM_KERNEL_NAME: fields.kernel,
      SM_INPUT_NOTEBOOK_NAME: fields.notebookName,
      SM_OUTPUT_NOTEBOOK_NAME: `${fields.jobPrefix}.ipynb`,
    },
    HyperParameters: fields.hyperParameters === undefined || Object.keys(fields.hyperParameters).length === 0 ? undefined : fields.hyperParameters,
  };
}

/** Whether a Training step's Arguments are a notebook job's (its container runs the notebook scheduler). */
export function isNotebookJobArguments(args: unknown): boolean {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return false;
  const algorithm = (args as { AlgorithmSpecification?: { ContainerEntrypoint?: unknown } }).AlgorithmSpecification;
  const entrypoint = algorithm?.ContainerEntrypoint;
  return Array.isArray(entrypoint) && entrypoint[0] === NOTEBOOK_SCHEDULER_ENTRYPOINT;
}
