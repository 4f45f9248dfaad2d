/** The common part of every step: `Name, Type, Arguments, DependsOn?, DisplayName?, Description?, RetryPolicies?, CacheConfig?`, extras. */
import { ExecutionVariables, Join, toJson, type Value } from '../expressions.js';
import type { JsonValue } from '../json.js';
import type { CodeAsset } from '../code.js';
import type { AnyRetryPolicy, CacheConfig } from './policies.js';
import { checkOptionKeys } from '../options.js';

/** A step's `Type` in the definition. */
export type StepType =
  | 'Processing'
  | 'Training'
  | 'Tuning'
  | 'Transform'
  | 'Model'
  | 'RegisterModel'
  | 'Condition'
  | 'Fail'
  | 'Lambda'
  | 'Callback'
  | 'EMR'
  | 'QualityCheck'
  | 'ClarifyCheck'
  | 'AutoML';

/** What a step needs from its pipeline to write itself. */
export interface CompileContext {
  readonly pipelineName: string;
  /** For default output URIs; the Python SDK uses the session's default bucket. */
  readonly defaultBucket: string | undefined;
  /** Local code files that steps refer to, collected for the session to upload. */
  readonly codeAssets: CodeAsset[];
  /** The role of the session the definition is compiled for (upsert's): steps that default their role use it. */
  readonly roleArn?: string;
}

/** The options every step has. */
export interface StepOptions {
  /** The step's `Name`: unique in the pipeline, and how properties refer to it (`Steps.<Name>.…`). */
  name: string;
  /** Steps that must finish first, by name or object (data references need no DependsOn). */
  dependsOn?: readonly (string | Step)[];
  /** `DisplayName`: what Studio shows instead of the name. */
  displayName?: string;
  /** `Description`. */
  description?: string;
}

/** The options of steps that can retry. */
export interface RetryableStepOptions {
  /** `RetryPolicies`: when and how often a failed step is tried again. */
  retryPolicies?: readonly AnyRetryPolicy[];
}

/** The options of steps whose results can be reused. */
export interface CacheableStepOptions {
  /** `CacheConfig`: reuse a previous successful run of the same step with the same arguments. */
  cacheConfig?: CacheConfig;
}

/** The option names every step has, for `optionKeys`. */
export const stepOptionKeys = { name: true, dependsOn: true, displayName: true, description: true } as const;
/** The option names of steps that retry and cache, for `optionKeys`. */
export const jobStepOptionKeys = { ...stepOptionKeys, retryPolicies: true, cacheConfig: true } as const;

/**
 * A pipeline step: its `Name`, `Type`, `Arguments` and the keys every step may have (`DependsOn`, `DisplayName`,
 * `Description`, `RetryPolicies`, `CacheConfig`). The step classes (ProcessingStep, TrainingStep, …) extend it.
 */
export abstract class Step {
  abstract readonly stepType: StepType;
  readonly name: string;
  readonly dependsOn: readonly (string | Step)[] | undefined;
  readonly displayName: string | undefined;
  readonly description: string | undefined;
  protected retryPolicies: readonly AnyRetryPolicy[] | undefined;
  protected cacheConfig: CacheConfig | undefined;

  constructor(options: StepOptions & RetryableStepOptions & CacheableStepOptions) {
    // A step class lists its option names in `static optionKeys`: a key that is not one of them throws here.
    const keys = (new.target as unknown as { readonly optionKeys?: readonly string[] }).optionKeys;
    if (keys !== undefined) checkOptionKeys(`${new.target.name} "${options.name}"`, options, keys);
    this.name = options.name;
    this.dependsOn = options.dependsOn;
    this.displayName = options.displayName;
    this.description = options.description;
    this.retryPolicies = options.retryPolicies;
    this.cacheConfig = options.cacheConfig;
  }

  /** The step's `Arguments`: for job steps, the Create*Job request without the job name. */
  abstract buildArguments(context: CompileContext): Value;

  /** Type-specific keys written after CacheConfig (PropertyFiles, FunctionArn, ...). */
  protected extraKeys(): Record<string, Value | undefined> {
    return {};
  }

  toJsonValue(context: CompileContext): JsonValue {
    return toJson({
      Name: this.name,
      Type: this.stepType,
      Arguments: this.buildArguments(context),
      DependsOn: this.dependsOn?.map((step) => (typeof step === 'string' ? step : step.name)),
      DisplayName: this.displayName,
      Description: this.description,
      RetryPolicies: this.retryPolicies?.map((policy) => policy.toJsonValue()),
      CacheConfig: this.cacheConfig?.toJsonValue(),
      ...this.extraKeys(),
    });
  }
}

/** The Python SDK's default output location: `s3://<bucket>/<pipeline>/<execution id>/<step>/<...parts>` as a Join. */
export function defaultS3Uri(context: CompileContext, step: Step, field: string, parts: readonly string[]): Join {
  if (context.defaultBucket === undefined) {
    throw new Error(`Step "${step.name}" ${field} has no destination: give one, or give the pipeline a defaultBucket for the default output location.`);
  }
  return new Join({ on: '/', values: ['s3:/', context.defaultBucket, context.pipelineName, ExecutionVariables.PipelineExecutionId, step.name, ...parts] });
}
