/** What makes two runs of a step the same for caching: SageMaker's key attributes per step type. */
import { createHash } from 'node:crypto';
import { isJsonObject, type Json } from './definition.js';

const KEY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  Processing: ['AppSpecification', 'Environment', 'ProcessingInputs'],
  Training: ['AlgorithmSpecification', 'CheckpointConfig', 'DebugHookConfig', 'DebugRuleConfigurations', 'Environment', 'HyperParameters', 'InputDataConfig'],
};

export function isCacheable(stepType: string): boolean {
  return stepType in KEY_ATTRIBUTES;
}

/** A hash of the step's type, name and resolved key attributes. */
export function cacheKey(stepType: string, stepName: string, resolvedArguments: Json): string {
  const args = isJsonObject(resolvedArguments) ? resolvedArguments : {};
  const attributes = Object.fromEntries((KEY_ATTRIBUTES[stepType] ?? []).map((key) => [key, args[key] ?? null]));
  return createHash('sha256').update(JSON.stringify([stepType, stepName, attributes])).digest('hex');
}
