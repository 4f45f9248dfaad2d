/**
 * What runs in a function step's job (bundled with the user's function, see bundle.ts): reads the arguments, replaces
 * the placeholders with pipeline variables' values (the command-line arguments) and other steps' results (their
 * `results` outputs, copied in as inputs), calls the function and writes what it returns as the `results` output.
 * A failure is written where SageMaker reads a job's failure reason.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decode, encode, type Encoded } from './serialisation.js';
import {
  ARGUMENTS_DIR,
  ARGUMENTS_FILE,
  FAILURE_FILE,
  RESULT_FILE,
  RESULT_OUTPUT_DIR,
  RESULTS_INPUT_DIR,
  type ArgumentsDocument,
  type ResultPlaceholder,
  type ValuePlaceholder,
} from './job-layout.js';

type StepFunction = (...args: never[]) => unknown;

/** Runs `fn` as the job's work; sets a non-zero exit code when it throws. */
export async function runFunctionStep(fn: StepFunction): Promise<void> {
  try {
    const document = JSON.parse(readFileSync(join(ARGUMENTS_DIR, ARGUMENTS_FILE), 'utf8')) as ArgumentsDocument;
    const values = process.argv.slice(2);
    const results = new Map<string, unknown>();
    const resolve = (tagged: { readonly [key: string]: Encoded }): unknown => {
      if (tagged.__sluice__ === 'variable') return valueOf(tagged as unknown as ValuePlaceholder, values);
      if (tagged.__sluice__ === 'result') return resultOf(tagged as unknown as ResultPlaceholder, results);
      throw new Error(`Unknown placeholder ${JSON.stringify(tagged)} in the step's arguments`);
    };
    const args = document.arguments.map((argument) => decode(argument, resolve));
    const returned = await (fn as (...a: unknown[]) => unknown)(...args);
    const encoded = encode(returned, `The value ${document.function} returned`);
    mkdirSync(RESULT_OUTPUT_DIR, { recursive: true });
    writeFileSync(join(RESULT_OUTPUT_DIR, RESULT_FILE), JSON.stringify(encoded));
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(error instanceof Error ? (error.stack ?? message) : message);
    try {
      mkdirSync(dirname(FAILURE_FILE), { recursive: true });
      writeFileSync(FAILURE_FILE, message.slice(0, 1024));
    } catch {
      // The log has it.
    }
    process.exitCode = 1;
  }
}

function valueOf(placeholder: ValuePlaceholder, values: readonly string[]): unknown {
  const text = values[placeholder.index];
  if (text === undefined) throw new Error(`The job has no command-line argument ${placeholder.index} for a pipeline variable`);
  switch (placeholder.type) {
    case 'Integer':
    case 'Float':
      return Number(text);
    case 'Boolean':
      return text === 'true' || text === 'True';
    default:
      return text;
  }
}

function resultOf(placeholder: ResultPlaceholder, results: Map<string, unknown>): unknown {
  if (!results.has(placeholder.step)) {
    const text = readFileSync(join(RESULTS_INPUT_DIR, placeholder.step, RESULT_FILE), 'utf8');
    results.set(placeholder.step, decode(JSON.parse(text) as Encoded));
  }
  let value = results.get(placeholder.step);
  for (const key of placeholder.path) {
    if (value === null || typeof value !== 'object') {
      throw new Error(`The result of step "${placeholder.step}" has no member ${placeholder.path.join('.')} (stopped at "${key}")`);
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
