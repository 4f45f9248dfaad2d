/** What a step runner gets and gives back. A runner knows one step type; the executor knows the rest. */
import type { ArtifactStore } from '../artifacts.js';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import type { ResolveScope } from '../expressions.js';
import type { Runtimes } from '../jobs/host-process.js';

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
  saveJob(kind: 'ProcessingJob' | 'TrainingJob', name: string, document: JsonObject): void;
  saveModel(name: string, document: JsonObject): void;
}

/** The model registry, as RegisterModel uses it: creates the group on first use, numbers versions from 1. */
export interface ModelRegistryPort {
  registerModelPackage(request: JsonObject): { arn: string; version: number; groupName: string };
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
}

export interface StepResult {
  /** The step's Describe* document: what `Get Steps.<name>.<path>` reads. */
  readonly properties: JsonObject;
  /** ListPipelineExecutionSteps metadata, e.g. `{ProcessingJob: {Arn}}`. */
  readonly metadata: JsonObject;
  /** For a Condition step: which branch runs. */
  readonly outcome?: boolean;
}

export interface StepRunner {
  run(step: StepDefinition, resolvedArguments: Json, context: StepRunContext): Promise<StepResult>;
}
