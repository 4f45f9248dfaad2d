/**
 * `show(x)`: the rich picture of anything Sluice knows (pipeline, execution, step, parameters, outputs,
 * metrics, model versions) in a notebook cell, its text anywhere else. Never throws for lack of a kernel.
 */
import { inspect } from 'node:util';
import { Parameter } from '../sdk/parameters.js';
import type { AnyParameter } from '../sdk/parameters.js';
import { Pipeline } from '../sdk/pipeline.js';
import { Step } from '../sdk/steps/step.js';
import { PipelineExecution } from '../session/execution.js';
import { emit, type RichOutput } from './display.js';
import { Displayable } from './displayable.js';
import { executionState } from './execution-state.js';
import { executionView } from './execution-view.js';
import { parametersView, pipelineView, stepView } from './pipeline-view.js';

function isParameterList(value: unknown): value is readonly AnyParameter[] {
  return Array.isArray(value) && value.length > 0 && value.every((item) => item instanceof Parameter);
}

/** The view of a value that needs no request to the service; undefined for an execution. */
export function viewOf(value: unknown): RichOutput | undefined {
  if (value instanceof Pipeline) return pipelineView(value);
  if (value instanceof Step) return stepView(value);
  if (value instanceof Parameter) return parametersView([value as AnyParameter]);
  if (isParameterList(value)) return parametersView(value);
  if (value instanceof Displayable) return value.view();
  if (value instanceof PipelineExecution) return undefined;
  return { text: inspect(value) };
}

/**
 * Shows anything Sluice knows in the cell: a pipeline (its DAG), a step (its box and JSON), parameters (a table), an
 * execution (its graph coloured by status, its steps, why it failed), step outputs, metrics, model versions. Outside a
 * notebook it prints their text. An execution's state is fetched first, so `await show(execution)`.
 *
 * @example
 * ```ts
 * show(pipeline);
 * await show(execution);
 * ```
 */
export function show(value: PipelineExecution): Promise<void>;
export function show(value: unknown): void;
export function show(value: unknown): void | Promise<void> {
  if (value instanceof PipelineExecution) {
    return executionState(value).then(
      (state) => emit(executionView(state)),
      (error: unknown) => console.log(`Execution ${value.arn}: cannot be shown (${(error as Error).message})`),
    );
  }
  let output: RichOutput | undefined;
  try {
    output = viewOf(value);
  } catch (error) {
    output = { text: `${inspect(value)} (cannot be shown: ${(error as Error).message})` };
  }
  if (output !== undefined) emit(output);
}
