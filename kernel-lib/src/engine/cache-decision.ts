/**
 * Whether a step reuses a cached run or runs, and why: the one decision that an execution applies and a plan
 * predicts, so the two cannot disagree.
 */
import type { RunReason } from '../definition/run-reasons.js';
import { hashKey, isCacheable, keyAttributes, keyChanges } from './cache-key.js';
import type { Json, JsonObject, StepDefinition } from './definition.js';
import { durationMs } from './policies.js';

/** A successful earlier run of a step that a cacheable step may reuse. */
export interface CachedRun {
  readonly executionArn: string;
  readonly properties: JsonObject;
  readonly metadata: JsonObject;
}

/** The newest successful run of a step with caching on (a cache hit counts): what a miss is explained against. */
export interface PreviousRun {
  readonly executionArn: string;
  readonly cacheKey: string;
  /** Absent in records made before key attributes were kept. */
  readonly keyAttributes?: JsonObject;
}

export interface StepCache {
  /** The most recent successful run of `stepName` in `pipelineName` with `key`, started at or after `notBefore` (ms). */
  find(pipelineName: string, stepName: string, key: string, notBefore: number): CachedRun | undefined;
  /** The newest successful run of `stepName` in `pipelineName` that had a cache key. */
  latest(pipelineName: string, stepName: string): PreviousRun | undefined;
}

export type CacheDecision =
  | { readonly hit: CachedRun; readonly cacheKey: string; readonly keyAttributes: JsonObject }
  | { readonly hit?: undefined; readonly reason: RunReason; readonly cacheKey?: string; readonly keyAttributes?: JsonObject };

/** Why the step runs whatever its arguments are: its type is never cached, or its caching is off. */
export function uncachedReason(step: StepDefinition): RunReason | undefined {
  if (!isCacheable(step.Type)) return { Kind: 'NotCacheable', StepType: step.Type };
  if (!step.CacheConfig?.Enabled) return { Kind: 'CachingOff' };
  return undefined;
}

/** The step's cache decision at `now` (ms) for its resolved arguments. */
export function decideCaching(step: StepDefinition, resolved: Json, lookup: { cache: StepCache; pipelineName: string; now: number }): CacheDecision {
  const uncached = uncachedReason(step);
  if (uncached !== undefined) return { reason: uncached };
  const attributes = keyAttributes(step.Type, resolved);
  const key = hashKey(step.Type, step.Name, attributes);
  const expireAfter = step.CacheConfig?.ExpireAfter;
  const lifetime = expireAfter === undefined ? undefined : durationMs(expireAfter);
  const hit = lookup.cache.find(lookup.pipelineName, step.Name, key, lifetime === undefined ? 0 : lookup.now - lifetime);
  const keyed = { cacheKey: key, keyAttributes: attributes };
  if (hit !== undefined) return { hit, ...keyed };
  if (expireAfter !== undefined && lifetime !== undefined) {
    const stale = lookup.cache.find(lookup.pipelineName, step.Name, key, 0);
    if (stale !== undefined) return { reason: { Kind: 'Expired', ExpireAfter: expireAfter, SourcePipelineExecutionArn: stale.executionArn }, ...keyed };
  }
  const previous = lookup.cache.latest(lookup.pipelineName, step.Name);
  if (previous === undefined || previous.cacheKey === key) return { reason: { Kind: 'NeverRan' }, ...keyed };
  const changes = previous.keyAttributes === undefined ? [] : keyChanges(previous.keyAttributes, attributes);
  return { reason: { Kind: 'Changed', SourcePipelineExecutionArn: previous.executionArn, Changes: changes }, ...keyed };
}
