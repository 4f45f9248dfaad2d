/**
 * Runs executions for the service: gives the engine its artifact store, job folders, registry and cache,
 * writes every state change it reports to the store, and picks up executions a previous service left
 * running (their old job processes are killed and their unfinished steps run again).
 */
import type { CreateModelPackageOutput } from '@aws-sdk/client-sagemaker';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ArtifactStore,
  sandboxedInstalls,
  EnvironmentStore,
  environmentsDir,
  Execution,
  ImageEnvironments,
  loadImageRules,
  planExecution,
  runTransform,
  runStandaloneJob,
  standaloneJobs,
  jobTimeMembers,
  failedJobDocument,
  type RecordedJob,
  type StandaloneKind,
  transformRequestOf,
  type CallbackAnswer,
  type CallbackWait,
  type EngineServices,
  type JobAccess,
  type Json,
  type JsonObject,
  type Runtimes,
  type StepIntegrations,
  type StepRecord,
  closeWaitingSandboxes,
} from '../engine/index.js';
import type { PlannedStep } from '../definition/run-reasons.js';
import { homePaths } from '../home/paths.js';
import type { ExecutionRecord, JobKind } from '../store/index.js';
import type { OperationContext } from './context.js';
import { AwsError } from './errors.js';
import { joinTrial, recordJob, recordPipelineStep, recordPipelineTrial } from './lineage/record.js';
import { createModelPackageGroup } from './operations/model-package-groups.js';
import { createModelPackage } from './operations/model-packages.js';

export interface EngineHostOptions {
  readonly home: string;
  readonly runtimes?: Partial<Runtimes>;
  /** Credentials for the local service that each job gets while it runs. */
  readonly access?: JobAccess;
  /** Where per-image Python environments live (default $SLUICE_ENVS_DIR, else <home>/envs). */
  readonly envsDir?: string;
  /** Between SIGTERM and SIGKILL when a job is stopped. */
  readonly stopGraceMs?: number;
  /** MaxParallelExecutionSteps when neither the pipeline nor the execution sets it. */
  readonly defaultParallelism?: number;
  /** Where the service says what went wrong outside any request. */
  readonly log: (message: string) => void;
}

/** The project's python: $SLUICE_PYTHON, else the repository's .venv, else python3 on PATH. */
function projectPython(): string {
  const fromEnv = process.env['SLUICE_PYTHON'];
  if (fromEnv) return fromEnv;
  const repoVenv = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.venv', 'bin', 'python');
  return existsSync(repoVenv) ? repoVenv : 'python3';
}

export class EngineHost {
  private readonly running = new Map<string, { execution: Execution; done: Promise<unknown> }>();
  private readonly callbacks = new Map<string, { wait: CallbackWait; answer: (answer: CallbackAnswer) => void }>();
  /** Lambda handlers: `<home>/lambda/<function name>.mjs` (or .js), exporting `handler(event)`. */
  readonly lambdaDir: string;
  readonly integrations: StepIntegrations;
  private closing = false;
  /** Transform jobs made by CreateTransformJob, stopped when the service closes. */
  private readonly transforms = new Set<AbortController>();
  /** Training, processing and tuning jobs created by name, running: `<kind>/<name>` → what stops them. */
  private readonly standalone = new Map<string, AbortController>();
  readonly artifacts: ArtifactStore;
  readonly jobsDir: string;
  readonly defaultParallelism: number;
  /** The interpreters jobs and model servers run with. */
  readonly runtimes: Runtimes;
  /** The Python environments that stand in for container images, created on first use. */
  readonly environments: ImageEnvironments;
  private readonly services: EngineServices;
  private readonly log: (message: string) => void;

  constructor(
    private readonly context: OperationContext,
    options: EngineHostOptions,
  ) {
    this.artifacts = new ArtifactStore(join(options.home, 's3'));
    this.jobsDir = join(options.home, 'jobs');
    this.defaultParallelism = options.defaultParallelism ?? 50;
    this.log = options.log;
    this.lambdaDir = join(options.home, 'lambda');
    this.integrations = {
      waitForCallback: (wait) => new Promise((answer) => this.callbacks.set(wait.token, { wait, answer })),
      lambdaHandler: (functionArn) => {
        const name = functionArn.split(':').pop() ?? '';
        if (!/^[A-Za-z0-9_-]+$/.test(name)) return undefined;
        return ['.mjs', '.js', '.cjs'].map((extension) => join(this.lambdaDir, `${name}${extension}`)).find((file) => existsSync(file));
      },
      model: (name) => {
        const model = context.store.jobs.get('Model', name);
        return model === undefined ? undefined : (JSON.parse(model.document) as JsonObject);
      },
    };
    const store = context.store;
    this.runtimes = {
      python: options.runtimes?.python ?? projectPython(),
      node: options.runtimes?.node ?? process.execPath,
      access: options.access ?? options.runtimes?.access,
      // Jobs see nothing of the home (database, credentials, artifacts, other jobs) but its environments, read-only;
      // SLUICE_JOB_WRITABLE names host folders every job may write (a shared scratch folder).
      sandbox: {
        hide: [options.home, ...(options.runtimes?.sandbox?.hide ?? [])],
        readOnly: [environmentsDir(options), homePaths(options.home).jobFiles, ...(options.runtimes?.sandbox?.readOnly ?? [])],
        writable: [...(process.env['SLUICE_JOB_WRITABLE'] ?? '').split(':').filter((path) => path !== ''), ...(options.runtimes?.sandbox?.writable ?? [])],
      },
      limits: options.runtimes?.limits,
    };
    // Read at start: a user's SLUICE_HOME/images.json maps more images to local runtimes and environments.
    const imageRules = loadImageRules(join(options.home, 'images.json'));
    this.environments = new ImageEnvironments(
      new EnvironmentStore({ dir: environmentsDir(options), confine: sandboxedInstalls(this.runtimes.sandbox) }),
      imageRules,
    );
    this.services = {
      artifacts: this.artifacts,
      jobsDir: this.jobsDir,
      runtimes: this.runtimes,
      region: context.scope.region,
      account: context.scope.account,
      stopGraceMs: options.stopGraceMs ?? 10000,
      recorder: {
        saveJob: (kind, name, document) => this.saveJob(kind, name, document, String(document[`${kind}Arn`]), String(document[`${kind}Status`])),
        saveModel: (name, document) => this.saveJob('Model', name, document, String(document.ModelArn), null),
        saveMetrics: (name, series) => {
          if (!this.closing) this.context.store.trainingMetrics.put(name, series);
        },
      },
      registry: { registerModelPackage: (request) => this.registerModelPackage(request) },
      integrations: this.integrations,
      imageRules,
      environments: this.environments,
      cache: {
        find: (pipelineName, stepName, key, notBefore) => {
          const hit = store.executions.findCached(pipelineName, stepName, key, notBefore);
          if (hit === undefined) return undefined;
          const record = JSON.parse(hit.record) as StepRecord;
          return { executionArn: hit.executionArn, properties: record.properties ?? {}, metadata: record.metadata };
        },
        latest: (pipelineName, stepName) => {
          const row = store.executions.latestKeyed(pipelineName, stepName);
          if (row === undefined) return undefined;
          const record = JSON.parse(row.record) as StepRecord;
          return { executionArn: row.executionArn, cacheKey: record.cacheKey ?? '', keyAttributes: record.keyAttributes };
        },
      },
    };
  }

  isRunning(arn: string): boolean {
    return this.running.has(arn);
  }

  /** Starts (or continues) an execution in the background; its progress goes to the store. */
  launch(execution: ExecutionRecord, definition: string, pipelineArn: string, succeededSteps: StepRecord[] = []): void {
    const store = this.context.store;
    const engine = new Execution(
      {
        definition,
        executionId: execution.id,
        executionArn: execution.arn,
        pipelineName: execution.pipelineName,
        pipelineArn,
        parameters: JSON.parse(execution.parameters) as JsonObject,
        startTime: execution.createdAt,
        maxParallelSteps: execution.maxParallelSteps ?? this.defaultParallelism,
        succeededSteps,
        selectedSteps: selectedStepsOf(execution),
      },
      this.services,
      {
        onStep: (record) => {
          if (this.closing) return;
          store.executions.putStep(execution.arn, record, JSON.stringify(record));
          // A reused step's job belongs to the execution that ran it.
          if (record.cacheHit === undefined && record.selectiveSource === undefined) {
            for (const [kind, job] of Object.entries(record.metadata)) {
              const jobArn = (job as { Arn?: unknown } | null)?.Arn;
              if (typeof jobArn === 'string') {
                const jobName = jobArn.slice(jobArn.lastIndexOf('/') + 1);
                this.recordLineage(`${kind} ${jobName}`, () => {
                  recordPipelineStep(this.context, kind, jobName, execution.arn, record.name);
                  joinTrial(this.context, kind, jobName, experiment?.TrialName);
                });
              }
            }
          }
        },
        onExecution: (update) => {
          if (this.closing) return;
          store.executions.update(
            execution.arn,
            { status: update.status, failureReason: update.failureReason ?? null, endedAt: update.endTime ?? null },
            this.context.now(),
          );
        },
      },
    );
    // The execution's experiment and trial (PipelineExperimentConfig), for DescribePipelineExecution and its jobs.
    const experiment = engine.experimentConfig;
    store.executions.setExperimentConfig(execution.arn, JSON.stringify(experiment ?? null));
    if (experiment !== undefined) this.recordLineage(`the experiment of ${execution.arn}`, () => recordPipelineTrial(this.context, experiment));
    const done = engine
      .run()
      .catch((error: unknown) => {
        if (this.closing) return;
        store.executions.update(
          execution.arn,
          { status: 'Failed', failureReason: `The engine failed: ${error instanceof Error ? error.message : error}`, endedAt: this.context.now() },
          this.context.now(),
        );
      })
      .finally(() => this.running.delete(execution.arn));
    this.running.set(execution.arn, { execution: engine, done });
  }

  /** CreateTransformJob: runs in the background; its record goes from InProgress to Completed or Failed. */
  startTransformJob(request: JsonObject, name: string, arn: string): void {
    const startedAt = Date.now() / 1000;
    const summary: JsonObject = { TransformJobName: name, TransformJobArn: arn, ...transformRequestOf(request), CreationTime: startedAt };
    this.saveJob('TransformJob', name, { ...summary, TransformJobStatus: 'InProgress', TransformStartTime: startedAt }, arn, 'InProgress');
    const stopping = new AbortController();
    this.transforms.add(stopping);
    const services = this.services;
    void runTransform(
      request,
      { name, arn },
      { ...services, environments: this.environments, onProcess: () => undefined, signal: stopping.signal, model: this.integrations.model },
    )
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.saveJob(
          'TransformJob',
          name,
          { ...summary, TransformJobStatus: 'Failed', FailureReason: reason, TransformStartTime: startedAt, TransformEndTime: Date.now() / 1000 },
          arn,
          'Failed',
        );
      })
      .finally(() => this.transforms.delete(stopping));
  }

  /**
   * CreateTrainingJob, CreateProcessingJob, CreateHyperParameterTuningJob: the job runs in the background with its
   * own name. It is InProgress at once (a client describes it as soon as it is created), and Failed with the reason
   * if it fails before its runner records an end.
   */
  startJob(kind: StandaloneKind, request: JsonObject, name: string, arn: string): void {
    const job = standaloneJobs[kind];
    const times = jobTimeMembers[job];
    const createdAt = Date.now() / 1000;
    const { Tags: _tags, ...echoed } = request;
    const summary: JsonObject = { ...echoed, [`${job}Arn`]: arn, CreationTime: createdAt };
    const starting: JsonObject = {
      ...(times.start === undefined ? {} : { [times.start]: createdAt }),
      ...(kind === 'Training' ? { SecondaryStatus: 'Starting' } : {}),
    };
    this.saveJob(job, name, { ...summary, [`${job}Status`]: 'InProgress', ...starting }, arn, 'InProgress');
    const stopping = new AbortController();
    const key = `${kind}/${name}`;
    this.standalone.set(key, stopping);
    void runStandaloneJob(kind, request, name, this.services, { signal: stopping.signal, onProcess: () => undefined })
      .catch((error: unknown) => {
        if (this.context.store.jobs.get(job, name)?.status !== 'InProgress') return;
        const reason = error instanceof Error ? error.message : String(error);
        this.saveJob(job, name, failedJobDocument(job, { ...summary, ...starting }, reason, Date.now() / 1000), arn, 'Failed');
      })
      .finally(() => this.standalone.delete(key));
  }

  /** StopTrainingJob, StopProcessingJob, StopHyperParameterTuningJob; false when the job is not running here. */
  stopJob(kind: StandaloneKind, name: string): boolean {
    const stopping = this.standalone.get(`${kind}/${name}`);
    stopping?.abort();
    return stopping !== undefined;
  }

  /** Callback steps waiting for an answer. */
  pendingCallbacks(): CallbackWait[] {
    return [...this.callbacks.values()].map((entry) => entry.wait);
  }

  /** Answers a waiting Callback step; false when no step waits for that token. */
  answerCallback(token: string, answer: CallbackAnswer): boolean {
    const entry = this.callbacks.get(token);
    if (entry === undefined) return false;
    this.callbacks.delete(token);
    entry.answer(answer);
    return true;
  }

  /** Asks a running execution to stop; false when it is not running here. */
  stop(arn: string): boolean {
    const entry = this.running.get(arn);
    if (entry === undefined) return false;
    entry.execution.stop();
    return true;
  }

  /**
   * Continues what a previous service left running: their job processes are killed first (they may
   * still be alive after a crash), succeeded steps are kept, the rest run again.
   */
  resumeUnfinished(): void {
    const store = this.context.store;
    this.endOrphanedJobs();
    for (const execution of store.executions.unfinished()) {
      const steps = store.executions.steps(execution.arn).map((text) => JSON.parse(text) as StepRecord);
      for (const step of steps) if (step.pid !== undefined) killGroup(step.pid);
      const unfinished = steps.filter((step) => step.status !== 'Succeeded');
      if (execution.status === 'Stopping') {
        store.transaction(() => {
          for (const step of unfinished)
            store.executions.putStep(execution.arn, step, JSON.stringify({ ...step, status: 'Stopped', endTime: this.context.now(), pid: undefined }));
          store.executions.update(execution.arn, { status: 'Stopped', endedAt: this.context.now() }, this.context.now());
        });
        continue;
      }
      const version = store.pipelines.version(execution.pipelineName, execution.pipelineVersion);
      const pipeline = store.pipelines.get(execution.pipelineName);
      if (version === undefined || pipeline === undefined) continue;
      store.executions.deleteSteps(
        execution.arn,
        unfinished.map((step) => step.name),
      );
      this.launch(
        execution,
        version.definition,
        pipeline.arn,
        steps.filter((step) => step.status === 'Succeeded'),
      );
    }
  }

  /**
   * No job runs when a service starts: jobs run in the service's own processes. One a previous service left
   * InProgress ended with it (a resumed execution runs its step again, as a new job), and says so.
   */
  private endOrphanedJobs(): void {
    const reason = 'The service stopped while the job ran; a job runs only while the service that started it does.';
    for (const kind of Object.keys(jobTimeMembers) as RecordedJob[]) {
      for (const job of this.context.store.jobs.list({ kind, status: 'InProgress', offset: 0, limit: 100000, descending: false })) {
        const document = JSON.parse(job.document) as JsonObject;
        this.saveJob(kind, job.name, failedJobDocument(kind, document, reason, this.context.now() / 1000), job.arn, 'Failed');
      }
    }
  }

  /** What starting this definition now would run and reuse (SluiceLocal.PlanPipelineExecution). */
  plan(definition: string, pipelineName: string, pipelineArn: string, parameters: JsonObject): PlannedStep[] {
    return planExecution({
      definition,
      pipelineName,
      pipelineArn,
      parameters,
      cache: this.services.cache,
      readJson: (uri) => this.artifacts.readJson(uri) as Json,
      now: Date.now(),
    });
  }

  /** Ends the jobs of running executions without recording them as stopped: the next start resumes them. */
  async close(): Promise<void> {
    this.closing = true;
    for (const transform of this.transforms) transform.abort();
    for (const job of this.standalone.values()) job.abort();
    // Waiting callbacks are asked again when the execution resumes.
    for (const entry of this.callbacks.values()) entry.answer({ outcome: 'failure', reason: 'the service stopped' });
    this.callbacks.clear();
    const store = this.context.store;
    for (const arn of this.running.keys()) {
      for (const text of store.executions.steps(arn)) {
        const step = JSON.parse(text) as StepRecord;
        if (step.pid !== undefined) killGroup(step.pid);
      }
    }
    await Promise.allSettled([...this.running.values()].map((entry) => entry.done));
    closeWaitingSandboxes(this.jobsDir);
  }

  private saveJob(kind: JobKind, name: string, document: JsonObject, arn: string, status: string | null): void {
    if (this.closing) return;
    // The document's own CreationTime (epoch seconds) when it has one, so that Describe and List agree.
    const createdAt = typeof document.CreationTime === 'number' ? Math.round(document.CreationTime * 1000) : this.context.now();
    // Each save of a job changes it: its Describe gives when, where it has the member (the Python SDK prints a
    // training job's status changes with it).
    const modified = kind === 'Model' ? undefined : jobTimeMembers[kind].modified;
    const saved = modified === undefined ? document : { ...document, [modified]: this.context.now() / 1000 };
    this.context.store.jobs.put({ kind, name, arn, status, document: JSON.stringify(saved), createdAt });
    this.recordLineage(`${kind} ${name}`, () => recordJob(this.context, kind, saved));
  }

  /**
   * Lineage the engine's steps make (a job's trial component and its artifacts), recorded once the step's own work
   * is done: on a chain of steps, the next job then starts without waiting for it (store/lineage.ts, `later`).
   */
  private recordLineage(what: string, work: () => void): void {
    this.context.store.lineage.later(work, (error) =>
      this.log(`sluice service: the lineage of ${what} was not recorded: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** RegisterModel as CreateModelPackage does it, creating the group on first use. */
  private registerModelPackage(request: JsonObject): { arn: string; version: number; groupName: string } {
    const groupName = String(request.ModelPackageGroupName ?? '');
    try {
      if (this.context.store.modelRegistry.group(groupName) === undefined) {
        createModelPackageGroup({ ModelPackageGroupName: groupName, ModelPackageGroupDescription: 'Created by a pipeline RegisterModel step' }, this.context);
      }
      const { ModelPackageArn } = createModelPackage(request, this.context) as CreateModelPackageOutput;
      const created = this.context.store.modelRegistry.package(String(ModelPackageArn));
      return { arn: String(ModelPackageArn), version: created?.version ?? 0, groupName: created?.groupName ?? groupName };
    } catch (error) {
      throw new Error(error instanceof AwsError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error));
    }
  }
}

function selectedStepsOf(execution: ExecutionRecord): Set<string> | undefined {
  if (execution.selectiveConfig === null) return undefined;
  const config = JSON.parse(execution.selectiveConfig) as { SelectedSteps?: { StepName?: string }[] };
  return new Set((config.SelectedSteps ?? []).map((step) => step.StepName ?? ''));
}

function killGroup(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
