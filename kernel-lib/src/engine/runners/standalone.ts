/**
 * Training, processing and tuning jobs created by name outside a pipeline (CreateTrainingJob, CreateProcessingJob,
 * CreateHyperParameterTuningJob: the Python SDK's `estimator.fit()`, `processor.run()` and `tuner.fit()` with a plain
 * Session, and its `@remote` functions): the runners a pipeline's Training, Processing and Tuning steps use, given the
 * request as the step's arguments and the job's own name.
 */
import type { EngineServices } from '../executor.js';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import type { ResolveScope } from '../expressions.js';
import type { RecordedJob } from './job-documents.js';
import { processingRunner } from './processing.js';
import { trainingRunner } from './training.js';
import { tuningRunner } from './tuning.js';
import { StepFailure, type StepResult, type StepRunContext } from './types.js';

export type StandaloneKind = 'Training' | 'Processing' | 'Tuning';

/** The job each kind creates, as its Describe and List operations name it. */
export const standaloneJobs: Readonly<Record<StandaloneKind, RecordedJob>> = {
  Training: 'TrainingJob',
  Processing: 'ProcessingJob',
  Tuning: 'HyperParameterTuningJob',
};

/** The request members that name or label the job rather than say what it runs. */
const notArguments = ['TrainingJobName', 'ProcessingJobName', 'HyperParameterTuningJobName', 'Tags'];

/** A job outside a pipeline resolves nothing: its request holds values only. */
const noScope: ResolveScope = {
  parameters: {},
  execution: {},
  experiment: null,
  stepProperties: () => undefined,
  propertyFiles: () => [],
  readJson: () => {
    throw new StepFailure('a job outside a pipeline reads no property files');
  },
};

/** Runs the job to its end; its Describe document is saved by the runner as it goes. */
export function runStandaloneJob(
  kind: StandaloneKind,
  request: JsonObject,
  name: string,
  services: EngineServices,
  control: { readonly signal: AbortSignal; readonly onProcess: (pid: number) => void },
): Promise<StepResult> {
  const args = Object.fromEntries(Object.entries(request).filter(([member]) => !notArguments.includes(member))) as JsonObject;
  const step: StepDefinition = { Name: name, Type: kind, Arguments: args };
  const context: StepRunContext = {
    stepName: name,
    executionId: '',
    executionArn: '',
    pipelineName: '',
    region: services.region,
    account: services.account,
    attempt: 1,
    scope: noScope,
    artifacts: services.artifacts,
    jobsDir: services.jobsDir,
    runtimes: services.runtimes,
    signal: control.signal,
    stopGraceMs: services.stopGraceMs,
    recorder: services.recorder,
    registry: services.registry,
    onProcess: control.onProcess,
    onMetadata: () => undefined,
    integrations: services.integrations,
    imageRules: services.imageRules,
    environments: services.environments,
    jobName: name,
  };
  const runner = { Training: trainingRunner, Processing: processingRunner, Tuning: tuningRunner }[kind];
  return runner.run(step, args as Json, context);
}
