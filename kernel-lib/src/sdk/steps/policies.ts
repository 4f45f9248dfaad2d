/** Retry policies and cache config, the optional step keys `RetryPolicies` and `CacheConfig`. */
import type { ToJson } from '../expressions.js';
import { PyFloat, type JsonValue } from '../json.js';

interface RetryOptions {
  /** Default 2.0, written as a float. */
  backoffRate?: number;
  /** Default 1. */
  intervalSeconds?: number;
  /** Give exactly one of maxAttempts and expireAfterMin. */
  maxAttempts?: number;
  expireAfterMin?: number;
}

abstract class RetryPolicy implements ToJson {
  constructor(private readonly options: RetryOptions) {}
  protected abstract exceptionTypes(): string[];
  // Key order BackoffRate, IntervalSeconds, MaxAttempts|ExpireAfterMin, ExceptionType, as the SDK writes it.
  toJsonValue(): JsonValue {
    const result: Record<string, JsonValue> = {
      BackoffRate: new PyFloat(this.options.backoffRate ?? 2.0),
      IntervalSeconds: this.options.intervalSeconds ?? 1,
    };
    if (this.options.maxAttempts !== undefined) result.MaxAttempts = this.options.maxAttempts;
    if (this.options.expireAfterMin !== undefined) result.ExpireAfterMin = this.options.expireAfterMin;
    result.ExceptionType = this.exceptionTypes();
    return result;
  }
}

/**
 * The `ExceptionType` values of a {@link StepRetryPolicy}: `Step.SERVICE_FAULT` (an internal or transient error calling
 * the service behind the step) and `Step.THROTTLING` (that call was throttled).
 */
export type StepExceptionType = 'Step.SERVICE_FAULT' | 'Step.THROTTLING';
/**
 * The `ExceptionType` values of a {@link SageMakerJobStepRetryPolicy}: the job returned an internal server error
 * (`SageMaker.JOB_INTERNAL_ERROR`), met an EC2 insufficient-capacity error (`SageMaker.CAPACITY_ERROR`), or went over a
 * resource quota (`SageMaker.RESOURCE_LIMIT`).
 */
export type SageMakerJobExceptionType = 'SageMaker.JOB_INTERNAL_ERROR' | 'SageMaker.CAPACITY_ERROR' | 'SageMaker.RESOURCE_LIMIT';

/**
 * A `RetryPolicies` entry for the step's own calls to the service (`Step.SERVICE_FAULT`, `Step.THROTTLING`): SageMaker
 * retries them after `IntervalSeconds`, the interval growing by `BackoffRate`, up to `MaxAttempts` or `ExpireAfterMin`.
 *
 * @example
 * ```ts
 * new StepRetryPolicy({ exceptionTypes: ['Step.SERVICE_FAULT', 'Step.THROTTLING'], intervalSeconds: 10, expireAfterMin: 5 })
 * ```
 */
export class StepRetryPolicy extends RetryPolicy {
  constructor(readonly settings: RetryOptions & { exceptionTypes: readonly StepExceptionType[] }) {
    super(settings);
  }
  protected exceptionTypes(): string[] {
    return [...this.settings.exceptionTypes];
  }
}

/**
 * A `RetryPolicies` entry for a job step (Processing, Training, Tuning, Transform, Model, RegisterModel, AutoML): starts
 * a new job when creating the job threw (`exceptionTypes`) or the job failed (`failureReasonTypes`) for one of these reasons.
 *
 * @example
 * ```ts
 * new SageMakerJobStepRetryPolicy({ failureReasonTypes: ['SageMaker.JOB_INTERNAL_ERROR', 'SageMaker.CAPACITY_ERROR'], maxAttempts: 5 })
 * ```
 */
export class SageMakerJobStepRetryPolicy extends RetryPolicy {
  constructor(
    readonly settings: RetryOptions & { exceptionTypes?: readonly SageMakerJobExceptionType[]; failureReasonTypes?: readonly SageMakerJobExceptionType[] },
  ) {
    super(settings);
  }
  protected exceptionTypes(): string[] {
    return [...(this.settings.exceptionTypes ?? []), ...(this.settings.failureReasonTypes ?? [])];
  }
}

/** One entry of a step's `RetryPolicies` list. */
export type AnyRetryPolicy = StepRetryPolicy | SageMakerJobStepRetryPolicy;

/**
 * A step's `CacheConfig` (`{"Enabled": bool, "ExpireAfter"?: ISO-8601 duration}`): when enabled, a new execution reuses
 * the result of an earlier successful run of the step with the same arguments instead of running it again.
 *
 * @example
 * ```ts
 * new ProcessingStep({ name: 'Prepare', ...options, cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'P30D' }) })
 * ```
 */
export class CacheConfig implements ToJson {
  readonly enableCaching: boolean;
  readonly expireAfter: string | undefined;
  constructor(options: { enableCaching: boolean; expireAfter?: string }) {
    this.enableCaching = options.enableCaching;
    this.expireAfter = options.expireAfter;
  }
  toJsonValue(): JsonValue {
    return this.expireAfter === undefined ? { Enabled: this.enableCaching } : { Enabled: this.enableCaching, ExpireAfter: this.expireAfter };
  }
}
