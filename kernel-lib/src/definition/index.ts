/**
 * The definition core: what a pipeline definition says (steps and their branches, references, dependencies, property
 * files, parameters, jobs, statuses), read once for the SDK, the engine, the notebook and the panel. Browser-safe.
 */
export { isJsonObject, type Json, type JsonObject } from './json.js';
export {
  parseDefinition,
  type ParameterDefinition,
  type ParameterType,
  type PipelineDefinition,
  type PropertyFileDefinition,
  type RetryPolicyDefinition,
  type StepDefinition,
} from './types.js';
export { branchKey, placeSteps, type BranchOutcome, type BranchPlacement, type PlacedStep, type PlacementProblem } from './steps.js';
export { parseReference, referenceText, referencesIn, stepReferences, stepsReadBy, type ParsedReference, type Reference } from './references.js';
export { propertyFilesOf, type PropertyFile } from './property-files.js';
export { dependenciesOf, findCycle, pipelineGraph, type EdgeKind, type GraphEdge, type GraphNode, type PipelineGraph } from './graph.js';
export { checkParameterValue, isParameterType, parameterTypes, type ParameterCheck, type ParameterProblem, type ParameterValue } from './parameters.js';
export { jobKindOf, jobKinds, jobOf, type JobKind, type JobMetadata, type StepJob } from './jobs.js';
export { formatDuration, isTerminalExecutionStatus } from './status.js';
export { processingJobOutputs, trainingJobOutputs, transformJobOutputs, type JobOutput } from './job-outputs.js';
export {
  latestDueFiring,
  nextFiring,
  nextFirings,
  parseScheduleExpression,
  ScheduleExpressionError,
  scheduleWindow,
  type ScheduleExpression,
  type ScheduleWindow,
} from './schedule-expressions.js';
export { describeShape, didYouMean, fieldOf, nearestNames, propertyPathProblem, stepPropertyShape, type PropertyShape } from './property-paths.js';
export { keyChangeText, plannedStepText, runReasonText, type KeyChange, type KeyChangeKind, type PlannedStep, type RunReason } from './run-reasons.js';
export { ExecutionVariableNames, type ExecutionVariableName } from './execution-variables.js';
export {
  isNotebookJobArguments,
  NOTEBOOK_INPUT_CHANNEL,
  NOTEBOOK_SCHEDULER_ENTRYPOINT,
  notebookJobArguments,
  notebookJobDefaults,
  notebookJobNamePrefix,
  type NotebookJobFields,
} from './notebook-job.js';
export {
  definitionToTypeScript,
  exportTypeScript,
  DefinitionExportError,
  type TypeScriptExport,
  type TypeScriptExportOptions,
  type TypeScriptFallback,
} from './to-typescript.js';
export {
  emptyPipelineDefinition,
  parsePipelineDocument,
  PipelineDocumentError,
  serializePipelineDocument,
  type PipelineDocument,
} from './pipeline-document.js';
