/** Sessions: where pipelines run. `Session.local()` is the default; the same pipeline runs on Amazon SageMaker with an AWS session. */
export { Session, LocalSession } from './session.js';
export type { LocalSessionOptions } from './session.js';
export { AwsSession } from './aws-session.js';
export type { AwsSessionOptions } from './aws-session.js';
export { ModelRegistry } from './model-registry.js';
export { PipelineExecution, ExecutionFailedError } from './execution.js';
export type { WaitOptions } from './execution.js';
export type { UpsertOptions, UpsertResult, StartOptions } from './pipeline-actions.js';
export type { RunStepsOptions } from './run-steps.js';
export { LocalExtrasClient, LocalServiceError } from './local-extras-client.js';
export type { LocalServiceAddress, JobLogLine, ConditionStepEvaluation, EvaluatedCondition } from './local-extras-client.js';
export { Predictor } from './predictor.js';
export type { InvokeOptions, Invocation, PredictFormat } from './predictor.js';
export { ModelPackage } from './model-package.js';
export { EndpointDeploymentError, waitForEndpoint } from './deploy.js';
export type { DeployOptions } from './deploy.js';
export { ApprovalDeployment, productionApprovalKey, stagingTestKey } from './approval-deployment.js';
export type { ApprovalDeploymentOptions, DeploymentAction } from './approval-deployment.js';
