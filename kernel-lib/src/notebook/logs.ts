/** A step's job log, read from the local service (SageMaker keeps job logs in CloudWatch, out of our reach). */
import type { PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import type { PipelineExecution } from '../session/execution.js';
import { LocalSession } from '../session/session.js';
import { findStep, jobOf } from './jobs.js';

/** The log lines of a step's job; undefined when the step has no job or the session cannot read logs. */
export async function stepLogLines(execution: PipelineExecution, step: PipelineExecutionStep): Promise<string[] | undefined> {
  const job = jobOf(step);
  if (job === undefined || !(execution.session instanceof LocalSession)) return undefined;
  // The service answers with every line from the start in one reply.
  const page = await (await execution.session.extras()).jobLog(job.name, 0);
  return page.lines.map((line) => line.Text);
}

/**
 * Prints the log of a step's job (what CloudWatch Logs holds for a SageMaker job), from the local service.
 *
 * @example
 * ```ts
 * await logs(execution, 'Train');
 * ```
 */
export async function logs(execution: PipelineExecution, stepName: string): Promise<void> {
  const step = await findStep(execution, stepName);
  const lines = await stepLogLines(execution, step);
  if (lines === undefined) {
    console.log(
      jobOf(step) === undefined
        ? `Step ${step.StepName} runs no job, so it has no log.`
        : `The log of ${step.StepName} is in CloudWatch Logs for this session.`,
    );
    return;
  }
  console.log(lines.length === 0 ? `(the log of ${step.StepName} is empty)` : lines.join('\n'));
}
