/**
 * What a step read and wrote, from its job's description: inputs with their S3 URIs and the settings it ran
 * with (Input tab), outputs with their files, property files and model artifacts (Output tab).
 */
import { processingJobOutputs, trainingJobOutputs, transformJobOutputs } from 'sluice/definition';
import type { ExecutionStep, ServiceClient } from '../api/operations';
import { readJsonArtifact } from './artifacts';
import type { PropertyFile } from './graph';
import { jobOf } from './step-status';

export interface StepInput {
  name: string;
  uri: string;
  /** Where the job saw it, e.g. /opt/ml/processing/data. */
  localPath?: string;
}

export interface StepOutput {
  name: string;
  uri: string;
}

/** The job a step ran, as the Overview names it. */
export interface StepJob {
  name: string;
  kind: string;
  /** The job's ARN, which its metrics over the run are asked for by. */
  arn?: string;
  instanceType?: string;
  instanceCount?: number;
  image?: string;
}

/** A metric as the Metrics tab lists it. */
export interface StepMetric {
  name: string;
  value: string;
}

export interface StepIO {
  job: StepJob;
  inputs: StepInput[];
  /** Image, arguments, hyper-parameters, environment: what the job ran with, resolved. */
  settings: { name: string; value: string }[];
  outputs: StepOutput[];
  /** A training job's final metrics, from its MetricDefinitions over the log. */
  metrics: StepMetric[];
}

/** Reads the job of a step that ran one; undefined for steps that run inside the service. */
export async function loadStepIO(client: ServiceClient, row: ExecutionStep | undefined): Promise<StepIO | undefined> {
  const job = jobOf(row);
  if (job?.kind === 'ProcessingJob') {
    const described = await client.call('SageMaker.DescribeProcessingJob', { ProcessingJobName: job.name });
    const app = described.AppSpecification;
    const cluster = described.ProcessingResources?.ClusterConfig;
    return {
      job: { name: job.name, kind: job.kind, instanceType: cluster?.InstanceType, instanceCount: cluster?.InstanceCount, image: app?.ImageUri },
      inputs: (described.ProcessingInputs ?? []).map((input) => ({
        name: input.InputName ?? '',
        uri: input.S3Input?.S3Uri ?? '',
        localPath: input.S3Input?.LocalPath,
      })),
      settings: settings({
        Image: app?.ImageUri,
        Entrypoint: app?.ContainerEntrypoint?.join(' '),
        Arguments: app?.ContainerArguments?.join(' '),
        ...prefixed('Environment', described.Environment),
      }),
      outputs: processingJobOutputs(described),
      metrics: [],
    };
  }
  if (job?.kind === 'TrainingJob') {
    const described = await client.call('SageMaker.DescribeTrainingJob', { TrainingJobName: job.name });
    return {
      job: {
        name: job.name,
        kind: job.kind,
        arn: described.TrainingJobArn,
        instanceType: described.ResourceConfig?.InstanceType,
        instanceCount: described.ResourceConfig?.InstanceCount,
        image: described.AlgorithmSpecification?.TrainingImage,
      },
      inputs: (described.InputDataConfig ?? []).map((channel) => ({
        name: channel.ChannelName ?? '',
        uri: channel.DataSource?.S3DataSource?.S3Uri ?? '',
        localPath: `/opt/ml/input/data/${channel.ChannelName ?? ''}`,
      })),
      settings: settings({
        Image: described.AlgorithmSpecification?.TrainingImage,
        ...prefixed('Hyperparameter', described.HyperParameters),
        ...prefixed('Environment', described.Environment),
      }),
      outputs: trainingJobOutputs(described).map((output) => ({ ...output, name: 'Model artifacts' })),
      metrics: (described.FinalMetricDataList ?? []).map((metric) => ({ name: metric.MetricName ?? '', value: String(metric.Value) })),
    };
  }
  if (job?.kind === 'TransformJob') {
    const described = await client.call('SageMaker.DescribeTransformJob', { TransformJobName: job.name });
    return {
      job: {
        name: job.name,
        kind: job.kind,
        instanceType: described.TransformResources?.InstanceType,
        instanceCount: described.TransformResources?.InstanceCount,
      },
      inputs: [{ name: 'Input', uri: described.TransformInput?.DataSource?.S3DataSource?.S3Uri ?? '' }],
      settings: settings({
        Model: described.ModelName,
        'Content type': described.TransformInput?.ContentType,
        'Split type': described.TransformInput?.SplitType,
        ...prefixed('Environment', described.Environment),
      }),
      outputs: transformJobOutputs(described).map((output) => ({ ...output, name: 'Output' })),
      metrics: [],
    };
  }
  return undefined;
}

/** The files under an output (a prefix) or the output itself (an object). */
export async function listOutputFiles(client: ServiceClient, uri: string): Promise<string[]> {
  return (await client.call('SluiceLocal.ListArtifacts', { S3Uri: uri })).Objects;
}

/** A property file's JSON, read from the output that holds it. */
export async function readPropertyFile(client: ServiceClient, file: PropertyFile, outputs: readonly StepOutput[]): Promise<unknown> {
  const output = outputs.find((candidate) => candidate.name === file.outputName);
  if (!output) throw new Error(`the step has no output named ${file.outputName}`);
  return readJsonArtifact(client, `${output.uri.replace(/\/+$/, '')}/${file.filePath}`);
}

function prefixed(prefix: string, values: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [`${prefix} ${key}`, value]));
}

function settings(values: Record<string, string | undefined>): { name: string; value: string }[] {
  return Object.entries(values).flatMap(([name, value]) => (value === undefined || value === '' ? [] : [{ name, value }]));
}
