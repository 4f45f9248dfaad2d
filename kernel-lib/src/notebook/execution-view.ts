/** How an execution looks: its DAG coloured by step status, a step table, and the failure when there is one. */
import type { DescribePipelineExecutionCommandOutput, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { conditionOutcomes, dagSvg, dagText } from './dag-svg.js';
import type { RichOutput } from './display.js';
import { formatDuration, type PipelineGraph } from '../definition/index.js';
import { escapeXml, htmlTable, textTable } from './html.js';
import { statusMark } from './step-status.js';

/** Why a failed execution failed, as a person reads it: the step, its reason, the end of its log. */
export interface FailureDetail {
  readonly stepName: string;
  readonly reason: string;
  readonly logTail: readonly string[];
}

/** What a picture of an execution is drawn from: DescribePipelineExecution's answer, its steps, and its definition's graph. */
export interface ExecutionState {
  readonly described: DescribePipelineExecutionCommandOutput;
  readonly steps: readonly PipelineExecutionStep[];
  /** The definition the execution runs; without it the picture is the table alone. */
  readonly graph?: PipelineGraph;
  readonly failure?: FailureDetail;
  /** For the duration of steps still running. */
  readonly now?: Date;
  /** What running steps' jobs are busy with before their program runs (preparing an environment). */
  readonly notes?: ReadonlyMap<string, string>;
  /** The pipeline's name as written (ARNs hold it lowercased). */
  readonly pipelineName?: string;
  /** Each finished Condition step's conditions as evaluated: `mse 4.38 ≤ MseThreshold 6 → true`. */
  readonly conditions?: ReadonlyMap<string, readonly string[]>;
  /** For a selective execution: what ran, what was reused, and parameter values the reused steps ran with. */
  readonly reuse?: ReuseDetail;
  /** Why each step that had caching on ran (`hyperparameter max_depth changed 5 → 7`); the local service keeps it. */
  readonly runReasons?: ReadonlyMap<string, string>;
}

/** A selective run: the steps it ran, the execution whose other steps it reused, and where parameters differ. */
export interface ReuseDetail {
  readonly selectedSteps: readonly string[];
  readonly sourceArn: string;
  /** Parameters whose value in the reused run differs from this one's. */
  readonly differing: readonly { readonly name: string; readonly reusedValue: string; readonly value: string }[];
}

const stepHeaders = ['Step', 'Status', 'Start', 'Duration', 'Ran in', 'Attempt', 'Result'];

/** Where a step's outputs come from when it did not run here (a reused run or a cache hit), or why it ran although cached. */
function ranIn(step: PipelineExecutionStep, state: ExecutionState): string {
  const reused = step.SelectiveExecutionResult?.SourcePipelineExecutionArn;
  if (reused !== undefined) return `reused from ${executionId(reused)}`;
  const cached = step.CacheHitResult?.SourcePipelineExecutionArn;
  if (cached !== undefined) return `cache hit from ${executionId(cached)}`;
  const reason = state.runReasons?.get(step.StepName ?? '');
  return reason === undefined ? '' : `ran because: ${reason}`;
}

/** What a step ended with that a person looks for: a condition's evaluation, a registered version, a failure. */
function resultOf(step: PipelineExecutionStep, state: ExecutionState): string {
  const evaluated = state.conditions?.get(step.StepName ?? '');
  if (evaluated !== undefined) return evaluated.join('; ');
  const outcome = step.Metadata?.Condition?.Outcome;
  if (outcome !== undefined) return `outcome ${String(outcome).toLowerCase()}`;
  const registered = step.Metadata?.RegisterModel?.Arn;
  if (registered !== undefined && step.StepStatus === 'Succeeded') return `registered ${registered.slice(registered.indexOf('/') + 1)}`;
  return state.failure?.stepName === step.StepName ? 'failed: the reason is below' : (step.FailureReason ?? '');
}

function stepRows(state: ExecutionState): string[][] {
  const now = state.now ?? new Date();
  return state.steps.map((step) => {
    const start = step.StartTime;
    const running = step.EndTime === undefined && (step.StepStatus === 'Executing' || step.StepStatus === 'Starting');
    const end = step.EndTime ?? (running ? now : undefined);
    const note = state.notes?.get(step.StepName ?? '');
    const reused = step.SelectiveExecutionResult?.SourcePipelineExecutionArn !== undefined;
    return [
      step.StepName ?? '',
      `${statusMark(reused ? 'Reused' : step.StepStatus)} ${reused ? 'Reused' : (step.StepStatus ?? '')}${note === undefined ? '' : ` · ${note}`}`,
      start === undefined || reused ? '' : start.toTimeString().slice(0, 8),
      start === undefined || end === undefined || reused ? '' : formatDuration(end.getTime() - start.getTime(), { running }),
      ranIn(step, state),
      step.AttemptCount === undefined ? '' : String(step.AttemptCount),
      resultOf(step, state),
    ];
  });
}

export function executionId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function headline(state: ExecutionState): string {
  const described = state.described;
  const arn = described.PipelineExecutionArn ?? '';
  const pipeline = state.pipelineName ?? (described.PipelineArn ?? '').split('/').pop() ?? '';
  const id = executionId(arn);
  const display = described.PipelineExecutionDisplayName;
  const name = display === undefined || display === id ? id : `${display} (${id})`;
  const status = described.PipelineExecutionStatus ?? 'Unknown';
  const started = described.CreationTime;
  const running = status === 'Executing' || status === 'Stopping';
  const ended = running ? (state.now ?? new Date()) : described.LastModifiedTime;
  const took = started !== undefined && ended !== undefined ? ` after ${formatDuration(ended.getTime() - started.getTime(), { running })}` : '';
  return `Execution ${name} of ${pipeline}: ${status}${took}`;
}

/** "Selective run of Evaluate, reusing the other steps of <id>" and the parameter values those steps ran with. */
export function reuseLines(reuse: ReuseDetail): string[] {
  const lines = [`Selective run of ${reuse.selectedSteps.join(', ')}, reusing the other steps' outputs from execution ${executionId(reuse.sourceArn)}.`];
  if (reuse.differing.length > 0) {
    lines.push(
      `The reused steps ran with ${reuse.differing.map((entry) => `${entry.name} = ${entry.reusedValue}`).join(', ')} (this run: ${reuse.differing.map((entry) => `${entry.name} = ${entry.value}`).join(', ')}).`,
    );
  }
  return lines;
}

function failureText(failure: FailureDetail): string {
  const log = failure.logTail.length === 0 ? '' : `\nLast lines of its log:\n${failure.logTail.map((line) => `  | ${line}`).join('\n')}`;
  return `Step ${failure.stepName} failed: ${failure.reason}${log}`;
}

/**
 * An execution as a cell shows it: its status line, the DAG coloured by step status, a table of the steps and, when it
 * failed, the failed step's reason and the end of its log.
 *
 * @example
 * ```ts
 * emit(executionView(await executionState(execution)));
 * ```
 */
export function executionView(state: ExecutionState): RichOutput {
  const statuses = new Map(
    state.steps.map((step) => [
      step.StepName ?? '',
      step.SelectiveExecutionResult?.SourcePipelineExecutionArn === undefined ? (step.StepStatus ?? '') : 'Reused',
    ]),
  );
  const outcomes = conditionOutcomes(state.steps);
  const rows = stepRows(state);
  const title = headline(state);
  const reason = state.described.FailureReason;
  const failure = state.failure;
  const reuse = state.reuse === undefined ? [] : reuseLines(state.reuse);
  const html =
    `<div class="sluice-execution"><p><b>${escapeXml(title)}</b></p>` +
    reuse.map((line) => `<p class="sluice-reuse">${escapeXml(line)}</p>`).join('') +
    (state.graph === undefined ? '' : dagSvg(state.graph, { statuses, outcomes })) +
    htmlTable(stepHeaders, rows) +
    (failure !== undefined
      ? `<p style="color:#d93025"><b>Step ${escapeXml(failure.stepName)} failed:</b> ${escapeXml(failure.reason)}</p>` +
        (failure.logTail.length === 0 ? '' : `<pre class="sluice-log-tail">${escapeXml(failure.logTail.join('\n'))}</pre>`)
      : reason === undefined
        ? ''
        : `<p style="color:#d93025">${escapeXml(reason)}</p>`) +
    `</div>`;
  const text = [
    title,
    ...reuse,
    state.graph === undefined ? '' : dagText(state.graph, { statuses, outcomes }),
    rows.length === 0 ? '' : textTable(stepHeaders, rows),
    failure !== undefined ? failureText(failure) : (reason ?? ''),
  ]
    .filter((part) => part !== '')
    .join('\n');
  return { html, text };
}

/** What a step is doing, as progress lines compare it: its status, and its job's note while it has one. */
export function stepProgress(step: PipelineExecutionStep, notes?: ReadonlyMap<string, string>): string {
  const note = notes?.get(step.StepName ?? '');
  return `${step.StepStatus ?? ''}${note === undefined ? '' : ` (${note})`}`;
}

/** One line per change, for progress outside a notebook: "12:00:01 Train Executing". */
export function progressLines(
  previous: ReadonlyMap<string, string>,
  steps: readonly PipelineExecutionStep[],
  now = new Date(),
  notes?: ReadonlyMap<string, string>,
): string[] {
  const time = now.toTimeString().slice(0, 8);
  return steps
    .filter((step) => previous.get(step.StepName ?? '') !== stepProgress(step, notes))
    .map(
      (step) =>
        `${time} ${statusMark(step.StepStatus)} ${step.StepName} ${stepProgress(step, notes)}${step.FailureReason === undefined ? '' : `: ${step.FailureReason}`}`,
    );
}
