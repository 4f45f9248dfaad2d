/** The common part of every step: `Name, Type, Arguments, DependsOn?, DisplayName?, Description?, RetryPolicies?, CacheConfig?`, extras. */
import { ExecutionVariables, Join, toJson, type Value } from '../expressions.js';
import type { JsonValue } from '../json.js';
import type { CodeAsset } from '../code.js';
import type { AnyRetryPolicy, CacheConfig } from './policies.js';

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
}

export interface StepOptions {
  name: string;
  /** Steps that must finish first, by name or object (data references need no DependsOn). */
  dependsOn?: readonly (string | Step)[];
  displayName?: string;
  description?: string;
}

export interface RetryableStepOptions {
  retryPolicies?: readonly AnyRetryPolicy[];
}

export interface CacheableStepOptions {
  cacheConfig?: CacheConfig;
}

export abstract class Step {
  abstract readonly stepType: StepType;
  readonly name: string;
  readonly dependsOn: readonly (string | Step)[] | undefined;
  readonly displayName: string | undefined;
  readonly description: string | undefined;
  protected retryPolicies: readonly AnyRetryPolicy[] | undefined;
  protected cacheConfig: CacheConfig | undefined;

  constructor(options: StepOptions & RetryableStepOptions & CacheableStepOptions) {
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
