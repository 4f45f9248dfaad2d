/**
 * Training under SageMaker's contract: channels in /opt/ml/input/data/<channel>, hyperparameters.json,
 * SM_* variables, the model written to /opt/ml/model and uploaded as <S3OutputPath>/<job>/output/model.tar.gz,
 * and FinalMetricDataList from the MetricDefinitions regexes over the job's log (each metric's whole series is
 * recorded too, as SageMaker sends it to CloudWatch); CheckpointConfig kept as SageMaker keeps it (checkpoints.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import { runHostJob } from '../jobs/host-process.js';
import { JobLog, readJobLog, type LogLine } from '../jobs/job-log.js';
import { checkpointsOf, restoreCheckpoints, saveCheckpoints, type Checkpoints } from './checkpoints.js';
import { checkPathName, CONTAINER_HOST, jobFolder } from './container-paths.js';
import { jobName, resourceArn } from './job-names.js';
import { failureOf, sandboxMetadata, stoppedBy } from './outcomes.js';
import { isEmptyFolder, packFolder } from './tarball.js';
import { unpackArchive } from './archive.js';
import { jobLimits } from './job-limits.js';
import { runtimeForImage } from '../runtimes.js';
import { builtinProgram, xgboostMetricDefinitions } from '../environments/builtin-algorithms.js';
import type { JobRuntime } from '../environments/image-environments.js';
import { instanceResourcesOf, outputDataConfigOf, presentMembers, StatusTransitions, stoppingConditionOf } from './job-documents.js';
import { jobRuntimeOf } from './job-runtime.js';
import { isNotebookJob, notebookJobProgram, notebookJobRuntime } from './notebook-job.js';
import { isRemoteFunctionJob, remoteFunctionRuntime } from './remote-function.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';
import { environmentOf, listAt, objectAt, optionalObject, stringAt, stringsAt } from './values.js';

/** One metric over the job's run: every value its regex captured, in log order (SageMaker sends them to CloudWatch). */
export interface MetricSeries {
  readonly name: string;
  /** Timestamp in epoch seconds, as SageMaker's metric documents carry it. */
  readonly points: readonly { readonly timestamp: number; readonly value: number }[];
}

/** Each MetricDefinition's values over the log's lines (program output only), in order; metrics never matched are left out. */
export function metricSeries(definitions: Json | undefined, lines: readonly Pick<LogLine, 'time' | 'text'>[]): MetricSeries[] {
  const series: MetricSeries[] = [];
  for (const item of listAt(definitions)) {
    const definition = optionalObject(item);
    if (typeof definition.Name !== 'string' || typeof definition.Regex !== 'string') continue;
    let regex: RegExp;
    try {
      regex = new RegExp(definition.Regex);
    } catch {
      throw new StepFailure(`MetricDefinitions "${definition.Name}" has an invalid Regex: ${definition.Regex}`);
    }
    const points: { timestamp: number; value: number }[] = [];
    for (const line of lines) {
      const match = regex.exec(line.text);
      const number = match?.[1] === undefined ? NaN : Number(match[1]);
      if (Number.isFinite(number)) points.push({ timestamp: Date.parse(line.time) / 1000, value: number });
    }
    if (points.length > 0) series.push({ name: definition.Name, points });
  }
  return series;
}

/** The last value of each series, as SageMaker reports FinalMetricDataList. */
export function finalMetrics(series: readonly MetricSeries[], time: number): JsonObject[] {
  return series.map((metric) => ({ MetricName: metric.name, Value: metric.points[metric.points.length - 1].value, Timestamp: time }));
}

/** A hyperparameter as the training toolkit reads it: the Python SDK JSON-encodes framework hyperparameters. */
function decoded(value: string): string {
  const parsed = decodedValue(value);
  return typeof parsed === 'string' ? parsed : value;
}

/** A hyperparameter's value as the toolkit gives it to SM_TRAINING_ENV: JSON when it parses, else the string. */
function decodedValue(value: string): Json {
  try {
    return JSON.parse(value) as Json;
  } catch {
    return value;
  }
}

/** The network interface a job's host names: its network is this machine's loopback. */
const networkInterface = 'lo';

/**
 * /opt/ml/input/config/resourceconfig.json as SageMaker writes it for a job on one instance: the host, its instance
 * type and group (the SDK's remote functions read `current_instance_type`), the network interface.
 */
function resourceConfig(instanceType: Json | undefined): JsonObject {
  const type = typeof instanceType === 'string' ? instanceType : 'ml.m5.large';
  const group = 'homogeneousCluster';
  return {
    current_host: CONTAINER_HOST,
    current_instance_type: type,
    current_group_name: group,
    hosts: [CONTAINER_HOST],
    instance_groups: [{ instance_group_name: group, instance_type: type, hosts: [CONTAINER_HOST] }],
    network_interface_name: networkInterface,
  };
}

/**
 * The variables every training container sees: TRAINING_JOB_NAME and _ARN as SageMaker sets them, and the SM_*
 * variables of the SageMaker training toolkit that framework images run scripts with (SM_TRAINING_ENV holds them
 * all as JSON). `program` is what script mode adds (SM_MODULE_DIR, SM_MODULE_NAME, SM_USER_ENTRY_POINT).
 */
function toolkitEnvironment(job: {
  name: string;
  arn: string;
  channelNames: readonly string[];
  hyperparameters: Record<string, string>;
  resources: JsonObject;
  inputDataConfig: JsonObject;
  program: Record<string, string>;
}): Record<string, string> {
  const channelDirs = Object.fromEntries(job.channelNames.map((channel) => [channel, `/opt/ml/input/data/${channel}`]));
  const cpus = os.cpus().length;
  const logLevel = 20;
  const userHyperparameters = Object.fromEntries(
    Object.entries(job.hyperparameters)
      .filter(([key]) => !key.startsWith('sagemaker_'))
      .map(([key, value]) => [key, decodedValue(value)]),
  );
  const training = {
    channel_input_dirs: channelDirs,
    current_host: CONTAINER_HOST,
    hosts: [CONTAINER_HOST],
    hyperparameters: userHyperparameters,
    input_config_dir: '/opt/ml/input/config',
    input_data_config: job.inputDataConfig,
    input_dir: '/opt/ml/input',
    job_name: job.name,
    log_level: logLevel,
    model_dir: '/opt/ml/model',
    module_dir: job.program.SM_MODULE_DIR ?? null,
    module_name: job.program.SM_MODULE_NAME ?? null,
    network_interface_name: networkInterface,
    num_cpus: cpus,
    num_gpus: 0,
    output_data_dir: '/opt/ml/output/data',
    output_dir: '/opt/ml/output',
    resource_config: job.resources,
    user_entry_point: job.program.SM_USER_ENTRY_POINT ?? null,
  };
  return {
    TRAINING_JOB_NAME: job.name,
    TRAINING_JOB_ARN: job.arn,
    SM_MODEL_DIR: training.model_dir,
    SM_OUTPUT_DIR: training.output_dir,
    SM_OUTPUT_DATA_DIR: training.output_data_dir,
    SM_OUTPUT_INTERMEDIATE_DIR: '/opt/ml/output/intermediate',
    SM_INPUT_DIR: training.input_dir,
    SM_INPUT_CONFIG_DIR: training.input_config_dir,
    SM_CHANNELS: JSON.stringify(job.channelNames),
    SM_HPS: JSON.stringify(job.hyperparameters),
    SM_CURRENT_HOST: CONTAINER_HOST,
    SM_HOSTS: JSON.stringify(training.hosts),
    SM_NUM_GPUS: '0',
    SM_NUM_CPUS: String(cpus),
    SM_LOG_LEVEL: String(logLevel),
    SM_NETWORK_INTERFACE_NAME: networkInterface,
    SM_RESOURCE_CONFIG: JSON.stringify(job.resources),
    SM_INPUT_DATA_CONFIG: JSON.stringify(job.inputDataConfig),
    SM_TRAINING_ENV: JSON.stringify(training),
    ...Object.fromEntries(Object.entries(channelDirs).map(([channel, dir]) => [`SM_CHANNEL_${channel.toUpperCase()}`, dir])),
    ...Object.fromEntries(Object.entries(job.hyperparameters).map(([key, value]) => [`SM_HP_${key.toUpperCase()}`, value])),
  };
}

interface TrainingProgram {
  command: string[];
  /** The image's built-in algorithm runs: its metric definitions apply when the job gives none. */
  builtin?: boolean;
  env: Record<string, string>;
  workingDir?: string;
}

/**
 * What the job runs: the ContainerEntrypoint, or, for a framework image in script mode (sagemaker_program and
 * sagemaker_submit_directory, as the SageMaker Python SDK writes them), the user's script unpacked in
 * /opt/ml/code and run with the image's local runtime, hyperparameters as `--name value` arguments; or, for an
 * image with a built-in algorithm and no script, that algorithm.
 */
async function programOf(
  algorithm: JsonObject,
  hyperparameters: Record<string, string>,
  context: StepRunContext,
  mlDir: string,
  runtime: JobRuntime,
  log: JobLog,
): Promise<TrainingProgram> {
  if (isNotebookJob(algorithm)) return notebookJobProgram(mlDir);
  const entrypoint = stringsAt(algorithm.ContainerEntrypoint, 'AlgorithmSpecification.ContainerEntrypoint');
  if (entrypoint.length > 0) return { command: entrypoint, env: {} };
  const image = String(algorithm.TrainingImage ?? algorithm.AlgorithmName ?? '');
  const script = hyperparameters.sagemaker_program === undefined ? undefined : decoded(hyperparameters.sagemaker_program);
  const submitted = hyperparameters.sagemaker_submit_directory === undefined ? undefined : decoded(hyperparameters.sagemaker_submit_directory);
  if ((script === undefined || submitted === undefined) && runtime.builtin !== undefined) {
    log.note(`${image}: the built-in ${runtime.builtin} algorithm (${builtinProgram(runtime.builtin, 'train')})`);
    return { command: ['python3', builtinProgram(runtime.builtin, 'train')], env: {}, builtin: true };
  }
  if (script === undefined || submitted === undefined) {
    throw new StepFailure(
      `training image ${image} has no program on this machine: its built-in algorithm runs only on SageMaker. Give a script (an entry point in script mode, or code: in TrainingStep)`,
    );
  }
  const local = runtimeForImage(image, context.imageRules) ?? (script.endsWith('.py') ? 'python' : 'node');
  try {
    if (submitted.endsWith('.tar.gz')) {
      const staging = join(mlDir, '..', 'submitted');
      context.artifacts.download(submitted, staging);
      await unpackArchive(join(staging, submitted.slice(submitted.lastIndexOf('/') + 1)), join(mlDir, 'code'));
    } else {
      context.artifacts.download(submitted, join(mlDir, 'code'));
    }
  } catch (error) {
    if (error instanceof StepFailure) throw error;
    throw new StepFailure(`sagemaker_submit_directory ${submitted}: ${error instanceof Error ? error.message : error}`, 'Step.SERVICE_FAULT');
  }
  const overlay = await requirementsOverlay(join(mlDir, 'code'), mlDir, runtime, context, log);
  const userArgs = Object.entries(hyperparameters)
    .filter(([key]) => !key.startsWith('sagemaker_'))
    .flatMap(([key, value]) => [`--${key}`, decoded(value)]);
  return {
    command: [local === 'python' ? 'python3' : 'node', `/opt/ml/code/${script}`, ...userArgs],
    env: {
      SM_MODULE_DIR: submitted,
      SM_USER_ENTRY_POINT: script,
      SM_MODULE_NAME: script.replace(/\.[^.]+$/, ''),
      SM_USER_ARGS: JSON.stringify(userArgs),
      PYTHONPATH: overlay === undefined ? '/opt/ml/code' : `/opt/ml/code:${overlay}`,
    },
    workingDir: '/opt/ml/code',
  };
}

/** The program a job runs, as far as its definition says before anything is unpacked: `node` needs no Python environment. */
function programNameOf(algorithm: JsonObject, hyperparameters: Record<string, string>): string | undefined {
  const entrypoint = stringsAt(algorithm.ContainerEntrypoint, 'AlgorithmSpecification.ContainerEntrypoint');
  if (entrypoint.length > 0) return entrypoint[0];
  const script = hyperparameters.sagemaker_program === undefined ? undefined : decoded(hyperparameters.sagemaker_program);
  return script === undefined || script.endsWith('.py') ? undefined : 'node';
}

/**
 * A requirements.txt in the submitted code is installed before the script runs, as the SageMaker training
 * toolkit does, into a folder of the job's own on PYTHONPATH, so the shared environment stays as it was made.
 */
async function requirementsOverlay(codeDir: string, mlDir: string, runtime: JobRuntime, context: StepRunContext, log: JobLog): Promise<string | undefined> {
  const requirements = join(codeDir, 'requirements.txt');
  if (!existsSync(requirements) || context.environments === undefined) return undefined;
  const target = join(mlDir, '.sluice', 'packages');
  log.note(`installing requirements.txt into the job's own packages (/opt/ml/.sluice/packages)`);
  try {
    await context.environments.store.installOverlay(runtime.runtimes.python, requirements, target);
  } catch (error) {
    throw new StepFailure(
      `requirements.txt in the submitted code could not be installed: ${error instanceof Error ? error.message : error}. Fix: make the packages reachable (UV_INDEX_URL or PIP_INDEX_URL, UV_FIND_LINKS) or add them to the image's environment in SLUICE_HOME/images.json`,
    );
  }
  return '/opt/ml/.sluice/packages';
}

export const trainingRunner: StepRunner = {
  async run(_step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const args = objectAt(resolved, 'Arguments');
    const algorithm = objectAt(args.AlgorithmSpecification, 'AlgorithmSpecification');
    const outputPath = stringAt(objectAt(args.OutputDataConfig, 'OutputDataConfig').S3OutputPath, 'OutputDataConfig.S3OutputPath');
    const name = jobName(context);
    const arn = resourceArn(context, 'training-job', name);
    const folder = jobFolder(context.jobsDir, name);
    const log = new JobLog(folder.logFile);
    const startedAt = Date.now() / 1000;
    const ml = (...parts: string[]) => join(folder.ml, ...parts);

    const channels = listAt(args.InputDataConfig).map((item) => optionalObject(item));
    for (const channel of channels) {
      // The channel is a folder of the job: a name like ../../x would put its data anywhere.
      const channelName = checkPathName(stringAt(channel.ChannelName, 'InputDataConfig[].ChannelName'), 'InputDataConfig[].ChannelName');
      const source = optionalObject(optionalObject(channel.DataSource).S3DataSource);
      try {
        await context.artifacts.prepare(stringAt(source.S3Uri, `channel "${channelName}" S3Uri`));
        context.artifacts.download(stringAt(source.S3Uri, `channel "${channelName}" S3Uri`), ml('input', 'data', channelName));
      } catch (error) {
        if (error instanceof StepFailure) throw error;
        throw new StepFailure(`channel "${channelName}": ${error instanceof Error ? error.message : error}`, 'Step.SERVICE_FAULT');
      }
    }
    const hyperparameters = Object.fromEntries(
      Object.entries(optionalObject(args.HyperParameters)).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
    );
    // The job shows it is preparing its environment, which the first time takes seconds to minutes: as SageMaker
    // says what a starting job does, in its last SecondaryStatusTransition.
    const preparingMessage = 'Preparing the environment of the training image';
    const jobOutput = `${outputPath.replace(/\/$/, '')}/${name}/output`;
    const modelArtifacts = `${jobOutput}/model.tar.gz`;
    // Every document of the job, running or ended, echoes its request: log followers read ResourceConfig at once.
    // ModelArtifacts is required by the model, so it names where the model will be from the start.
    const requested = presentMembers({
      AlgorithmSpecification: algorithm,
      RoleArn: args.RoleArn,
      InputDataConfig: channels,
      OutputDataConfig: outputDataConfigOf(args.OutputDataConfig),
      ResourceConfig: instanceResourcesOf(args.ResourceConfig),
      StoppingCondition: stoppingConditionOf(args.StoppingCondition),
      HyperParameters: hyperparameters,
      Environment: optionalObject(args.Environment),
      CheckpointConfig: args.CheckpointConfig === undefined ? undefined : optionalObject(args.CheckpointConfig),
      // The run the job belongs to, which the Python SDK's load_run() inside the job reads back.
      ExperimentConfig: args.ExperimentConfig === undefined ? undefined : optionalObject(args.ExperimentConfig),
      ModelArtifacts: { S3ModelArtifacts: modelArtifacts },
    });
    // Every later document keeps the statuses the job went through, as SageMaker's do (Starting, Training, …).
    const transitions = new StatusTransitions('Starting', startedAt, preparingMessage);
    context.onMetadata({ TrainingJob: { Arn: arn } });
    context.recorder.saveJob('TrainingJob', name, {
      TrainingJobName: name,
      TrainingJobArn: arn,
      TrainingJobStatus: 'InProgress',
      SecondaryStatus: 'Starting',
      SecondaryStatusTransitions: transitions.all(),
      ...requested,
      CreationTime: startedAt,
    });
    let runtime: JobRuntime;
    let program: TrainingProgram;
    let checkpoints: Checkpoints | undefined;
    try {
      checkpoints = checkpointsOf(args.CheckpointConfig, folder);
      runtime = isNotebookJob(algorithm)
        ? notebookJobRuntime(context.runtimes)
        : isRemoteFunctionJob(algorithm)
          ? await remoteFunctionRuntime(String(algorithm.TrainingImage ?? ''), algorithm, folder.ml, context, log)
          : await jobRuntimeOf(String(algorithm.TrainingImage ?? ''), context, log, programNameOf(algorithm, hyperparameters));
      program = await programOf(algorithm, hyperparameters, context, folder.ml, runtime, log);
      if (checkpoints !== undefined) restoreCheckpoints(checkpoints, context.artifacts, log);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.note(reason);
      context.recorder.saveJob('TrainingJob', name, {
        TrainingJobName: name,
        TrainingJobArn: arn,
        TrainingJobStatus: 'Failed',
        SecondaryStatus: 'Failed',
        SecondaryStatusTransitions: transitions.to('Failed', Date.now() / 1000, reason, true),
        FailureReason: reason,
        ...requested,
        CreationTime: startedAt,
      });
      if (error instanceof StepFailure) throw new StepFailure(error.message, error.kind, { TrainingJob: { Arn: arn } });
      throw error;
    }
    const metricDefinitions = algorithm.MetricDefinitions ?? (program.builtin ? xgboostMetricDefinitions : undefined);
    mkdirSync(ml('input', 'config'), { recursive: true });
    for (const dir of [['model'], ['output', 'data'], ['code']]) mkdirSync(ml(...dir), { recursive: true });
    writeFileSync(ml('input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
    const resources = resourceConfig(optionalObject(args.ResourceConfig).InstanceType);
    const inputDataConfig = Object.fromEntries(
      channels.map((channel) => [
        String(channel.ChannelName),
        { ContentType: channel.ContentType ?? null, TrainingInputMode: algorithm.TrainingInputMode ?? 'File' },
      ]),
    );
    writeFileSync(ml('input', 'config', 'resourceconfig.json'), JSON.stringify(resources));
    writeFileSync(ml('input', 'config', 'inputdataconfig.json'), JSON.stringify(inputDataConfig));
    const env: Record<string, string> = {
      ...toolkitEnvironment({ name, arn, channelNames: Object.keys(inputDataConfig), hyperparameters, resources, inputDataConfig, program: program.env }),
      ...runtime.env,
      ...program.env,
      ...environmentOf(args.Environment),
    };

    // The job is visible while it runs: its ARN in the step's metadata, InProgress in ListTrainingJobs.
    context.recorder.saveJob('TrainingJob', name, {
      TrainingJobName: name,
      TrainingJobArn: arn,
      TrainingJobStatus: 'InProgress',
      SecondaryStatus: 'Training',
      SecondaryStatusTransitions: transitions.to('Training', Date.now() / 1000, 'Training in progress'),
      ...requested,
      CreationTime: startedAt,
      TrainingStartTime: startedAt,
    });
    const result = await runHostJob({
      jobDir: folder.ml,
      command: [...program.command, ...stringsAt(algorithm.ContainerArguments, 'AlgorithmSpecification.ContainerArguments')],
      workingDir: program.workingDir,
      env,
      log,
      runtimes: runtime.runtimes,
      maxRuntimeSeconds:
        typeof optionalObject(args.StoppingCondition).MaxRuntimeInSeconds === 'number'
          ? (optionalObject(args.StoppingCondition).MaxRuntimeInSeconds as number)
          : undefined,
      signal: context.signal,
      stopGraceMs: context.stopGraceMs,
      onStart: context.onProcess,
      limits: jobLimits(
        optionalObject(args.ResourceConfig).InstanceType,
        optionalObject(args.ResourceConfig).VolumeSizeInGB,
        args.EnableNetworkIsolation,
        context.runtimes,
      ),
    });
    const endedAt = Date.now() / 1000;
    const series = metricSeries(
      metricDefinitions,
      readJobLog(folder.logFile).filter((line) => line.stream !== 'sluice'),
    );
    context.recorder.saveMetrics?.(name, series);
    const document: JsonObject = {
      TrainingJobName: name,
      TrainingJobArn: arn,
      ...requested,
      FinalMetricDataList: finalMetrics(series, endedAt),
      CreationTime: startedAt,
      TrainingStartTime: startedAt,
      TrainingEndTime: endedAt,
    };
    const uploadOutputData = () => {
      if (isEmptyFolder(ml('output', 'data'))) return;
      const outputTar = join(folder.root, 'output.tar.gz');
      packFolder(ml('output', 'data'), outputTar);
      context.artifacts.putObject(`${jobOutput}/output.tar.gz`, readFileSync(outputTar));
    };
    let failure = failureOf(result, log, folder.ml, stoppedBy(context, 'StopTrainingJob'));
    if (checkpoints !== undefined) {
      try {
        saveCheckpoints(checkpoints, context.artifacts, log);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        log.note(reason);
        failure ??= { status: 'Failed', reason, kind: 'Step.SERVICE_FAULT' };
      }
    }
    if (failure !== undefined) {
      // A failed notebook job's executed notebook shows the error where it happened, as Studio's notebook jobs keep it.
      if (isNotebookJob(algorithm) && failure.status === 'Failed') uploadOutputData();
      context.recorder.saveJob('TrainingJob', name, {
        ...document,
        TrainingJobStatus: failure.status,
        SecondaryStatus: failure.status,
        SecondaryStatusTransitions: transitions.to(failure.status, endedAt, failure.reason, true),
        FailureReason: failure.reason,
      });
      throw new StepFailure(failure.reason, failure.kind, { TrainingJob: { Arn: arn }, ...sandboxMetadata(result) });
    }
    transitions.to('Uploading', endedAt, 'Uploading the model and output data');
    const packed = join(folder.root, 'model.tar.gz');
    packFolder(ml('model'), packed);
    context.artifacts.putObject(modelArtifacts, readFileSync(packed));
    uploadOutputData();
    const completed = {
      ...document,
      TrainingJobStatus: 'Completed',
      SecondaryStatus: 'Completed',
      SecondaryStatusTransitions: transitions.to('Completed', Date.now() / 1000, 'Training job completed', true),
      ModelArtifacts: { S3ModelArtifacts: modelArtifacts },
    };
    context.recorder.saveJob('TrainingJob', name, completed);
    return { properties: completed, metadata: { TrainingJob: { Arn: arn }, ...sandboxMetadata(result) } };
  },
};
