/** What a step runner gets and gives back. A runner knows one step type; the executor knows the rest. */
import type { ArtifactStore } from '../artifacts.js';
import type { ConditionEvaluation } from '../conditions.js';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import type { ResolveScope } from '../expressions.js';
import type { Runtimes } from '../jobs/host-process.js';
import type { ImageRule } from '../runtimes.js';
import type { ImageEnvironments } from '../environments/image-environments.js';
import type { MetricSeries } from './training.js';

/** How SageMaker classifies a failure, which decides what a retry policy retries. */
export type FailureKind = 'Step.SERVICE_FAULT' | 'Step.THROTTLING' | 'SageMaker.JOB_INTERNAL_ERROR' | 'SageMaker.CAPACITY_ERROR' | 'NotRetryable';

export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(
    message: string,
    readonly kind: FailureKind = 'NotRetryable',
    readonly metadata: JsonObject = {},
  ) {
    super(message);
  }
}

/** Job records, for describing and listing processing and training jobs and models. */
export interface JobRecorder {
  saveJob(kind: 'ProcessingJob' | 'TrainingJob' | 'HyperParameterTuningJob' | 'TransformJob', name: string, document: JsonObject): void;
  saveModel(name: string, document: JsonObject): void;
  /** A training job's metrics over its run (what SageMaker sends to CloudWatch), where the host keeps them; replaces what the job had. */
  saveMetrics?(trainingJobName: string, series: readonly MetricSeries[]): void;
}

/** The model registry, as RegisterModel uses it: creates the group on first use, numbers versions from 1. */
export interface ModelRegistryPort {
  registerModelPackage(request: JsonObject): { arn: string; version: number; groupName: string };
}

/** How a waiting Callback step is answered (SendPipelineExecutionStepSuccess/Failure). */
export type CallbackAnswer =
  { readonly outcome: 'success'; readonly outputs: readonly { Name: string; Value: string }[] } | { readonly outcome: 'failure'; readonly reason: string };

export interface CallbackWait {
  readonly token: string;
  readonly executionArn: string;
  readonly stepName: string;
  readonly sqsQueueUrl: string;
  readonly arguments: Json;
}

/** Where Callback steps wait for their answer, and where Lambda steps find their local handler. */
export interface StepIntegrations {
  waitForCallback(wait: CallbackWait): Promise<CallbackAnswer>;
  /** The local handler file of a Lambda function ARN, if one is declared. */
  lambdaHandler(functionArn: string): string | undefined;
  /** A model created by a Model step (its DescribeModel document), for batch transform. */
  model(name: string): JsonObject | undefined;
}

export interface StepRunContext {
  readonly stepName: string;
  readonly executionId: string;
  readonly executionArn: string;
  readonly pipelineName: string;
  readonly region: string;
  readonly account: string;
  readonly attempt: number;
  readonly scope: ResolveScope;
  readonly artifacts: ArtifactStore;
  /** Where job folders and logs go: `<jobsDir>/<job name>/`. */
  readonly jobsDir: string;
  readonly runtimes: Runtimes;
  readonly signal: AbortSignal;
  readonly stopGraceMs: number;
  readonly recorder: JobRecorder;
  readonly registry: ModelRegistryPort;
  /** Called with the job's process id, so a restarted service can kill what a dead one left behind. */
  readonly onProcess: (pid: number) => void;
  /** Reports metadata while the step runs (a Callback's token, before it is answered). */
  readonly onMetadata: (metadata: JsonObject) => void;
  readonly integrations: StepIntegrations;
  /** Which local runtime stands in for which container image. */
  readonly imageRules: readonly ImageRule[];
  /** Per-image Python environments; without them every image runs with `runtimes`. */
  readonly environments?: ImageEnvironments;
  /** The job's name when a request gave it (CreateTrainingJob, CreateProcessingJob); a pipeline's jobs get generated ones. */
  readonly jobName?: string;
}

export interface StepResult {
  /** The step's Describe* document: what `Get Steps.<name>.<path>` reads. */
  readonly properties: JsonObject;
  /** ListPipelineExecutionSteps metadata, e.g. `{ProcessingJob: {Arn}}`. */
  readonly metadata: JsonObject;
  /** For a Condition step: which branch runs. */
  readonly outcome?: boolean;
  /** For a Condition step: each condition with the values its operands resolved to. */
  readonly conditionEvaluations?: readonly ConditionEvaluation[];
}

export interface StepRunner {
  run(step: StepDefinition, resolvedArguments: Json, context: StepRunContext): Promise<StepResult>;
}
