/**
 * Runs one pipeline execution: starts each step when what it depends on has succeeded, up to
 * MaxParallelExecutionSteps at once; skips the branch a condition did not take and everything below it;
 * after a failure starts nothing new and lets running steps finish; applies caching and retry policies;
 * and stops running jobs on request. It knows nothing of HTTP or SQL: it reports to a listener.
 */
import type { ArtifactStore } from './artifacts.js';
import { decideCaching, type StepCache } from './cache-decision.js';
import { parseDefinition, type Json, type PipelineDefinition, type StepDefinition } from './definition.js';
import { resolveValue, type ResolveScope } from './expressions.js';
import { buildGraph, type GraphNode } from './graph.js';
import type { Runtimes } from './jobs/host-process.js';
import type { ImageRule } from './runtimes.js';
import type { ImageEnvironments } from './environments/image-environments.js';
import { policyFor, retryDelayMs } from './policies.js';
import type { ExecutionListener, ExecutionStatus, StepRecord } from './records.js';
import { runners, sageMakerOnly } from './runners/index.js';
import { StepFailure, type JobRecorder, type ModelRegistryPort, type StepIntegrations } from './runners/types.js';

export type { CachedRun, PreviousRun, StepCache } from './cache-decision.js';

/** What the engine needs from its host (the service). */
export interface EngineServices {
  readonly artifacts: ArtifactStore;
  readonly jobsDir: string;
  readonly runtimes: Runtimes;
  readonly recorder: JobRecorder;
  readonly registry: ModelRegistryPort;
  readonly cache: StepCache;
  readonly region: string;
  readonly account: string;
  /** How long a stopped job gets between SIGTERM and SIGKILL. */
  readonly stopGraceMs: number;
  readonly integrations: StepIntegrations;
  readonly imageRules: readonly ImageRule[];
  /** Per-image Python environments, created on first use. */
  readonly environments?: ImageEnvironments;
}

export interface ExecutionOptions {
  readonly definition: string;
  readonly executionId: string;
  readonly executionArn: string;
  readonly pipelineName: string;
  readonly pipelineArn: string;
  readonly parameters: Readonly<Record<string, Json>>;
  /** Epoch milliseconds. */
  readonly startTime: number;
  readonly maxParallelSteps: number;
  /** Steps that already succeeded (a retried or resumed execution); they are kept, not run again. */
  readonly succeededSteps?: readonly StepRecord[];
  /** A selective execution runs only these steps; the others it needs are among succeededSteps. */
  readonly selectedSteps?: ReadonlySet<string>;
}

/** Why a definition cannot run here, or undefined when it can. */
export function unsupportedSteps(definitionText: string, integrations?: Pick<StepIntegrations, 'lambdaHandler'>): string | undefined {
  const graph = buildGraph(parseDefinition(definitionText));
  const problems: string[] = [];
  for (const node of graph.values()) {
    const type = node.definition.Type;
    if (sageMakerOnly.has(type)) problems.push(`step "${node.name}" is a ${type} step, which runs only on Amazon SageMaker`);
    else if (!(type in runners)) problems.push(`step "${node.name}" is a ${type} step, which this machine does not run yet`);
    else if (type === 'Tuning' && JSON.stringify(node.definition.Arguments ?? {}).includes('"TrainingJobEarlyStoppingType":"Auto"')) {
      problems.push(`Tuning step "${node.name}" asks for early stopping (Auto), which runs only on Amazon SageMaker; set it Off to tune here`);
    } else if (type === 'Lambda' && integrations?.lambdaHandler(String(node.definition.FunctionArn)) === undefined) {
      problems.push(`Lambda step "${node.name}" calls ${String(node.definition.FunctionArn)}, which has no local handler (see "Lambda steps" in the README)`);
    }
  }
  return problems.length > 0 ? `${problems.join('; ')}. Run this pipeline on Amazon SageMaker with an AWS session.` : undefined;
}

export class Execution {
  private readonly definition: PipelineDefinition;
  private readonly graph: Map<string, GraphNode>;
  private readonly records = new Map<string, StepRecord>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopController = new AbortController();
  private failure: string | undefined;
  private stopRequested = false;
  private readonly experiment: Record<string, Json> | null;

  constructor(
    private readonly options: ExecutionOptions,
    private readonly services: EngineServices,
    private readonly listener: ExecutionListener,
  ) {
    this.definition = parseDefinition(options.definition);
    this.graph = buildGraph(this.definition);
    for (const record of options.succeededSteps ?? []) if (record.status === 'Succeeded') this.records.set(record.name, record);
    const config = this.definition.PipelineExperimentConfig;
    this.experiment = config ? { ExperimentName: this.resolve(config.ExperimentName), TrialName: this.resolve(config.TrialName) } : null;
  }

  /** The experiment and trial the definition's PipelineExperimentConfig names for this execution, when it has one. */
  get experimentConfig(): { ExperimentName: string; TrialName: string } | undefined {
    const { ExperimentName, TrialName } = this.experiment ?? {};
    return typeof ExperimentName === 'string' && typeof TrialName === 'string' ? { ExperimentName, TrialName } : undefined;
  }

  /** Asks running steps to stop; the execution ends Stopped once they have. */
  stop(): void {
    if (this.stopRequested) return;
    this.stopRequested = true;
    this.listener.onExecution({ status: 'Stopping' });
    for (const record of this.records.values()) {
      if (record.status === 'Starting' || record.status === 'Executing') this.update(record, { status: 'Stopping' });
    }
    this.stopController.abort();
  }

  async run(): Promise<ExecutionStatus> {
    this.listener.onExecution({ status: 'Executing' });
    for (;;) {
      if (!this.halted()) {
        for (const node of this.readySteps()) {
          if (this.running.size >= this.options.maxParallelSteps) break;
          this.running.set(
            node.name,
            this.runStep(node).finally(() => this.running.delete(node.name)),
          );
        }
      }
      if (this.running.size === 0) break;
      await Promise.race(this.running.values());
    }
    const status: ExecutionStatus = this.stopRequested ? 'Stopped' : this.failure !== undefined ? 'Failed' : 'Succeeded';
    this.listener.onExecution({ status, failureReason: status === 'Failed' ? this.failure : undefined, endTime: Date.now() });
    return status;
  }

  private halted(): boolean {
    return this.stopRequested || this.failure !== undefined;
  }

  /** Steps not yet run whose dependencies succeeded and whose branch, if any, was taken. */
  private readySteps(): GraphNode[] {
    const ready: GraphNode[] = [];
    for (const node of this.graph.values()) {
      if (this.records.has(node.name) || this.running.has(node.name)) continue;
      if (this.options.selectedSteps !== undefined && !this.options.selectedSteps.has(node.name)) continue;
      const dependenciesDone = [...node.dependencies].every((dependency) => this.records.get(dependency)?.status === 'Succeeded');
      if (!dependenciesDone) continue;
      if (node.branchOf) {
        const condition = this.records.get(node.branchOf.condition);
        if (condition?.properties?.Outcome !== (node.branchOf.outcome === 'true' ? 'True' : 'False')) continue;
      }
      ready.push(node);
    }
    return ready;
  }

  private update(record: StepRecord, changes: Partial<StepRecord>): void {
    Object.assign(record, changes);
    this.listener.onStep({ ...record });
  }

  private async runStep(node: GraphNode): Promise<void> {
    const step = node.definition;
    const record: StepRecord = {
      name: step.Name,
      type: step.Type,
      displayName: step.DisplayName,
      description: step.Description,
      status: 'Starting',
      startTime: Date.now(),
      attemptCount: 1,
      metadata: {},
    };
    this.records.set(step.Name, record);
    this.listener.onStep({ ...record });
    try {
      const resolved = step.Type === 'Condition' ? null : this.resolve((step.Arguments ?? null) as Json, step);
      if (this.tryCache(step, resolved, record)) return;
      this.update(record, { status: 'Executing' });
      await this.attempt(step, resolved, record);
    } catch (error) {
      const failure = error instanceof StepFailure ? error : new StepFailure(error instanceof Error ? error.message : String(error));
      const stopped = this.stopRequested;
      this.update(record, {
        status: stopped ? 'Stopped' : 'Failed',
        endTime: Date.now(),
        failureReason: failure.message,
        metadata: { ...record.metadata, ...failure.metadata },
        pid: undefined,
      });
      if (!stopped && this.failure === undefined) {
        this.failure = step.Type === 'Fail' ? failure.message : `Step "${step.Name}" failed: ${failure.message}`;
      }
    }
  }

  /** Runs the step, again after each retryable failure its retry policies allow. */
  private async attempt(step: StepDefinition, resolved: Json, record: StepRecord): Promise<void> {
    const runner = runners[step.Type];
    const firstStart = Date.now();
    for (;;) {
      try {
        const result = await runner.run(step, resolved, {
          stepName: step.Name,
          executionId: this.options.executionId,
          executionArn: this.options.executionArn,
          pipelineName: this.options.pipelineName,
          region: this.services.region,
          account: this.services.account,
          attempt: record.attemptCount,
          scope: this.scope(),
          artifacts: this.services.artifacts,
          jobsDir: this.services.jobsDir,
          runtimes: this.services.runtimes,
          signal: this.stopController.signal,
          stopGraceMs: this.services.stopGraceMs,
          recorder: this.services.recorder,
          registry: this.services.registry,
          onProcess: (pid) => this.update(record, { pid }),
          onMetadata: (metadata) => this.update(record, { metadata: { ...record.metadata, ...metadata } }),
          integrations: this.services.integrations,
          imageRules: this.services.imageRules,
          environments: this.services.environments,
        });
        this.update(record, {
          status: 'Succeeded',
          endTime: Date.now(),
          properties: result.properties,
          metadata: result.metadata,
          ...(result.conditionEvaluations ? { conditionEvaluations: result.conditionEvaluations } : {}),
          pid: undefined,
          cacheKey: record.cacheKey,
        });
        return;
      } catch (error) {
        if (!(error instanceof StepFailure) || this.halted()) throw error;
        const policy = policyFor(step.RetryPolicies, error.kind);
        const delay = policy && retryDelayMs(policy, record.attemptCount + 1, firstStart, Date.now());
        if (delay === undefined || delay === null) throw error;
        await this.sleep(delay);
        if (this.halted()) throw error;
        this.update(record, { attemptCount: record.attemptCount + 1, metadata: { ...record.metadata, ...error.metadata }, pid: undefined });
      }
    }
  }

  /** Reuses an earlier successful run when the step's CacheConfig allows; true when it did. Otherwise notes why the step runs. */
  private tryCache(step: StepDefinition, resolved: Json, record: StepRecord): boolean {
    const decision = decideCaching(step, resolved, { cache: this.services.cache, pipelineName: this.options.pipelineName, now: Date.now() });
    if (decision.cacheKey === undefined) return false;
    record.cacheKey = decision.cacheKey;
    record.keyAttributes = decision.keyAttributes;
    if (decision.hit === undefined) {
      record.runReason = decision.reason;
      return false;
    }
    this.update(record, {
      status: 'Succeeded',
      endTime: Date.now(),
      properties: decision.hit.properties,
      metadata: decision.hit.metadata,
      cacheHit: { sourceExecutionArn: decision.hit.executionArn },
    });
    return true;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopController.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private scope(): ResolveScope {
    const o = this.options;
    return {
      parameters: o.parameters,
      execution: {
        PipelineExecutionId: o.executionId,
        PipelineExecutionArn: o.executionArn,
        PipelineName: o.pipelineName,
        PipelineArn: o.pipelineArn,
        StartDateTime: new Date(o.startTime).toISOString(),
        CurrentDateTime: new Date().toISOString(),
      },
      experiment: this.experiment,
      stepProperties: (name) => {
        const record = this.records.get(name);
        return record?.status === 'Succeeded' ? record.properties : undefined;
      },
      propertyFiles: (name) => this.graph.get(name)?.definition.PropertyFiles ?? [],
      readJson: (uri) => this.services.artifacts.readJson(uri) as Json,
    };
  }

  private resolve(value: Json, step?: StepDefinition): Json {
    try {
      return resolveValue(value, this.scope());
    } catch (error) {
      const where = step ? `step "${step.Name}": ` : '';
      throw new StepFailure(`${where}${error instanceof Error ? error.message : error}`);
    }
  }
}
