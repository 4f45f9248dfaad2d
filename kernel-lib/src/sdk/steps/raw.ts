/** A step loaded from definition JSON: written back exactly as it was read. */
import type { Value } from '../expressions.js';
import type { JsonValue } from '../json.js';
import { member } from '../json.js';
import { propertyTree, type PropertyMap } from '../properties.js';
import { Step, type CompileContext, type StepType } from './step.js';

/**
 * A step as it was read from a definition's JSON (what {@link Pipeline.fromDefinition} builds, for any step type): written
 * back exactly as read, with untyped properties.
 *
 * @example
 * ```ts
 * const pipeline = Pipeline.fromDefinition(definitionText);
 * const train = pipeline.steps.find((step) => step.name === 'Train') as RawStep;
 * train.properties.get('ModelArtifacts'); // any path: nothing checks it against the step's type
 * ```
 */
export class RawStep extends Step {
  readonly stepType: StepType;
  /** Untyped: any path of the loaded step, e.g. `step.properties.get("ModelArtifacts")`. */
  readonly properties: PropertyMap<unknown>;

  constructor(readonly json: JsonValue) {
    const name = member(json, 'Name');
    super({ name: typeof name === 'string' ? name : '' });
    this.stepType = member(json, 'Type') as StepType;
    this.properties = propertyTree(`Steps.${this.name}`, this);
  }

  buildArguments(_context: CompileContext): Value {
    return member(this.json, 'Arguments') ?? null;
  }

  override toJsonValue(_context: CompileContext): JsonValue {
    return this.json;
  }
}
