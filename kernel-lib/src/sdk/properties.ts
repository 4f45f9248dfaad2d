/**
 * Step properties: `{"Get": "Steps.<Step>.<path>"}` built by property access, typed per step type after the
 * Describe* response the service resolves them against. `.get("k")` indexes a list by name or a map by key.
 */
import { GetVariable, PipelineVariable } from './expressions.js';

/** One readable value of a step, e.g. `train.properties.ModelArtifacts.S3ModelArtifacts`. */
export type Property = PipelineVariable;

/** A list indexed by position (`[0]`) or by the name field of its items (`['train']`). */
export interface PropertyList<T> extends PipelineVariable {
  get(key: string | number): T;
}

/** A string-keyed map such as Environment or HyperParameters. */
export interface PropertyMap<T = Property> extends PipelineVariable {
  get(key: string): T;
}

// A symbol, so no SageMaker property name can collide with it.
const OWNER = Symbol('owner');

/** Runtime node: a `Get` variable whose unknown members are child paths. */
class PropertyNode extends GetVariable {
  readonly [OWNER]: object | undefined;
  constructor(path: string, owner: object | undefined) {
    super(path);
    this[OWNER] = owner;
  }
  get(key: string | number): unknown {
    // Single quotes as the Python SDK writes them: Outputs['train'].
    return propertyTree(typeof key === 'number' ? `${this.path}[${key}]` : `${this.path}['${key}']`, this[OWNER]);
  }
}

/** The properties rooted at `path`; `owner` is the step they belong to, so a pipeline can find the steps it reads from. */
export function propertyTree<T>(path: string, owner?: object): T {
  return new Proxy(new PropertyNode(path, owner), {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key in target) return Reflect.get(target, key, receiver) as unknown;
      return propertyTree(`${target.path}.${key}`, target[OWNER]);
    },
  }) as T;
}

/** The step a property belongs to, or undefined for anything else. */
export function propertyOwner(value: unknown): object | undefined {
  return value instanceof PropertyNode ? value[OWNER] : undefined;
}

// ------------------------------------------------------------------------------- shapes per step type

export interface S3InputProperties {
  readonly S3Uri: Property;
  readonly LocalPath: Property;
  readonly S3DataType: Property;
  readonly S3InputMode: Property;
}
export interface ProcessingInputProperties {
  readonly InputName: Property;
  readonly S3Input: S3InputProperties;
}
export interface ProcessingOutputProperties {
  readonly OutputName: Property;
  readonly S3Output: { readonly S3Uri: Property; readonly LocalPath: Property; readonly S3UploadMode: Property };
}
export interface ProcessingJobProperties {
  readonly ProcessingJobName: Property;
  readonly ProcessingJobArn: Property;
  readonly ProcessingJobStatus: Property;
  readonly ExitMessage: Property;
  readonly FailureReason: Property;
  readonly RoleArn: Property;
  readonly Environment: PropertyMap;
  readonly AppSpecification: { readonly ImageUri: Property };
  readonly ProcessingInputs: PropertyList<ProcessingInputProperties>;
  readonly ProcessingOutputConfig: { readonly Outputs: PropertyList<ProcessingOutputProperties>; readonly KmsKeyId: Property };
}

export interface MetricDataProperties {
  readonly MetricName: Property;
  readonly Value: Property;
  readonly Timestamp: Property;
}
export interface TrainingJobProperties {
  readonly TrainingJobName: Property;
  readonly TrainingJobArn: Property;
  readonly TrainingJobStatus: Property;
  readonly FailureReason: Property;
  readonly RoleArn: Property;
  readonly ModelArtifacts: { readonly S3ModelArtifacts: Property };
  readonly FinalMetricDataList: PropertyList<MetricDataProperties>;
  readonly OutputDataConfig: { readonly S3OutputPath: Property; readonly KmsKeyId: Property };
  readonly HyperParameters: PropertyMap;
  readonly Environment: PropertyMap;
  readonly AlgorithmSpecification: { readonly TrainingImage: Property; readonly TrainingInputMode: Property };
  readonly ResourceConfig: { readonly InstanceType: Property; readonly InstanceCount: Property; readonly VolumeSizeInGB: Property };
}

export interface TrainingJobSummaryProperties {
  readonly TrainingJobName: Property;
  readonly TrainingJobArn: Property;
  readonly TrainingJobStatus: Property;
  readonly TunedHyperParameters: PropertyMap;
  readonly FinalHyperParameterTuningJobObjectiveMetric: { readonly MetricName: Property; readonly Value: Property };
}
export interface TuningJobProperties {
  readonly HyperParameterTuningJobName: Property;
  readonly HyperParameterTuningJobArn: Property;
  readonly HyperParameterTuningJobStatus: Property;
  readonly BestTrainingJob: TrainingJobSummaryProperties;
  readonly TrainingJobSummaries: PropertyList<TrainingJobSummaryProperties>;
}

export interface TransformJobProperties {
  readonly TransformJobName: Property;
  readonly TransformJobArn: Property;
  readonly TransformJobStatus: Property;
  readonly ModelName: Property;
  readonly TransformOutput: { readonly S3OutputPath: Property; readonly Accept: Property };
}

export interface ModelProperties {
  readonly ModelName: Property;
  readonly ModelArn: Property;
  readonly ExecutionRoleArn: Property;
  readonly PrimaryContainer: { readonly Image: Property; readonly ModelDataUrl: Property; readonly Environment: PropertyMap };
}

export interface ModelPackageProperties {
  readonly ModelPackageArn: Property;
  readonly ModelPackageName: Property;
  readonly ModelPackageGroupName: Property;
  readonly ModelPackageVersion: Property;
  readonly ModelPackageStatus: Property;
  readonly ModelApprovalStatus: Property;
}

export interface ConditionProperties {
  readonly Outcome: Property;
}

/** Lambda and Callback steps: `OutputParameters['<name>']`. */
export interface OutputParametersProperties {
  readonly OutputParameters: PropertyMap;
}

export interface EmrStepProperties {
  readonly Id: Property;
  readonly Name: Property;
  readonly ActionOnFailure: Property;
  readonly Status: { readonly State: Property };
}
