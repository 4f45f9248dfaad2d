/** What would run and why: a plan before starting, and the reasons steps ran in an execution. SageMaker has neither. */
import { ParameterError, parseDefinition, resolveParameters } from '../../engine/index.js';
import type { OperationContext } from '../context.js';
import { definitionProblems } from '../definition-check.js';
import { validationError } from '../errors.js';
import { optionalString, type RequestBody } from '../input.js';
import type { Output } from '../protocol.js';
import { readParameterOverrides, requireExecution, stepRecords } from './executions.js';
import { pipelineName, pipelineNotFound } from './pipelines.js';
import { pipelineArn } from '../arns.js';

/**
 * SluiceLocal.PlanPipelineExecution: for each step of the pipeline's latest version (or of PipelineDefinition, not yet
 * upserted) started now with PipelineParameters, a cache hit and its source, or a run and its reason.
 */
export function planPipelineExecution(body: RequestBody, context: OperationContext): Output<'SluiceLocal.PlanPipelineExecution'> {
  const name = pipelineName(body);
  const given = optionalString(body, 'PipelineDefinition', { min: 1, max: 1_000_000 });
  const overrides = readParameterOverrides(body);
  let definition = given;
  if (definition === undefined) {
    const pipeline = context.store.pipelines.get(name);
    if (pipeline === undefined) throw pipelineNotFound(name);
    definition = context.store.pipelines.version(pipeline.name, pipeline.latestVersion)?.definition ?? '';
  } else {
    const problems = definitionProblems(definition);
    if (problems.length > 0) throw validationError(`PipelineDefinition is not valid: ${problems.join('; ')}`);
  }
  let parameters;
  try {
    parameters = resolveParameters(parseDefinition(definition), overrides);
  } catch (error) {
    if (error instanceof ParameterError) throw validationError(error.message);
    throw error;
  }
  const arn = context.store.pipelines.get(name)?.arn ?? pipelineArn(context.scope, name);
  try {
    return { Steps: context.engine.plan(definition, name, arn, parameters) };
  } catch (error) {
    throw validationError(`The plan could not be made: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** SluiceLocal.ListStepRunReasons: why each step of an execution that had caching on ran instead of reusing a cached run. */
export function listStepRunReasons(body: RequestBody, context: OperationContext): Output<'SluiceLocal.ListStepRunReasons'> {
  const execution = requireExecution(body, context);
  return {
    // A step a selective run reused ran in another execution: its reason is that execution's.
    Steps: stepRecords(context, execution.arn).flatMap((record) =>
      record.runReason === undefined || record.selectiveSource !== undefined ? [] : [{ StepName: record.name, Reason: record.runReason }],
    ),
  };
}
