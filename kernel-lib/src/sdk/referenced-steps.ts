/**
 * Steps that a pipeline reads from or depends on without listing them, found by walking step arguments.
 * The Python SDK appends them to the top level, breadth-first in the order it meets them; so do we.
 */
import { propertyOwner } from './properties.js';
import { ConditionStep } from './steps/condition.js';
import { Step } from './steps/step.js';

/** Every step written somewhere in the definition: top level and, recursively, in condition branches. */
function listedSteps(steps: readonly Step[]): Set<Step> {
  const listed = new Set<Step>();
  const add = (step: Step) => {
    listed.add(step);
    if (step instanceof ConditionStep) [...step.ifSteps, ...step.elseSteps].forEach(add);
  };
  steps.forEach(add);
  return listed;
}

/** The steps `root` refers to through properties, JsonGet or DependsOn objects, in the order they appear. */
function referencesOf(root: Step): Step[] {
  const found: Step[] = [];
  const seen = new Set<unknown>([root]);
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    const owner = propertyOwner(value);
    if (owner instanceof Step) {
      if (owner !== root && !found.includes(owner)) found.push(owner);
      return;
    }
    if (value instanceof Step) {
      if (!found.includes(value)) found.push(value);
      return;
    }
    const children = value instanceof Map ? [...value.values()] : Object.values(value);
    children.forEach(visit);
  };
  for (const [key, value] of Object.entries(root)) if (key !== 'properties') visit(value);
  return found;
}

/** The steps to append after `steps`: referenced somewhere, listed nowhere. */
export function unlistedReferencedSteps(steps: readonly Step[]): Step[] {
  const listed = listedSteps(steps);
  const appended: Step[] = [];
  const queue = [...listed];
  while (queue.length > 0) {
    const step = queue.shift() as Step;
    for (const reference of referencesOf(step)) {
      if (listed.has(reference)) continue;
      listed.add(reference);
      appended.push(reference);
      queue.push(reference);
    }
  }
  return appended;
}
