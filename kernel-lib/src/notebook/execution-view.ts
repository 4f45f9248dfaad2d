/** How an execution looks: its DAG coloured by step status, a step table, and the failure when there is one. */
import type { DescribePipelineExecutionCommandOutput, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import { conditionOutcomes, dagSvg, dagText } from './dag-svg.js';
import type { RichOutput } from './display.js';
import type { PipelineGraph } from './graph.js';
import { escapeXml, htmlTable, textTable } from './html.js';
import { statusMark } from './step-status.js';

/** Why a failed execution failed, as a person reads it: the step, its reason, the end of its log. */
export interface FailureDetail {
  readonly stepName: string;
  readonly reason: string;
  readonly logTail: readonly string[];
}

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
}

export function formatDuration(ms: number): string {
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const stepHeaders = ['Step', 'Status', 'Start', 'Duration', 'Cache hit', 'Attempt', 'Failure reason'];

function stepRows(state: ExecutionState): string[][] {
  const now = state.now ?? new Date();
  return state.steps.map((step) => {
    const start = step.StartTime;
    const end = step.EndTime ?? (step.StepStatus === 'Executing' || step.StepStatus === 'Starting' ? now : undefined);
    const note = state.notes?.get(step.StepName ?? '');
    return [
      step.StepName ?? '',
      `${statusMark(step.StepStatus)} ${step.StepStatus ?? ''}${note === undefined ? '' : ` · ${note}`}`,
      start === undefined ? '' : start.toTimeString().slice(0, 8),
      start === undefined || end === undefined ? '' : formatDuration(end.getTime() - start.getTime()),
      step.CacheHitResult?.SourcePipelineExecutionArn === undefined ? '' : `yes, from ${executionId(step.CacheHitResult.SourcePipelineExecutionArn)}`,
      step.AttemptCount === undefined ? '' : String(step.AttemptCount),
      step.FailureReason ?? '',
    ];
  });
}

export function executionId(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function headline(state: ExecutionState): string {
  const described = state.described;
  const arn = described.PipelineExecutionArn ?? '';
  const pipeline = (described.PipelineArn ?? '').split('/').pop() ?? '';
  const name = described.PipelineExecutionDisplayName ?? executionId(arn);
  const status = described.PipelineExecutionStatus ?? 'Unknown';
  const started = described.CreationTime;
  const ended = status === 'Executing' || status === 'Stopping' ? state.now ?? new Date() : described.LastModifiedTime;
  const took = started !== undefined && ended !== undefined ? ` after ${formatDuration(ended.getTime() - started.getTime())}` : '';
  return `Execution ${name} of ${pipeline}: ${status}${took}`;
}

function failureText(failure: FailureDetail): string {
  const log = failure.logTail.length === 0 ? '' : `\nLast lines of its log:\n${failure.logTail.map((line) => `  | ${line}`).join('\n')}`;
  return `Step ${failure.stepName} failed: ${failure.reason}${log}`;
}

export function executionView(state: ExecutionState): RichOutput {
  const statuses = new Map(state.steps.map((step) => [step.StepName ?? '', step.StepStatus ?? '']));
  const outcomes = conditionOutcomes(state.steps);
  const rows = stepRows(state);
  const title = headline(state);
  const reason = state.described.FailureReason;
  const failure = state.failure;
  const html =
    `<div class="sluice-execution"><p><b>${escapeXml(title)}</b></p>` +
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
    state.graph === undefined ? '' : dagText(state.graph, { statuses, outcomes }),
    rows.length === 0 ? '' : textTable(stepHeaders, rows),
    failure !== undefined ? failureText(failure) : reason ?? '',
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
export function progressLines(previous: ReadonlyMap<string, string>, steps: readonly PipelineExecutionStep[], now = new Date(), notes?: ReadonlyMap<string, string>): string[] {
  const time = now.toTimeString().slice(0, 8);
  return steps
    .filter((step) => previous.get(step.StepName ?? '') !== stepProgress(step, notes))
    .map((step) => `${time} ${statusMark(step.StepStatus)} ${step.StepName} ${stepProgress(step, notes)}${step.FailureReason === undefined ? '' : `: ${step.FailureReason}`}`);
}
