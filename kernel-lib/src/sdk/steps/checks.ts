/**
 * QualityCheckStep and ClarifyCheckStep: a model-monitor or Clarify processing job plus the check's keys.
 * They run only on Amazon SageMaker; Arguments is the CreateProcessingJob request the job runs.
 */
import type { Value } from '../expressions.js';
import { propertyTree, type Property } from '../properties.js';
import { Step, type CacheableStepOptions, type CompileContext, type StepOptions } from './step.js';

interface CheckOptions extends StepOptions, CacheableStepOptions {
  /** The CreateProcessingJob request (without the job name) of the monitor or Clarify container. */
  processingJob: Value;
  /** Where the check's baselines are registered; written as null when not given, as the Python SDK does. */
  modelPackageGroupName?: Value;
  skipCheck?: Value;
  failOnViolation?: Value;
  registerNewBaseline?: Value;
  suppliedBaselineConstraints?: Value;
}

/** The properties of a check step: the S3 URIs of the baselines it calculated and of those it checked drift against. */
export interface CheckProperties {
  readonly CalculatedBaselineConstraints: Property;
  readonly CalculatedBaselineStatistics: Property;
  readonly BaselineUsedForDriftCheckConstraints: Property;
  readonly BaselineUsedForDriftCheckStatistics: Property;
}

abstract class CheckStep extends Step {
  readonly properties: CheckProperties;
  constructor(readonly checkOptions: CheckOptions) {
    super(checkOptions);
    this.properties = propertyTree(`Steps.${checkOptions.name}`, this);
  }
  buildArguments(_context: CompileContext): Value {
    return this.checkOptions.processingJob;
  }
  // Every key is written, null when unset, in the Python SDK's order.
  protected checkKeys(checkType: string): Record<string, Value> {
    const o = this.checkOptions;
    return {
      CheckType: checkType,
      ModelPackageGroupName: o.modelPackageGroupName ?? null,
      SkipCheck: o.skipCheck ?? false,
      FailOnViolation: o.failOnViolation ?? true,
      RegisterNewBaseline: o.registerNewBaseline ?? false,
    };
  }
}

/**
 * A step of type `QualityCheck`: a SageMaker Model Monitor processing job that computes data or model quality statistics
 * and constraints and checks them against a baseline. It runs only on Amazon SageMaker; `processingJob` is the
 * CreateProcessingJob request of the monitor's container.
 *
 * @example
 * ```ts
 * new QualityCheckStep({ name: 'DataQuality', checkType: 'DATA_QUALITY', processingJob, modelPackageGroupName: 'abalone', skipCheck: true, registerNewBaseline: true })
 * ```
 */
export class QualityCheckStep extends CheckStep {
  readonly stepType = 'QualityCheck';
  constructor(readonly options: CheckOptions & { checkType: 'DATA_QUALITY' | 'MODEL_QUALITY'; suppliedBaselineStatistics?: Value }) {
    super(options);
  }
  protected override extraKeys(): Record<string, Value | undefined> {
    return {
      ...this.checkKeys(this.options.checkType),
      SuppliedBaselineStatistics: this.options.suppliedBaselineStatistics ?? null,
      SuppliedBaselineConstraints: this.options.suppliedBaselineConstraints ?? null,
    };
  }
}

/**
 * A step of type `ClarifyCheck`: a SageMaker Clarify processing job that computes data bias, model bias or model
 * explainability and checks it against a baseline. It runs only on Amazon SageMaker; `processingJob` is the
 * CreateProcessingJob request of the Clarify container.
 *
 * @example
 * ```ts
 * new ClarifyCheckStep({ name: 'DataBias', checkType: 'DATA_BIAS', processingJob, modelPackageGroupName: 'abalone', skipCheck: true })
 * ```
 */
export class ClarifyCheckStep extends CheckStep {
  readonly stepType = 'ClarifyCheck';
  constructor(readonly options: CheckOptions & { checkType: 'DATA_BIAS' | 'MODEL_BIAS' | 'MODEL_EXPLAINABILITY'; modelName?: Value }) {
    super(options);
  }
  protected override extraKeys(): Record<string, Value | undefined> {
    return {
      ...this.checkKeys(this.options.checkType),
      SuppliedBaselineConstraints: this.options.suppliedBaselineConstraints ?? null,
      // Model checks name the model whose predictions they analyse.
      ModelName: this.options.checkType === 'DATA_BIAS' ? undefined : this.options.modelName,
    };
  }
}
