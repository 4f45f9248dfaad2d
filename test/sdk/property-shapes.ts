// The property paths SageMaker's model offers for each step type, walked from the generated shape table (itself taken
// from @aws-sdk/client-sagemaker): used by property-shapes.test.ts (run time) and types.test.ts (compile time).
import { fieldOf, stepPropertyShape, type PropertyShape } from '../../kernel-lib/src/definition/property-paths.js';

/** One way to reach a field: the JavaScript accessor chain and the path SageMaker writes. */
export interface PropertyAccess {
  readonly stepType: string;
  /** e.g. `.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri` */
  readonly accessor: string;
  /** e.g. `ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri` */
  readonly path: string;
  readonly shape: PropertyShape;
}

export const propertyTypes: Record<string, string> = {
  Processing: 'ProcessingJobProperties',
  Training: 'TrainingJobProperties',
  Tuning: 'TuningJobProperties',
  Transform: 'TransformJobProperties',
  Model: 'ModelProperties',
  RegisterModel: 'ModelPackageProperties',
  AutoML: 'AutoMLJobProperties',
};

/** Every field reachable within `depth` names of a step type's root (through list items and map values too). */
export function propertyAccesses(stepType: string, depth: number): PropertyAccess[] {
  const root = stepPropertyShape(stepType);
  if (root === undefined) throw new Error(`no property shape for ${stepType}`);
  const result: PropertyAccess[] = [];
  const walk = (shape: PropertyShape, accessor: string, path: string, left: number): void => {
    if (left === 0) return;
    if (shape.kind === 'structure') {
      for (const field of Object.keys(shape.fields)) {
        const child = fieldOf(shape, field);
        if (child === undefined) continue;
        const next = { accessor: `${accessor}.${field}`, path: path === '' ? field : `${path}.${field}` };
        result.push({ stepType, ...next, shape: child });
        walk(child, next.accessor, next.path, left - 1);
      }
    } else if (shape.kind === 'list') {
      const byName = shape.keyedBy !== undefined;
      walk(shape.item(), `${accessor}.get(${byName ? "'item'" : 0})`, `${path}${byName ? "['item']" : '[0]'}`, left);
    } else if (shape.kind === 'map') {
      walk(shape.value(), `${accessor}.get('key')`, `${path}['key']`, left);
    }
  };
  walk(root, '', '', depth);
  return result;
}
