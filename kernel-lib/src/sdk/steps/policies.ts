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

export type StepExceptionType = 'Step.SERVICE_FAULT' | 'Step.THROTTLING';
export type SageMakerJobExceptionType = 'SageMaker.JOB_INTERNAL_ERROR' | 'SageMaker.CAPACITY_ERROR' | 'SageMaker.RESOURCE_LIMIT';

/** Retries failed calls that create or start a job. */
export class StepRetryPolicy extends RetryPolicy {
  constructor(readonly settings: RetryOptions & { exceptionTypes: readonly StepExceptionType[] }) {
    super(settings);
  }
  protected exceptionTypes(): string[] {
    return [...this.settings.exceptionTypes];
  }
}

/** Starts a new job when the job failed for one of these reasons. */
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

export type AnyRetryPolicy = StepRetryPolicy | SageMakerJobStepRetryPolicy;

/** `{"Enabled": bool, "ExpireAfter"?: ISO-8601 duration}`. */
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
