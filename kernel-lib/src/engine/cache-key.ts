/** What makes two runs of a step the same for caching: SageMaker's key attributes per step type. */
import { createHash } from 'node:crypto';
import { isJsonObject, type Json } from './definition.js';

const KEY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  Processing: ['AppSpecification', 'Environment', 'ProcessingInputs'],
  Training: ['AlgorithmSpecification', 'CheckpointConfig', 'DebugHookConfig', 'DebugRuleConfigurations', 'Environment', 'HyperParameters', 'InputDataConfig'],
  Tuning: ['HyperParameterTuningJobConfig', 'TrainingJobDefinition', 'TrainingJobDefinitions'],
};

/** Attributes of which only some children count: a tuning job's instances, role or stopping condition do not. */
const KEY_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  'Tuning.TrainingJobDefinition': ['AlgorithmSpecification', 'HyperParameterRanges', 'InputDataConfig', 'StaticHyperParameters', 'TuningObjective'],
};

export function isCacheable(stepType: string): boolean {
  return stepType in KEY_ATTRIBUTES;
}

/** A hash of the step's type, name and resolved key attributes. */
export function cacheKey(stepType: string, stepName: string, resolvedArguments: Json): string {
  const args = isJsonObject(resolvedArguments) ? resolvedArguments : {};
  const attributes = Object.fromEntries(
    (KEY_ATTRIBUTES[stepType] ?? []).map((key) => {
      const value = args[key] ?? null;
      const children = KEY_CHILDREN[`${stepType}.${key}`];
      return [key, children !== undefined && isJsonObject(value) ? Object.fromEntries(children.map((child) => [child, value[child] ?? null])) : value];
    }),
  );
  return createHash('sha256')
    .update(JSON.stringify([stepType, stepName, attributes]))
    .digest('hex');
}
