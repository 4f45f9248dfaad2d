/**
 * What `await execution.wait()` shows while it waits: in a notebook one output, updated in place
 * (tslab's newDisplay, at most ~3 times a second) and ending with the final picture; anywhere else a
 * line per step status change, then the final table. A failure ends with the step, its reason and its log tail.
 */
import { inspect, type InspectOptions } from 'node:util';
import type { DescribePipelineExecutionCommandOutput, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { isTerminalExecutionStatus } from '../definition/index.js';
import type { PipelineExecution, WaitReporter } from '../session/execution.js';
import { LiveOutput } from './display.js';
import { swallowNextNewline } from './displayable.js';
import { conditionTexts, executionBackground, failureDetail, runReasonsOf, type ExecutionBackground } from './execution-state.js';
import { executionView, progressLines, stepProgress } from './execution-view.js';
import { runningJobMessages } from './jobs.js';

/**
 * wait() resolves to the DescribePipelineExecution response; as a cell's last value tslab would print all
 * of it under the picture, which already says it. A non-enumerable inspect hook prints nothing as the
 * cell's value and one line inside other output (JSON and field access are unchanged).
 */
function quietResult(described: DescribePipelineExecutionCommandOutput): void {
  const line = `${described.PipelineExecutionStatus ?? 'Unknown'}: ${described.PipelineExecutionArn ?? ''}`;
  const value = (depth: number | null, options: InspectOptions): string => {
    if (depth !== options.depth) return line;
    swallowNextNewline();
    return '';
  };
  Object.defineProperty(described, inspect.custom, { value, enumerable: false, configurable: true });
}

export function liveProgress(execution: PipelineExecution): WaitReporter {
  let live: LiveOutput | null | undefined;
  let background: ExecutionBackground | undefined;
  let conditions: Map<string, string[]> | undefined;
  let runReasons: Map<string, string> | undefined;
  let runReasonsFor = 0;
  const seen = new Map<string, string>();
  const onProgress = async (described: DescribePipelineExecutionCommandOutput, steps: readonly PipelineExecutionStep[]): Promise<void> => {
    background ??= await executionBackground(execution, described);
    const status = described.PipelineExecutionStatus ?? '';
    const done = isTerminalExecutionStatus(status);
    const failure = status === 'Failed' ? await failureDetail(execution, described, steps) : undefined;
    const notes = done ? undefined : await runningJobMessages(execution, steps);
    // Fetched again only when another condition has finished.
    const finishedConditions = steps.filter((step) => step.Metadata?.Condition?.Outcome !== undefined).length;
    if (finishedConditions > (conditions?.size ?? 0)) conditions = await conditionTexts(execution, steps);
    // A step's reason is known once it is past Starting: fetched again only when another is.
    const pastStarting = steps.filter((step) => step.StepStatus !== 'Starting').length;
    if (pastStarting > runReasonsFor) [runReasons, runReasonsFor] = [await runReasonsOf(execution), pastStarting];
    const view = executionView({ described, steps, ...background, conditions, failure, notes, runReasons });
    if (live === undefined) {
      live = LiveOutput.open(view) ?? null;
      if (live !== null) {
        if (done) quietResult(described);
        return;
      }
    }
    if (live !== null) {
      if (done) {
        live.finish(view);
        quietResult(described);
      } else live.update(view);
      return;
    }
    // No kernel: lines on stdout (not console.log, which test runners decorate), then the final table.
    for (const line of progressLines(seen, steps, new Date(), notes)) process.stdout.write(`${line}\n`);
    for (const step of steps) seen.set(step.StepName ?? '', stepProgress(step, notes));
    if (done) process.stdout.write(`${view.text}\n`);
  };
  // A picture updated in place is only useful when it is fresh: poll at least every 2 s.
  return { onProgress, maxDelayMs: 2000 };
}
