// Runs pipelines built with the SDK on the local engine, with in-memory stand-ins for the service's store.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArtifactStore,
  defaultImageRules,
  Execution,
  planExecution,
  resolveParameters,
  parseDefinition,
  type ExecutionStatus,
  type Json,
  type JsonObject,
  type MetricSeries,
  type StepCache,
  type StepRecord,
} from '../../kernel-lib/src/engine/index.js';
import type { Pipeline } from '../../kernel-lib/src/index.js';
import type { PlannedStep } from '../../kernel-lib/src/definition/run-reasons.js';
import { venvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

export interface EngineRun {
  status: ExecutionStatus;
  failureReason?: string;
  steps: Map<string, StepRecord>;
  /** Every step update, in order. */
  updates: StepRecord[];
  executionArn: string;
}

/** One SLUICE_HOME-like folder shared by the runs of a test file: artifacts, jobs, registry, cache. */
export class EngineHome {
  readonly root = makeTestWorkspace('engine');
  readonly artifacts = new ArtifactStore(join(this.root, 's3'));
  readonly jobsDir = join(this.root, 'jobs');
  /** The one host folder jobs may write outside their /opt/ml (tests leave markers there). */
  readonly scratch = join(this.root, 'scratch');
  readonly jobs = new Map<string, JsonObject>();
  /** Training jobs' metric series, by job name. */
  readonly metrics = new Map<string, readonly MetricSeries[]>();
  readonly packages: JsonObject[] = [];
  readonly history: { pipelineName: string; executionArn: string; record: StepRecord }[] = [];
  private counter = 0;
  /** The cache the engine reads, over this home's history: as the service's store answers it. */
  readonly cache: StepCache = {
    find: (pipelineName, stepName, key, notBefore) => {
      const hit = [...this.history]
        .reverse()
        .find(
          (h) =>
            h.pipelineName === pipelineName &&
            h.record.name === stepName &&
            h.record.cacheKey === key &&
            h.record.status === 'Succeeded' &&
            !h.record.cacheHit &&
            h.record.startTime >= notBefore,
        );
      return hit && { executionArn: hit.executionArn, properties: hit.record.properties ?? {}, metadata: hit.record.metadata };
    },
    latest: (pipelineName, stepName) => {
      const last = [...this.history].reverse().find((h) => h.pipelineName === pipelineName && h.record.name === stepName && h.record.cacheKey !== undefined);
      return last && { executionArn: last.executionArn, cacheKey: last.record.cacheKey ?? '', keyAttributes: last.record.keyAttributes };
    },
  };

  /** What running the pipeline now would reuse and run, and why: the engine's plan over this home's cache. */
  plan(pipeline: Pipeline, parameters?: { Name: string; Value: string }[]): PlannedStep[] {
    const definition = pipeline.definition();
    return planExecution({
      definition,
      pipelineName: pipeline.name,
      pipelineArn: `arn:aws:sagemaker:us-east-1:000000000000:pipeline/${pipeline.name.toLowerCase()}`,
      parameters: resolveParameters(parseDefinition(definition), parameters),
      cache: this.cache,
      readJson: (uri) => this.artifacts.readJson(uri) as Json,
      now: Date.now(),
    });
  }

  /** Uploads the pipeline's code, then runs it to the end (or until `whileRunning` stops it). */
  async run(
    pipeline: Pipeline,
    options: {
      parameters?: { Name: string; Value: string }[];
      maxParallelSteps?: number;
      whileRunning?: (execution: Execution, updates: StepRecord[]) => void;
      succeededSteps?: StepRecord[];
      executionArn?: string;
    } = {},
  ): Promise<EngineRun> {
    for (const asset of pipeline.codeAssets()) this.artifacts.putObject(asset.s3Uri, asset.body);
    mkdirSync(this.scratch, { recursive: true });
    const definition = pipeline.definition();
    const executionId = `exec${++this.counter}`.padEnd(12, '0');
    const executionArn = options.executionArn ?? `arn:aws:sagemaker:us-east-1:000000000000:pipeline/${pipeline.name.toLowerCase()}/execution/${executionId}`;
    const updates: StepRecord[] = [];
    const steps = new Map<string, StepRecord>();
    let final: { status: ExecutionStatus; failureReason?: string } = { status: 'Executing' };
    const execution = new Execution(
      {
        definition,
        executionId,
        executionArn,
        pipelineName: pipeline.name,
        pipelineArn: `arn:aws:sagemaker:us-east-1:000000000000:pipeline/${pipeline.name.toLowerCase()}`,
        parameters: resolveParameters(parseDefinition(definition), options.parameters),
        startTime: Date.now(),
        maxParallelSteps: options.maxParallelSteps ?? 4,
        succeededSteps: options.succeededSteps,
      },
      {
        artifacts: this.artifacts,
        jobsDir: this.jobsDir,
        runtimes: { python: venvPython, node: process.execPath, sandbox: { hide: [], readOnly: [], writable: [this.scratch] } },
        recorder: {
          saveJob: (_kind, name, document) => this.jobs.set(name, document),
          saveModel: (name, document) => this.jobs.set(name, document),
          saveMetrics: (name, series) => this.metrics.set(name, series),
        },
        registry: {
          registerModelPackage: (request) => {
            this.packages.push(request);
            const groupName = String(request.ModelPackageGroupName);
            const version = this.packages.filter((p) => p.ModelPackageGroupName === groupName).length;
            return { arn: `arn:aws:sagemaker:us-east-1:000000000000:model-package/${groupName.toLowerCase()}/${version}`, version, groupName };
          },
        },
        cache: this.cache,
        region: 'us-east-1',
        account: '000000000000',
        stopGraceMs: 2000,
        imageRules: defaultImageRules,
        integrations: {
          waitForCallback: () => Promise.resolve({ outcome: 'failure', reason: 'no callbacks in engine tests' }),
          lambdaHandler: () => undefined,
          model: (name) => this.jobs.get(name),
        },
      },
      {
        onStep: (record) => {
          updates.push({ ...record });
          steps.set(record.name, { ...record });
          if (record.status === 'Succeeded') this.history.push({ pipelineName: pipeline.name, executionArn, record: { ...record } });
        },
        onExecution: (update) => {
          final = update;
        },
      },
    );
    const done = execution.run();
    options.whileRunning?.(execution, updates);
    await done;
    return { ...final, steps, updates, executionArn } as EngineRun;
  }
}

/** Writes step code files into a fresh folder and returns their paths. */
export function codeFiles(files: Record<string, string>): Record<string, string> {
  const folder = mkdtempSync(join(makeTestWorkspace('engine-code'), 'src-'));
  mkdirSync(folder, { recursive: true });
  return Object.fromEntries(
    Object.entries(files).map(([name, text]) => {
      writeFileSync(join(folder, name), text);
      return [name, join(folder, name)];
    }),
  );
}
