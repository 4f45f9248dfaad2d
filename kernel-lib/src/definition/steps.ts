/** Every step of a definition with the Condition branch that holds it: top level first, each branch right after its condition. */
import { isJsonObject, type Json } from './json.js';
import type { StepDefinition } from './types.js';

/** A Condition's branch: `true` holds its IfSteps, `false` its ElseSteps (the edge kinds say the same). */
export type BranchOutcome = 'true' | 'false';

export interface BranchPlacement {
  readonly condition: string;
  readonly outcome: BranchOutcome;
}

export interface PlacedStep {
  readonly step: StepDefinition;
  /** The Condition step whose branch holds this step; undefined at the top level. */
  readonly branchOf?: BranchPlacement;
}

const branchLists: readonly [string, BranchOutcome][] = [
  ['IfSteps', 'true'],
  ['ElseSteps', 'false'],
];

/** What `placeSteps` reports about lists and steps it cannot read, for a validator to word. */
export type PlacementProblem =
  { readonly kind: 'notAList'; readonly branchOf?: BranchPlacement } | { readonly kind: 'noName'; readonly index: number; readonly branchOf?: BranchPlacement };

export function branchKey(outcome: BranchOutcome): 'IfSteps' | 'ElseSteps' {
  return outcome === 'true' ? 'IfSteps' : 'ElseSteps';
}

/** Every step, in definition order (a Condition's IfSteps then ElseSteps right after it); duplicates are kept for a validator to find. */
export function placeSteps(definition: { readonly Steps?: unknown } | Json, report?: (problem: PlacementProblem) => void): PlacedStep[] {
  const placed: PlacedStep[] = [];
  const visit = (steps: unknown, branchOf?: BranchPlacement): void => {
    if (!Array.isArray(steps)) {
      report?.({ kind: 'notAList', branchOf });
      return;
    }
    for (const [index, candidate] of (steps as unknown[]).entries()) {
      if (!isJsonObject(candidate) || typeof candidate.Name !== 'string') {
        report?.({ kind: 'noName', index, branchOf });
        continue;
      }
      // The step object itself, so that what a runner reads is what the definition holds.
      const step = (typeof candidate.Type === 'string' ? candidate : { ...candidate, Type: '' }) as unknown as StepDefinition;
      placed.push(branchOf === undefined ? { step } : { step, branchOf });
      if (step.Type !== 'Condition' || !isJsonObject(step.Arguments)) continue;
      for (const [key, outcome] of branchLists) {
        const list = step.Arguments[key];
        if (list !== undefined) visit(list, { condition: step.Name, outcome });
      }
    }
  };
  visit(isJsonObject(definition) ? definition.Steps : undefined);
  return placed;
}
