/** Retry policies and cache expiry, as SageMaker applies them. */
import type { RetryPolicyDefinition } from './definition.js';
import type { FailureKind } from './runners/types.js';

/** The policy that covers a failure of this kind, if any. */
export function policyFor(policies: readonly RetryPolicyDefinition[] | undefined, kind: FailureKind): RetryPolicyDefinition | undefined {
  return policies?.find((policy) => policy.ExceptionType.includes(kind));
}

/**
 * The wait before attempt `nextAttempt` (2, 3, ...), or undefined when the policy allows no more:
 * `IntervalSeconds × BackoffRate^(retries so far)`, up to 1 + MaxAttempts attempts or until ExpireAfterMin.
 */
export function retryDelayMs(policy: RetryPolicyDefinition, nextAttempt: number, firstStartMs: number, nowMs: number): number | undefined {
  const retriesSoFar = nextAttempt - 2;
  const delay = (policy.IntervalSeconds ?? 1) * 1000 * Math.pow(policy.BackoffRate ?? 2, retriesSoFar);
  if (policy.MaxAttempts !== undefined) return nextAttempt <= 1 + policy.MaxAttempts ? delay : undefined;
  if (policy.ExpireAfterMin !== undefined) return nowMs + delay - firstStartMs <= policy.ExpireAfterMin * 60000 ? delay : undefined;
  return undefined;
}

/**
 * Milliseconds in an ISO-8601 duration as CacheConfig.ExpireAfter takes it (`P30D`, `PT1H`, and the
 * short forms `30d`, `T16m`); undefined when it is not one.
 */
export function durationMs(text: string): number | undefined {
  const match = /^P?(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!match || text.trim() === '' || /^P?T?$/i.test(text.trim())) return undefined;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) => (part === undefined ? 0 : Number(part)));
  const day = 86400000;
  return years * 365 * day + months * 30 * day + weeks * 7 * day + days * day + hours * 3600000 + minutes * 60000 + seconds * 1000;
}
