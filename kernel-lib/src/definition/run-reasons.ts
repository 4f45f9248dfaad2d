/**
 * Why a step runs instead of reusing a cached run: what the engine records with a step it ran and what a plan
 * predicts, in one shape, and the one line the notebook, the panel and the CLI say it with. Browser-safe.
 */

/** What a changed cache-key attribute is, in the user's words. */
export type KeyChangeKind = 'code' | 'input' | 'hyperparameter' | 'environment' | 'image' | 'attribute';

/** One cache-key attribute that differs from the last successful run: its value then and now (absent: undefined). */
export interface KeyChange {
  readonly Kind: KeyChangeKind;
  /** The hyperparameter, variable or input's name; the attribute's path for `attribute`. */
  readonly Name: string;
  readonly Before?: string;
  readonly After?: string;
}

export type RunReason =
  /** The step has no CacheConfig, or it is disabled. */
  | { readonly Kind: 'CachingOff' }
  /** Steps of this type are never cached (Condition, Fail, RegisterModel, ...). */
  | { readonly Kind: 'NotCacheable'; readonly StepType: string }
  /** No successful run of the step with caching on. */
  | { readonly Kind: 'NeverRan' }
  /** A run with the same key exists, but it started before ExpireAfter allows. */
  | { readonly Kind: 'Expired'; readonly ExpireAfter: string; readonly SourcePipelineExecutionArn: string }
  /** The key differs from the last successful run's (in that execution). */
  | { readonly Kind: 'Changed'; readonly SourcePipelineExecutionArn: string; readonly Changes: readonly KeyChange[] }
  /** A plan's answer when the step reads properties of steps that will run, so its key is not known yet. */
  | { readonly Kind: 'Upstream'; readonly Steps: readonly string[] };

/** A plan's prediction for one step. */
export type PlannedStep =
  | { readonly StepName: string; readonly StepType: string; readonly Decision: 'CacheHit'; readonly SourcePipelineExecutionArn: string }
  | {
      readonly StepName: string;
      readonly StepType: string;
      readonly Decision: 'Run';
      readonly Reason: RunReason;
      /** In a branch of a condition the plan cannot evaluate yet: the step runs only if it goes this way. */
      readonly IfCondition?: { readonly StepName: string; readonly Outcome: 'true' | 'false' };
    }
  /** In a branch of a condition that the plan knows will go the other way. */
  | { readonly StepName: string; readonly StepType: string; readonly Decision: 'NotRun'; readonly Condition: string };

const kindWords: Readonly<Record<Exclude<KeyChangeKind, 'code'>, string>> = {
  input: 'input',
  hyperparameter: 'hyperparameter',
  environment: 'environment variable',
  image: 'image',
  attribute: 'attribute',
};

/** The content digest in a code URI (`…/code/<sha256>/file`), shortened; otherwise the URI. */
function codeVersion(uri: string | undefined): string {
  const digest = uri === undefined ? undefined : /\/code\/([0-9a-f]{12,})\//.exec(uri)?.[1];
  return digest === undefined ? (uri ?? 'none') : digest.slice(0, 12);
}

/** `hyperparameter max_depth changed 5 → 7`, `code changed (digest 1a2b… → 3c4d…)`, `environment variable MODE added (fast)`. */
export function keyChangeText(change: KeyChange): string {
  if (change.Kind === 'code') return `code changed (digest ${codeVersion(change.Before)} → ${codeVersion(change.After)})`;
  const what = change.Kind === 'image' ? 'image' : `${kindWords[change.Kind]} ${change.Name}`;
  if (change.Before === undefined) return `${what} added (${change.After ?? ''})`;
  if (change.After === undefined) return `${what} removed (was ${change.Before})`;
  return `${what} changed ${change.Before} → ${change.After}`;
}

/** The reason in one line: `caching off`, `never ran`, `expired (ExpireAfter P30D)`, the changes joined with `; `. */
export function runReasonText(reason: RunReason): string {
  switch (reason.Kind) {
    case 'CachingOff':
      return 'caching off';
    case 'NotCacheable':
      return `${reason.StepType} steps are not cached`;
    case 'NeverRan':
      return 'never ran';
    case 'Expired':
      return `expired (ExpireAfter ${reason.ExpireAfter})`;
    case 'Changed':
      return reason.Changes.length === 0
        ? 'cache key changed (the earlier run did not record its key attributes)'
        : reason.Changes.map(keyChangeText).join('; ');
    case 'Upstream':
      return `depends on ${reason.Steps.join(', ')}, which will run`;
  }
}

/** A planned step in one line: `cache hit from execution <id> (step Train)`, `will run: never ran`, `not run: …`. */
export function plannedStepText(step: PlannedStep): string {
  switch (step.Decision) {
    case 'CacheHit':
      return `cache hit from execution ${step.SourcePipelineExecutionArn.split('/').pop() ?? ''} (step ${step.StepName})`;
    case 'Run':
      return step.IfCondition === undefined
        ? `will run: ${runReasonText(step.Reason)}`
        : `will run if ${step.IfCondition.StepName} is ${step.IfCondition.Outcome}: ${runReasonText(step.Reason)}`;
    case 'NotRun':
      return `not run: condition ${step.Condition} takes the other branch`;
  }
}
