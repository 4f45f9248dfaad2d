/**
 * Where a function step's job finds its inputs and leaves its result, in the processing container's /opt/ml: one
 * place for the step that writes the job's request and the code that runs in the job.
 */
import type { Encoded } from './serialisation.js';

export const PROCESSING_ROOT = '/opt/ml/processing';
/** The folder of the `arguments` input; it holds ARGUMENTS_FILE. */
export const ARGUMENTS_DIR = `${PROCESSING_ROOT}/input/arguments`;
export const ARGUMENTS_FILE = 'arguments.json';
/** The folder of the `code` input: the step's bundle. */
export const CODE_DIR = `${PROCESSING_ROOT}/input/code`;
/** Another function step's result, read from its `results` output: `<RESULTS_INPUT_DIR>/<step name>/<RESULT_FILE>`. */
export const RESULTS_INPUT_DIR = `${PROCESSING_ROOT}/input/results`;
/** The folder of this step's `results` output; it holds RESULT_FILE. */
export const RESULT_OUTPUT_DIR = `${PROCESSING_ROOT}/output/results`;
export const RESULT_FILE = 'result.json';
/** The output name of a function step's result (its `ProcessingOutputConfig.Outputs` entry). */
export const RESULT_OUTPUT_NAME = 'results';
/** SageMaker's place for a job to explain its failure. */
export const FAILURE_FILE = '/opt/ml/output/failure';

/** The document in the `arguments` input: the call's arguments, with placeholders for what is known only at run time. */
export interface ArgumentsDocument {
  readonly function: string;
  readonly arguments: readonly Encoded[];
}

/** A pipeline variable's value, given to the job as its command-line argument `index` (a string), and its type. */
export interface ValuePlaceholder {
  readonly __sluice__: 'variable';
  readonly index: number;
  readonly type: 'String' | 'Integer' | 'Float' | 'Boolean';
}

/** Another function step's return value, or a member of it at `path`. */
export interface ResultPlaceholder {
  readonly __sluice__: 'result';
  readonly step: string;
  readonly path: readonly string[];
}
