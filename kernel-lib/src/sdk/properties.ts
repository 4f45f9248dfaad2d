/**
 * Step properties: `{"Get": "Steps.<Step>.<path>"}` built by property access. Their types are derived from the
 * Describe* response SageMaker resolves them against (`PropertiesOf<DescribeTrainingJobResponse>` from
 * @aws-sdk/client-sagemaker), and at run time every path is checked against the same model, so a typo throws at the
 * line that wrote it instead of failing the execution. `.get(i)` / `.get("name")` picks a list item, `.get("k")` a
 * map's value.
 */
import type {
  DescribeAutoMLJobResponse,
  DescribeHyperParameterTuningJobResponse,
  DescribeModelOutput,
  DescribeModelPackageOutput,
  DescribeProcessingJobResponse,
  DescribeTrainingJobResponse,
  DescribeTransformJobResponse,
  HyperParameterTrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import { describeShape, didYouMean, fieldOf, nearestNames, stepPropertyShape, type PropertyShape } from '../definition/property-paths.js';
import { GetVariable, ignoredProbes, type PipelineVariable } from './expressions.js';

/** One readable value of a step, e.g. `train.properties.ModelArtifacts.S3ModelArtifacts` (a `Property<string>`). */
export type Property<T = unknown> = PipelineVariable<T>;

/** A list property: an item by position (`.get(0)`) or, where the items have a name, by name (`Outputs.get("train")`). */
export interface PropertyList<T, K extends string | number = number> {
  get(key: K): T;
}

/** A string-keyed map property such as `Environment` or `HyperParameters`: `.get("max_depth")`. */
export interface PropertyMap<T = Property> {
  get(key: string): T;
}

type ValueTypeOf<V> = V extends string ? string : V extends number ? number : V extends boolean ? boolean : V extends Date ? string : unknown;

/** The name fields of a list item (`OutputName`, `ChannelName`, `MetricName`): items with one can be picked by name. */
type NameFieldOf<I> = { [K in keyof I]-?: K extends `${string}Name` ? (NonNullable<I[K]> extends string ? K : never) : never }[keyof I];

/** The property type of one field of a Describe* response. */
export type PropertyOf<V> = [V] extends [string | number | boolean | Date]
  ? Property<ValueTypeOf<V>>
  : [V] extends [readonly (infer I)[]]
    ? PropertyList<PropertyOf<NonNullable<I>>, [NameFieldOf<NonNullable<I>>] extends [never] ? number : number | string>
    : [V] extends [object]
      ? string extends keyof V
        ? PropertyMap<PropertyOf<NonNullable<V[string & keyof V]>>>
        : [keyof V] extends [never]
          ? PropertiesOf<V>
          : // A map keyed by an enumeration (`Partial<Record<'CPU' | 'GPU', …>>` in the AWS SDK): its keys are the enumeration's
            // upper-case values, where a structure's members are PascalCase.
            [keyof V] extends [Uppercase<keyof V & string>]
            ? PropertyMap<PropertyOf<NonNullable<V[keyof V]>>>
            : PropertiesOf<V>
      : Property;

/** The properties of a step whose properties are the SageMaker response `T`: every field, lists and maps included. */
export type PropertiesOf<T> = { readonly [K in keyof T]-?: PropertyOf<NonNullable<T[K]>> };

// A symbol, so no SageMaker property name can collide with it.
const OWNER = Symbol('owner');
const SHAPE = Symbol('shape');

/** Runtime node: a `Get` variable whose members are child paths, checked against the shape when it is known. */
class PropertyNode extends GetVariable {
  readonly [OWNER]: object | undefined;
  readonly [SHAPE]: PropertyShape | undefined;
  constructor(path: string, owner: object | undefined, shape: PropertyShape | undefined) {
    super(path);
    this[OWNER] = owner;
    this[SHAPE] = shape;
  }
  get(key: string | number): unknown {
    // Single quotes as the Python SDK writes them: Outputs['train'].
    const path = typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}['${key}']`;
    return propertyTree(path, this[OWNER], itemShape(this.path, this[SHAPE], key));
  }
}

/** The shape of `.get(key)` on a node, or an error naming what the node is. */
function itemShape(path: string, shape: PropertyShape | undefined, key: string | number): PropertyShape | undefined {
  if (shape === undefined) return undefined;
  if (shape.kind === 'map') {
    if (typeof key !== 'string') throw new Error(`${path} is a map: its keys are strings, not ${key}.`);
    return shape.value();
  }
  if (shape.kind === 'list') {
    if (typeof key === 'string' && shape.keyedBy === undefined) {
      throw new Error(`${path} is a list whose items have no name: pick one by position, e.g. ${lastName(path)}.get(0).`);
    }
    return shape.item();
  }
  const fields = shape.kind === 'structure' ? Object.keys(shape.fields) : [];
  throw new Error(
    `${path} is ${describeShape(shape)}, not a list or a map: it has no .get(${JSON.stringify(key)}).` +
      (typeof key === 'string' ? didYouMean(nearestNames(key, fields).map((field) => `${lastName(path)}.${field}`)) : ''),
  );
}

function lastName(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

/** The shape of `node.key`, or an error naming the path, what is there, and the nearest valid names. */
function memberShape(path: string, shape: PropertyShape | undefined, key: string): PropertyShape | undefined {
  if (shape === undefined) return undefined;
  const name = lastName(path);
  if (shape.kind === 'structure') {
    const field = fieldOf(shape, key);
    if (field !== undefined) return field;
    throw new Error(
      `${path}.${key} does not exist in SageMaker's ${shape.name}.` + didYouMean(nearestNames(key, Object.keys(shape.fields)).map((f) => `${name}.${f}`)),
    );
  }
  if (shape.kind === 'list') {
    const example = /^\d+$/.test(key) ? `${name}.get(${key})` : shape.keyedBy !== undefined ? `${name}.get('${key}')` : `${name}.get(0)`;
    throw new Error(`${path} is a list: ${path}.${key} does not exist. Did you mean ${example}?`);
  }
  if (shape.kind === 'map') throw new Error(`${path} is a map: ${path}.${key} does not exist. Did you mean ${name}.get('${key}')?`);
  throw new Error(`${path} is ${describeShape(shape)}: it has no field ${key}.`);
}

/**
 * The properties rooted at `path`; `owner` is the step they belong to, so a pipeline can find the steps it reads from.
 * With a shape, every member read is checked against it.
 */
export function propertyTree<T>(path: string, owner?: object, shape?: PropertyShape): T {
  return new Proxy(new PropertyNode(path, owner, shape), {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key in target) return Reflect.get(target, key, receiver) as unknown;
      if (ignoredProbes.has(key)) return undefined;
      return propertyTree(`${target.path}.${key}`, target[OWNER], memberShape(target.path, target[SHAPE], key));
    },
  }) as T;
}

/** The properties of a step of type `stepType` named `name`, checked against SageMaker's model of that step type. */
export function stepProperties<T>(stepType: string, owner: { readonly name: string }): T {
  return propertyTree<T>(`Steps.${owner.name}`, owner, stepPropertyShape(stepType));
}

/** The step a property belongs to, or undefined for anything else. */
export function propertyOwner(value: unknown): object | undefined {
  return value instanceof PropertyNode ? value[OWNER] : undefined;
}

// ------------------------------------------------------------------------------- shapes per step type

/** A Processing step's properties: DescribeProcessingJob's response. */
export type ProcessingJobProperties = PropertiesOf<DescribeProcessingJobResponse>;

/** A Training step's properties: DescribeTrainingJob's response. */
export type TrainingJobProperties = PropertiesOf<DescribeTrainingJobResponse>;

/** A Tuning step's properties: DescribeHyperParameterTuningJob's response, plus `TrainingJobSummaries`. */
export type TuningJobProperties = PropertiesOf<DescribeHyperParameterTuningJobResponse> & {
  readonly TrainingJobSummaries: PropertyList<PropertiesOf<HyperParameterTrainingJobSummary>, number | string>;
};

/** A Transform step's properties: DescribeTransformJob's response. */
export type TransformJobProperties = PropertiesOf<DescribeTransformJobResponse>;

/** A Model step (CreateModel) 's properties: DescribeModel's response. */
export type ModelProperties = PropertiesOf<DescribeModelOutput>;

/** A RegisterModel step's properties: DescribeModelPackage's response. */
export type ModelPackageProperties = PropertiesOf<DescribeModelPackageOutput>;

/** An AutoML step's properties: DescribeAutoMLJob's response, plus `BestCandidateProperties`. */
export type AutoMLJobProperties = PropertiesOf<DescribeAutoMLJobResponse> & {
  readonly BestCandidateProperties: { readonly ModelInsightsJsonReportPath: Property<string>; readonly ExplainabilityJsonReportPath: Property<string> };
};

/** A Condition step's properties: `Outcome`, whether its conditions held. */
export interface ConditionProperties {
  readonly Outcome: Property<boolean>;
}

/** Lambda and Callback steps: `OutputParameters['<name>']`. */
export interface OutputParametersProperties {
  readonly OutputParameters: PropertyMap;
}

/** An EMR step's properties: EMR's `Step` (DescribeStep's response), in part. */
export interface EmrStepProperties {
  readonly Id: Property;
  readonly Name: Property;
  readonly ActionOnFailure: Property;
  readonly Status: { readonly State: Property };
}
