/** A step loaded from definition JSON: written back exactly as it was read. */
import type { Value } from '../expressions.js';
import type { JsonValue } from '../json.js';
import { member } from '../json.js';
import { propertyTree, type PropertyMap } from '../properties.js';
import { Step, type CompileContext, type StepType } from './step.js';

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
