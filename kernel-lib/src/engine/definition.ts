/** The definition JSON as the engine reads it (already validated by the SDK when the pipeline was stored): the definition core's types. */
export {
  isJsonObject,
  NOTEBOOK_SCHEDULER_ENTRYPOINT,
  parseDefinition,
  type Json,
  type JsonObject,
  type ParameterDefinition,
  type PipelineDefinition,
  type PropertyFileDefinition,
  type RetryPolicyDefinition,
  type StepDefinition,
} from '../definition/index.js';
