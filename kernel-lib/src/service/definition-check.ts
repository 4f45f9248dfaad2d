/**
 * The one place the service checks a pipeline definition: the same checks the SDK runs before it sends one, so
 * the service accepts what SageMaker would. Only the pure definition modules are imported (JSON as Python reads
 * it, and the validation rules), never the SDK's Pipeline with its session and clients.
 */
import { JsonSyntaxError, pyJsonLoads } from '../sdk/json.js';
import { PipelineDefinitionError, validateDefinition } from '../sdk/validation.js';

/** Every problem of the definition text, each naming step and field; empty when it is valid. */
export function definitionProblems(text: string): readonly string[] {
  try {
    validateDefinition(pyJsonLoads(text));
    return [];
  } catch (error) {
    if (error instanceof JsonSyntaxError) return [`The definition is not valid JSON: ${error.message}`];
    if (error instanceof PipelineDefinitionError) return error.problems;
    throw error;
  }
}
