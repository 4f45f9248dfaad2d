/** The pipeline-definition SDK: SageMaker Pipelines in TypeScript, byte-compatible with the Python SDK v2. */
export { float, PyFloat, pyJsonDumps, pyJsonLoads, pyFloatRepr, pyString, JsonSyntaxError } from './json.js';
export type { JsonValue, JsonMap, JsonObject } from './json.js';
export { PipelineVariable, GetVariable, Join, ExecutionVariable, ExecutionVariables, PipelineExperimentConfigProperties, toJson } from './expressions.js';
export type { Value, ExecutionVariableName, Late, Scalar, Float } from './expressions.js';
export { pythonExecutionVariableNames } from './expressions.js';
export { Parameter, ParameterString, ParameterInteger, ParameterFloat, ParameterBoolean } from './parameters.js';
export type { AnyParameter, ParameterType } from './parameters.js';
export {
  Condition,
  ConditionEquals,
  ConditionGreaterThan,
  ConditionGreaterThanOrEqualTo,
  ConditionLessThan,
  ConditionLessThanOrEqualTo,
  ConditionIn,
  ConditionNot,
  ConditionOr,
} from './conditions.js';
export type { Operand, Comparable, ComparisonOptions, FamilyOf } from './conditions.js';
export { PropertyFile, JsonGet } from './jsonget.js';
export type { JsonGetOptions, JsonGetConstructor, JsonGetPath, JsonPathOf, JsonValueAt } from './jsonget.js';
export type * from './properties.js';
export { Step, defaultS3Uri } from './steps/step.js';
export type { StepType, StepOptions, CompileContext } from './steps/step.js';
export { StepRetryPolicy, SageMakerJobStepRetryPolicy, CacheConfig } from './steps/policies.js';
export type { StepExceptionType, SageMakerJobExceptionType, AnyRetryPolicy } from './steps/policies.js';
export { ProcessingStep } from './steps/processing.js';
export type { ProcessingStepOptions, ProcessingInput, ProcessingOutput } from './steps/processing.js';
export { TrainingStep, hyperparameterString } from './steps/training.js';
export type { TrainingStepOptions, TrainingInput, TrainingChannels, EstimatorOptions, HyperparameterValue } from './steps/training.js';
export { NotebookStep, notebookJobNamePrefix, NOTEBOOK_INPUT_CHANNEL } from './steps/notebook.js';
export type { NotebookStepOptions, NotebookJobProperties } from './steps/notebook.js';
export { TuningStep, IntegerParameter, ContinuousParameter, CategoricalParameter } from './steps/tuning.js';
export type { TuningStepOptions, ParameterRange, ScalingType } from './steps/tuning.js';
export { Model, ModelStep, RegisterModelArgs, CreateModelArgs } from './steps/model.js';
export type { ModelMetrics, ModelOptions, RegisterOptions, ModelStepArgs } from './steps/model.js';
export { ConditionStep } from './steps/condition.js';
export { FailStep } from './steps/fail.js';
export { TransformStep } from './steps/transform.js';
export type { TransformStepOptions } from './steps/transform.js';
export { LambdaStep, CallbackStep } from './steps/lambda.js';
export type { StepOutput, OutputType } from './steps/lambda.js';
export { EMRStep } from './steps/emr.js';
export { xgboostImage, sklearnImage, ImageUriError } from './images/image-uris.js';
export type { XGBoostVersion, SKLearnVersion } from './images/image-uris.js';
export { QualityCheckStep, ClarifyCheckStep } from './steps/checks.js';
export type { CheckProperties } from './steps/checks.js';
export { AutoMLStep } from './steps/automl.js';
export type { AutoMLStepOptions } from './steps/automl.js';
export type { EmrStepOptions, EmrStepConfig } from './steps/emr.js';
export { RawStep } from './steps/raw.js';
export { codeAsset } from './code.js';
export { DesignerFile, designerFileExtension } from './designer-file.js';
export type { CodeAsset } from './code.js';
export { Pipeline, PipelineExperimentConfig, defaultExperimentConfig } from './pipeline.js';
export { step, FunctionStep, FunctionStepError } from './function-steps/function-step.js';
export type { FunctionStepOptions, FunctionStepFactory, DelayedReturn, StepResult, StepArgument } from './function-steps/function-step.js';
export { SerialisationError } from './function-steps/serialisation.js';
export type { PipelineOptions } from './pipeline.js';
export { PipelineDefinitionError, validateDefinition, definitionWarnings } from './validation.js';
