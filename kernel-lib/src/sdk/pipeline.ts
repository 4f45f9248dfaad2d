/** Pipeline: the definition JSON (schema 2020-12-01) byte for byte as the Python SDK v2 writes it. */
import { ExecutionVariables, toJson, type Value } from './expressions.js';
import { JsonSyntaxError, member, PyFloat, pyJsonDumps, pyJsonLoads, type JsonValue } from './json.js';
import { ParameterBoolean, ParameterFloat, ParameterInteger, ParameterString, type AnyParameter } from './parameters.js';
import type { PipelineExecutionSummary } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../session/execution.js';
import {
  deletePipeline,
  listPipelineExecutions,
  startPipeline,
  upsertPipeline,
  type StartOptions,
  type UpsertOptions,
  type UpsertResult,
} from '../session/pipeline-actions.js';
import type { Session } from '../session/session.js';
import { runSelectedSteps, type RunStepsOptions } from '../session/run-steps.js';
import { planPipeline, type ExecutionPlan, type PlanOptions } from '../session/plan.js';
import {
  deletePipelineSchedule,
  deletePipelineTrigger,
  listPipelineSchedules,
  schedulePipeline,
  triggerPipeline,
  type PipelineSchedule,
  type PipelineScheduleOptions,
  type PipelineTriggerOptions,
} from '../session/schedules.js';
import type { CodeAsset } from './code.js';
import { unlistedReferencedSteps } from './referenced-steps.js';
import { writeDesignerFile, type DesignerFile } from './designer-file.js';
import { RawStep } from './steps/raw.js';
import { stepOf, type StepResult } from './function-steps/function-step.js';
import type { CompileContext, Step } from './steps/step.js';
import { definitionWarnings, PipelineDefinitionError, validateDefinition } from './validation.js';
import { checkOptionKeys, optionKeys } from './options.js';

/** Names the experiment and trial the service records runs under; the default is the pipeline name and execution id. */
export class PipelineExperimentConfig {
  readonly experimentName: Value;
  readonly trialName: Value;
  constructor(options: { experimentName: Value; trialName: Value }) {
    this.experimentName = options.experimentName;
    this.trialName = options.trialName;
  }
  toJsonValue(): JsonValue {
    return { ExperimentName: toJson(this.experimentName), TrialName: toJson(this.trialName) };
  }
}

/**
 * The `PipelineExperimentConfig` a pipeline gets unless told otherwise, as in the Python SDK: the experiment is the
 * pipeline's name and the trial the execution's id.
 */
export const defaultExperimentConfig = new PipelineExperimentConfig({
  experimentName: ExecutionVariables.PipelineName,
  trialName: ExecutionVariables.PipelineExecutionId,
});

/** The options of a {@link Pipeline}: what CreatePipeline's definition holds. */
export interface PipelineOptions {
  /** The pipeline's name (`PipelineName` of CreatePipeline): up to 256 characters, letters, digits and hyphens. */
  name: string;
  /** The definition's `Parameters`: the values an execution can be started with. */
  parameters?: readonly AnyParameter[];
  /**
   * The definition's `Steps`. A step that a listed one reads from or depends on is added when it is not listed, as the
   * Python SDK adds it; a condition's branches are written inside the condition step.
   */
  steps: readonly (Step | StepResult)[];
  /** `null` writes `"PipelineExperimentConfig": null`, which turns experiments off. */
  experimentConfig?: PipelineExperimentConfig | null;
  /** The bucket of default output locations (the Python SDK's session default bucket). */
  defaultBucket?: string;
}

const pipelineOptionKeys = optionKeys<PipelineOptions>({ name: true, parameters: true, steps: true, experimentConfig: true, defaultBucket: true });

/**
 * A SageMaker pipeline: its definition (schema `2020-12-01`, the bytes the Python SDK v2 writes for the same pipeline)
 * and the calls that create, start and follow it through a {@link Session} (the local one by default).
 *
 * @example
 * ```ts
 * const pipeline = new Pipeline({ name: 'Abalone', parameters: [inputData, mseThreshold], steps: [prepare, train, evaluate, checkMse] });
 * pipeline.definition();                // the JSON text CreatePipeline takes
 * await pipeline.upsert();              // uploads local code, creates the pipeline or a new version of it
 * const execution = await pipeline.start({ parameters: { MseThreshold: 7 } });
 * await execution.wait();
 * ```
 */
export class Pipeline {
  readonly name: string;
  readonly parameters: readonly AnyParameter[];
  readonly steps: readonly Step[];
  readonly experimentConfig: PipelineExperimentConfig | null;
  readonly defaultBucket: string | undefined;
  /** Set when loaded with fromDefinition, so definition() gives back the same bytes. */
  private readonly loaded: JsonValue | undefined;

  constructor(options: PipelineOptions, loaded?: JsonValue) {
    checkOptionKeys(`Pipeline "${options.name}"`, options, pipelineOptionKeys);
    this.name = options.name;
    this.parameters = options.parameters ?? [];
    // A function step's result stands for its step, as the Python SDK's DelayedReturn does.
    this.steps = options.steps.map(stepOf);
    this.experimentConfig = options.experimentConfig === undefined ? defaultExperimentConfig : options.experimentConfig;
    this.defaultBucket = options.defaultBucket;
    this.loaded = loaded;
  }

  /** The definition as JSON values, validated. */
  definitionJson(): JsonValue {
    return this.compile().definition;
  }

  /**
   * Checks the definition as `definition()` does (throwing PipelineDefinitionError listing every problem) and returns
   * warnings: what SageMaker accepts but is probably not meant, such as a Float parameter compared with an integer
   * literal where the Python SDK would write a float.
   *
   * @example
   * const { warnings } = pipeline.validate();
   */
  validate(): { warnings: string[] } {
    return { warnings: definitionWarnings(this.definitionJson()) };
  }

  /** Local code files the definition refers to, with their content-addressed S3 keys: what upsert uploads. */
  codeAssets(): CodeAsset[] {
    return this.compile().codeAssets;
  }

  /**
   * The definition text and code for a session: its default bucket stands in when the pipeline names none, and its
   * role for steps given none (function steps).
   */
  compileFor(sessionBucket: string, sessionRoleArn?: string): { definition: string; codeAssets: CodeAsset[] } {
    const compiled = this.compile(sessionBucket, sessionRoleArn);
    return { definition: pyJsonDumps(compiled.definition), codeAssets: compiled.codeAssets };
  }

  /** Creates the pipeline, or adds a version to it when it exists; local code is uploaded first. */
  upsert(options?: UpsertOptions): Promise<UpsertResult> {
    return upsertPipeline(this, options);
  }

  /** Starts an execution; `await execution.wait()` follows it to the end. */
  start(options?: StartOptions): Promise<PipelineExecution> {
    return startPipeline(this, options);
  }

  /**
   * What `start()` with these parameters would do now, step by step: a cache hit (from which execution) or a run and
   * why (the cache-key attribute that changed since the last successful run, caching off, never ran, expired).
   * @example (await pipeline.plan({ parameters: { MaxDepth: 7 } })).reason('Train') // 'hyperparameter max_depth changed 5 → 7'
   */
  plan(options?: PlanOptions): Promise<ExecutionPlan> {
    return planPipeline(this, options);
  }

  /** Re-runs only these steps, reusing the latest finished execution's outputs for the others (selective execution), and waits for it. */
  runSteps(stepNames: readonly string[], options?: RunStepsOptions): Promise<PipelineExecution> {
    return runSelectedSteps(this, stepNames, options);
  }

  /** The pipeline's executions, newest first (ListPipelineExecutions). */
  listExecutions(options?: { session?: Session; max?: number }): Promise<PipelineExecutionSummary[]> {
    return listPipelineExecutions(this, options);
  }

  /** Deletes the pipeline (DeletePipeline). */
  delete(options?: { session?: Session }): Promise<void> {
    return deletePipeline(this, options);
  }

  /**
   * Starts the pipeline on a schedule (EventBridge Scheduler's cron, rate or one-time `at`, in UTC), with these
   * parameters; scheduling again under the same name replaces that schedule. The pipeline must be upserted first.
   * @example await pipeline.schedule({ name: 'nightly', cron: '0 2 * * ? *', parameters: { InputData: 's3://…' } })
   */
  schedule(options: PipelineScheduleOptions): Promise<{ scheduleArn: string }> {
    return schedulePipeline(this.name, options);
  }

  /** The schedules that start this pipeline. */
  listSchedules(options?: { session?: Session }): Promise<PipelineSchedule[]> {
    return listPipelineSchedules(this.name, options);
  }

  /** Deletes the schedule of this name. */
  deleteSchedule(name: string, options?: { session?: Session }): Promise<void> {
    return deletePipelineSchedule(name, options);
  }

  /**
   * Starts the pipeline when an event happens: a version of a model package group approved, or an object created
   * under an S3 prefix, with parameters fixed or read from the event (`fromEvent('$.detail.ModelPackageArn')`).
   * Local session only for now.
   */
  trigger(options: PipelineTriggerOptions): Promise<{ triggerArn: string }> {
    return triggerPipeline(this.name, options);
  }

  /** Deletes the event trigger of this name. */
  deleteTrigger(name: string, options?: { session?: Session }): Promise<void> {
    return deletePipelineTrigger(name, options);
  }

  private compile(sessionBucket?: string, sessionRoleArn?: string): { definition: JsonValue; codeAssets: CodeAsset[] } {
    if (this.loaded !== undefined) return { definition: this.loaded, codeAssets: [] };
    const context: CompileContext = {
      pipelineName: this.name,
      defaultBucket: this.defaultBucket ?? sessionBucket,
      codeAssets: [],
      roleArn: sessionRoleArn,
    };
    const json: JsonValue = {
      Version: '2020-12-01',
      Metadata: {},
      Parameters: this.parameters.map((parameter) => parameter.declaration()),
      PipelineExperimentConfig: this.experimentConfig === null ? null : this.experimentConfig.toJsonValue(),
      // Steps read from but not listed are added at the end, as the Python SDK's compiler does.
      Steps: [...this.steps, ...unlistedReferencedSteps(this.steps)].map((step) => step.toJsonValue(context)),
    };
    validateDefinition(json);
    return { definition: json, codeAssets: context.codeAssets };
  }

  /** The definition text: Python `json.dumps` defaults, one line, no trailing newline. */
  definition(): string {
    return pyJsonDumps(this.definitionJson());
  }

  /**
   * Writes the definition to `<name>.pipeline.json` in the current folder (the notebook's, in a kernel) or to `path`, and
   * returns the file: a cell that ends with it shows a link that opens it in JupyterLab's pipeline designer. A layout
   * already stored in that file's Metadata is kept.
   *
   * @example
   * ```ts
   * pipeline.openInDesigner(); // Open Abalone.pipeline.json in the pipeline designer
   * ```
   */
  openInDesigner(path?: string): DesignerFile {
    return writeDesignerFile(this.name, this.definitionJson(), path);
  }

  /** Parses and validates definition text; `definition()` of the result returns the same text. */
  static fromDefinition(text: string, options: { name?: string } = {}): Pipeline {
    let json: JsonValue;
    try {
      json = pyJsonLoads(text);
    } catch (error) {
      if (error instanceof JsonSyntaxError) throw new PipelineDefinitionError([`The definition is not valid JSON: ${error.message}`]);
      throw error;
    }
    validateDefinition(json);
    const parameters = member(json, 'Parameters') as readonly JsonValue[];
    const steps = member(json, 'Steps') as readonly JsonValue[];
    return new Pipeline({ name: options.name ?? '', parameters: parameters.map(parameterFrom), steps: steps.map((step) => new RawStep(step)) }, json);
  }
}

function parameterFrom(json: JsonValue): AnyParameter {
  const name = member(json, 'Name') as string;
  const raw = member(json, 'DefaultValue');
  const defaultValue = raw === undefined || raw === null ? undefined : raw instanceof PyFloat ? raw.value : raw;
  switch (member(json, 'Type')) {
    case 'Integer':
      return new ParameterInteger({ name, defaultValue: typeof defaultValue === 'number' ? defaultValue : undefined });
    case 'Float':
      return new ParameterFloat({ name, defaultValue: typeof defaultValue === 'number' ? defaultValue : undefined });
    case 'Boolean':
      return new ParameterBoolean({ name, defaultValue: typeof defaultValue === 'boolean' ? defaultValue : undefined });
    default: {
      const enumValues = member(json, 'EnumValues');
      return new ParameterString({
        name,
        defaultValue: typeof defaultValue === 'string' ? defaultValue : undefined,
        enumValues: Array.isArray(enumValues) ? (enumValues as readonly JsonValue[]).filter((value): value is string => typeof value === 'string') : undefined,
      });
    }
  }
}
