/** The local engine: runs a pipeline definition on this machine, under SageMaker's semantics. */
export { Execution, unsupportedSteps } from './executor.js';
export type { CachedRun, EngineServices, ExecutionOptions, StepCache } from './executor.js';
export type { ExecutionListener, ExecutionStatus, ExecutionUpdate, StepRecord, StepStatus } from './records.js';
export { ArtifactStore, ArtifactPathError } from './artifacts.js';
export { resolveParameters, ParameterError } from './parameters.js';
export { readJobLog } from './jobs/job-log.js';
export type { LogLine } from './jobs/job-log.js';
export { canMountPrivateOptMl } from './jobs/host-process.js';
export type { JobAccess, JobGrant, Runtimes } from './jobs/host-process.js';
export type { JobRecorder, ModelRegistryPort, StepIntegrations, CallbackAnswer, CallbackWait } from './runners/types.js';
export { buildGraph, downstreamOf } from './graph.js';
export { planSelection, SelectionError } from './selective.js';
export { parseDefinition } from './definition.js';
export type { Json, JsonObject, PipelineDefinition } from './definition.js';
export { defaultImageRules, loadImageRules, runtimeForImage } from './runtimes.js';
export type { ImageRule, LocalRuntime } from './runtimes.js';
export { ModelServer, ModelServingError, servedContainer } from './serving/model-server.js';
export type { ModelServerOptions } from './serving/model-server.js';
