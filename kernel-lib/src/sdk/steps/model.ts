/**
 * Model, and the v2 ModelStep: `model.register(...)` becomes step `<name>-RegisterModel` (a CreateModelPackage
 * request), `model.create()` becomes `<name>-CreateModel` (a CreateModel request), as the Python SDK v2 names them.
 */
import type { ContainerDefinition } from '@aws-sdk/client-sagemaker';
import { deployContainer, timestampedName, type DeployOptions } from '../../session/deploy.js';
import type { Predictor } from '../../session/predictor.js';
import { Session } from '../../session/session.js';
import { resolveCode, type CodeAsset } from '../code.js';
import { PipelineVariable } from '../expressions.js';
import { pyJsonDumps } from '../json.js';
import { toJson, type Value } from '../expressions.js';
import { stepProperties, type ModelPackageProperties, type ModelProperties } from '../properties.js';
import { optionKeys } from '../options.js';
import { Step, stepOptionKeys, type CompileContext, type RetryableStepOptions, type StepOptions } from './step.js';
import type { StepRetryPolicy } from './policies.js';

/** A metrics report in S3: `{ ContentType, S3Uri }` in a model package's `ModelMetrics`. */
export interface MetricsSource {
  s3Uri: Value;
  contentType: string;
}

/**
 * A model package's `ModelMetrics`: the statistics, constraints and reports (JSON files in S3, often a processing step's
 * outputs) that Studio and the Pipelines panel show on the model version.
 */
export interface ModelMetrics {
  modelQuality?: { statistics?: MetricsSource; constraints?: MetricsSource };
  modelDataQuality?: { statistics?: MetricsSource; constraints?: MetricsSource };
  bias?: { report?: MetricsSource };
  explainability?: { report?: MetricsSource };
}

/** What `model.register(...)` writes into the CreateModelPackage request of a `RegisterModel` step. */
export interface RegisterOptions {
  /** `InferenceSpecification.SupportedContentTypes`: the request MIME types the model accepts, e.g. `text/csv`. */
  contentTypes: readonly string[];
  /** `InferenceSpecification.SupportedResponseMIMETypes`. */
  responseTypes: readonly string[];
  /** `InferenceSpecification.SupportedRealtimeInferenceInstanceTypes`: instance types for a real-time endpoint. */
  inferenceInstances?: readonly Value[];
  /** `InferenceSpecification.SupportedTransformInstanceTypes`: instance types for batch transform. */
  transformInstances?: readonly Value[];
  /** `ModelPackageGroupName`: the model package group the new version is added to (created when it does not exist). */
  modelPackageGroupName: Value;
  /** `ModelApprovalStatus`: `PendingManualApproval` (SageMaker's default), `Approved` or `Rejected`. */
  approvalStatus?: Value;
  /** `ModelMetrics`: the version's quality, bias and explainability reports. */
  modelMetrics?: ModelMetrics;
  /** `CustomerMetadataProperties`: your own key-value pairs, kept with the version. */
  customerMetadataProperties?: Readonly<Record<string, Value>>;
}

/** A model's registration, made by {@link Model.register}: the `stepArgs` of a {@link ModelStep} that writes a `RegisterModel` step. */
export class RegisterModelArgs {
  readonly kind = 'register';
  constructor(
    readonly model: Model,
    readonly options: RegisterOptions,
  ) {}
}

/** A model's creation, made by {@link Model.create}: the `stepArgs` of a {@link ModelStep} that writes a `Model` step. */
export class CreateModelArgs {
  readonly kind = 'create';
  constructor(readonly model: Model) {}
}

/** The options of a {@link Model}: its container (`PrimaryContainer` of CreateModel, or a model package's inference container). */
export interface ModelOptions {
  /** The inference image: the container's `Image`. */
  imageUri: string;
  /** The container's `ModelDataUrl`: the `model.tar.gz`, usually a training step's `properties.ModelArtifacts.S3ModelArtifacts`. */
  modelData?: Value;
  /** The container's `Environment`. */
  env?: Readonly<Record<string, Value>>;
  /** `ExecutionRoleArn`: the IAM role the model's container runs as. */
  roleArn: string;
  /**
   * The inference program (SageMaker's serving contract: GET /ping and POST /invocations on
   * $SAGEMAKER_BIND_TO_PORT): an s3:// URI or a local file, bundled like step code. It reaches the
   * container as SAGEMAKER_PROGRAM and SAGEMAKER_SUBMIT_DIRECTORY.
   */
  code?: string;
}

/**
 * A SageMaker model: an inference image, its model data and code. `model.create()` and `model.register(...)` give the
 * arguments of a {@link ModelStep}; `model.deploy(...)` serves it on an endpoint now, outside a pipeline.
 *
 * @example
 * ```ts
 * const model = new Model({ imageUri: 'node:20', roleArn: role, modelData: train.properties.ModelArtifacts.S3ModelArtifacts, code: 'serve.ts' });
 * const register = new ModelStep({
 *   name: 'Register',
 *   stepArgs: model.register({ contentTypes: ['text/csv'], responseTypes: ['text/csv'], modelPackageGroupName: 'abalone' }),
 * });
 * ```
 */
export class Model {
  readonly imageUri: string;
  readonly modelData: Value | undefined;
  readonly env: Readonly<Record<string, Value>>;
  readonly roleArn: string;
  readonly code: string | undefined;
  constructor(options: ModelOptions) {
    this.imageUri = options.imageUri;
    this.modelData = options.modelData;
    this.env = options.env ?? {};
    this.roleArn = options.roleArn;
    this.code = options.code;
  }
  /** The arguments of a `RegisterModel` step that adds this model as a new version of a model package group (CreateModelPackage). */
  register(options: RegisterOptions): RegisterModelArgs {
    return new RegisterModelArgs(this, options);
  }
  /** The arguments of a `Model` step that creates this model in SageMaker (CreateModel). */
  create(): CreateModelArgs {
    return new CreateModelArgs(this);
  }
  /**
   * Serves the model on a real-time endpoint and returns its Predictor, once InService: CreateModel (with the
   * code uploaded), CreateEndpointConfig and CreateEndpoint through the session (local by default).
   */
  deploy(options: DeployOptions): Promise<Predictor> {
    const session = options.session ?? Session.default;
    const modelName = options.modelName ?? timestampedName(options.endpointName);
    const codeAssets: CodeAsset[] = [];
    const context: CompileContext = { pipelineName: modelName, defaultBucket: session.defaultBucket, codeAssets };
    if (this.modelData !== undefined && typeof this.modelData !== 'string') {
      const shown = this.modelData instanceof PipelineVariable ? JSON.stringify(toJson(this.modelData)) : String(this.modelData);
      throw new Error(
        `Model.deploy: modelData must be an s3:// URI, not ${shown} (a pipeline's value is only known while it runs: read it from the execution's step first)`,
      );
    }
    const container = JSON.parse(pyJsonDumps(toJson(this.container(context, modelName)))) as ContainerDefinition;
    const unresolved = Object.entries(container.Environment ?? {}).find(([, value]) => typeof value !== 'string');
    if (unresolved !== undefined) throw new Error(`Model.deploy: env ${unresolved[0]} must be a string, not a pipeline value`);
    return deployContainer(container, codeAssets, { ...options, session, modelName });
  }

  container(context?: CompileContext, stepName = 'Model'): Value {
    const code = context === undefined ? undefined : resolveCode(this.code, stepName, context);
    const env = code === undefined ? this.env : { ...this.env, SAGEMAKER_PROGRAM: code.fileName, SAGEMAKER_SUBMIT_DIRECTORY: code.s3Uri };
    return { Image: this.imageUri, Environment: env, ModelDataUrl: this.modelData };
  }
}

/** What a {@link ModelStep} does: register the model (`model.register(...)`) or create it (`model.create()`). */
export type ModelStepArgs = RegisterModelArgs | CreateModelArgs;

export interface ModelStepOptions<A extends ModelStepArgs> extends StepOptions, RetryableStepOptions {
  stepArgs: A;
  /** Only step retry policies: the service does not retry model jobs. */
  retryPolicies?: readonly StepRetryPolicy[];
}

/**
 * The Python SDK v2's `ModelStep`: with `model.register(...)` it writes a step of type `RegisterModel` named
 * `<name>-RegisterModel` (a CreateModelPackage request; `properties.ModelPackageArn`), with `model.create()` a step of type
 * `Model` named `<name>-CreateModel` (a CreateModel request; `properties.ModelName`).
 *
 * @example
 * ```ts
 * const createModel = new ModelStep({ name: 'Abalone', stepArgs: model.create() }); // step "Abalone-CreateModel"
 * const register = new ModelStep({ name: 'Abalone', stepArgs: model.register({ contentTypes: ['text/csv'], responseTypes: ['text/csv'], modelPackageGroupName: 'abalone' }) });
 * ```
 */
export class ModelStep<A extends ModelStepArgs = ModelStepArgs> extends Step {
  /** The option names, checked when a step is made (JavaScript has no compiler to refuse a misspelled one). */
  static readonly optionKeys = optionKeys<ModelStepOptions<ModelStepArgs>>({ ...stepOptionKeys, stepArgs: true, retryPolicies: true });
  readonly stepType: 'RegisterModel' | 'Model';
  readonly properties: A extends RegisterModelArgs ? ModelPackageProperties : ModelProperties;
  readonly stepArgs: A;

  constructor(options: ModelStepOptions<A>) {
    const suffix = options.stepArgs.kind === 'register' ? 'RegisterModel' : 'CreateModel';
    super({ ...options, name: `${options.name}-${suffix}` });
    this.stepArgs = options.stepArgs;
    this.stepType = options.stepArgs.kind === 'register' ? 'RegisterModel' : 'Model';
    this.properties = stepProperties(this.stepType, this);
  }

  buildArguments(context: CompileContext): Value {
    const args: ModelStepArgs = this.stepArgs;
    if (args instanceof CreateModelArgs) return { ExecutionRoleArn: args.model.roleArn, PrimaryContainer: args.model.container(context, this.name) };
    const o = args.options;
    return {
      ModelPackageGroupName: o.modelPackageGroupName,
      ModelMetrics: o.modelMetrics === undefined ? undefined : modelMetricsJson(o.modelMetrics),
      CustomerMetadataProperties: o.customerMetadataProperties,
      InferenceSpecification: {
        Containers: [args.model.container(context, this.name)],
        SupportedContentTypes: o.contentTypes,
        SupportedResponseMIMETypes: o.responseTypes,
        SupportedRealtimeInferenceInstanceTypes: o.inferenceInstances,
        SupportedTransformInstanceTypes: o.transformInstances,
      },
      ModelApprovalStatus: o.approvalStatus,
      SkipModelValidation: 'None',
    };
  }
}

function source(value: MetricsSource | undefined): Value | undefined {
  return value === undefined ? undefined : { ContentType: value.contentType, S3Uri: value.s3Uri };
}

// The SDK always writes Bias and Explainability, empty when not given.
function modelMetricsJson(metrics: ModelMetrics): Value {
  const pair = (section: { statistics?: MetricsSource; constraints?: MetricsSource } | undefined): Value | undefined =>
    section === undefined ? undefined : { Statistics: source(section.statistics), Constraints: source(section.constraints) };
  return {
    ModelQuality: pair(metrics.modelQuality),
    ModelDataQuality: pair(metrics.modelDataQuality),
    Bias: { Report: source(metrics.bias?.report) },
    Explainability: { Report: source(metrics.explainability?.report) },
  };
}
