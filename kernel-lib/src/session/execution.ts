/** A pipeline execution, as a notebook or program holds it: describe, steps, wait, stop, retry. */
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  ListPipelineParametersForExecutionCommand,
  RetryPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type DescribePipelineExecutionCommandOutput,
  type PipelineExecutionStep,
} from '@aws-sdk/client-sagemaker';
import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { isTerminalExecutionStatus, runReasonText } from '../definition/index.js';
import { LocalSession, type Session } from './session.js';

/** Thrown by `wait()` when the execution ends Failed or Stopped; carries SageMaker's failure reason. */
export class ExecutionFailedError extends Error {
  override readonly name = 'ExecutionFailedError';
  constructor(
    readonly executionArn: string,
    readonly status: string,
    readonly failureReason: string | undefined,
    readonly steps: readonly PipelineExecutionStep[],
    /** Whether a live display (the notebook's) has already shown the failure with its reason. */
    readonly shownAbove = false,
  ) {
    const failed = steps.find((step) => step.StepStatus === 'Failed');
    super(
      `Pipeline execution ${status.toLowerCase()}: ${failureReason ?? (failed ? `step "${failed.StepName}" failed: ${failed.FailureReason}` : 'no reason given')}`,
    );
  }

  /** One line where tslab or the REPL prints it: an expected failure, so no stack, no dump, and no reason said twice. */
  [inspect.custom](): string {
    if (!this.shownAbove) return `${this.name}: ${this.message}`;
    const failed = this.steps.find((step) => step.StepStatus === 'Failed')?.StepName;
    return `${this.name}: pipeline execution ${this.status.toLowerCase()}${failed === undefined ? '' : ` at step ${failed}`}; the reason is above`;
  }
}

/** The options of {@link PipelineExecution.wait}. */
export interface WaitOptions {
  /** First poll interval; it grows by half each time up to 10 s. Default 500 ms. */
  readonly delayMs?: number;
  /** Give up (with an error) after this many polls. Default: no limit. */
  readonly maxAttempts?: number;
  /** Called after each poll with DescribePipelineExecution's answer and the steps so far; by default the notebook's live view. */
  readonly onProgress?: WaitProgress;
}

/** A step as ListPipelineExecutionSteps gives it, with why it ran when its caching was on and it reused nothing. */
export type ExecutionStep = PipelineExecutionStep & {
  /** `hyperparameter max_depth changed 5 → 7`, `never ran`, `expired (ExpireAfter P30D)`; the local service keeps it. */
  readonly RunReason?: string;
};

export type WaitProgress = (execution: DescribePipelineExecutionCommandOutput, steps: readonly PipelineExecutionStep[]) => void | Promise<void>;

/** What wait() reports to when the caller passes no onProgress: the notebook module's live display, if loaded. */
export interface WaitReporter {
  readonly onProgress: WaitProgress;
  /** A live display wants fresher state than the default 10 s ceiling between polls. */
  readonly maxDelayMs?: number;
}

let waitReporter: ((execution: PipelineExecution) => WaitReporter | undefined) | undefined;

/** Installs (or removes, with undefined) the reporter wait() uses when given no onProgress. */
export function reportWaitWith(reporter: ((execution: PipelineExecution) => WaitReporter | undefined) | undefined): void {
  waitReporter = reporter;
}

/**
 * One execution of a pipeline, by its ARN (the Python SDK's `_PipelineExecution`): describe it, list its steps, wait for
 * it, stop or retry it. `pipeline.start()` returns one; in a notebook it shows itself as a live view of its graph.
 *
 * @example
 * ```ts
 * const execution = await pipeline.start({ parameters: { MseThreshold: 7 } });
 * await execution.wait();                    // throws ExecutionFailedError with SageMaker's FailureReason
 * for (const step of await execution.listSteps()) console.log(step.StepName, step.StepStatus);
 * ```
 */
export class PipelineExecution {
  constructor(
    readonly arn: string,
    readonly session: Session,
  ) {}

  /** DescribePipelineExecution: its status, failure reason, times and display name. */
  async describe(): Promise<DescribePipelineExecutionCommandOutput> {
    return (await this.session.client()).send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: this.arn }));
  }

  /** Every step that has started, oldest first. */
  async listSteps(): Promise<PipelineExecutionStep[]> {
    const client = await this.session.client();
    const steps: PipelineExecutionStep[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: this.arn, SortOrder: 'Ascending', NextToken: token }));
      steps.push(...(page.PipelineExecutionSteps ?? []));
      token = page.NextToken;
    } while (token);
    return steps;
  }

  /** Every step that has started, oldest first, each that ran with caching on carrying why it ran (`RunReason`). */
  async steps(): Promise<ExecutionStep[]> {
    const [steps, reasons] = await Promise.all([this.listSteps(), this.runReasons()]);
    return steps.map((step) => {
      const reason = reasons.get(step.StepName ?? '');
      return reason === undefined ? step : { ...step, RunReason: reason };
    });
  }

  /** Why each step that had caching on ran instead of reusing a run, by step name; empty on the AWS session (SageMaker does not say). */
  async runReasons(): Promise<Map<string, string>> {
    if (!(this.session instanceof LocalSession)) return new Map();
    const { Steps } = await (await this.session.extras()).call('ListStepRunReasons', { PipelineExecutionArn: this.arn });
    return new Map(Steps.map((step) => [step.StepName, runReasonText(step.Reason)]));
  }

  /** The parameter values the execution runs with, defaults included (ListPipelineParametersForExecution), as strings. */
  async parameters(): Promise<Record<string, string>> {
    const result = await (await this.session.client()).send(new ListPipelineParametersForExecutionCommand({ PipelineExecutionArn: this.arn }));
    return Object.fromEntries((result.PipelineParameters ?? []).map((parameter) => [parameter.Name ?? '', parameter.Value ?? '']));
  }

  /** Polls until the execution ends; resolves when it Succeeded, throws ExecutionFailedError otherwise. */
  async wait(options: WaitOptions = {}): Promise<DescribePipelineExecutionCommandOutput> {
    let delay = options.delayMs ?? 500;
    const reporter = options.onProgress === undefined ? waitReporter?.(this) : undefined;
    const onProgress = options.onProgress ?? reporter?.onProgress;
    for (let attempt = 1; ; attempt++) {
      const described = await this.describe();
      const status = described.PipelineExecutionStatus ?? '';
      if (onProgress !== undefined || isTerminalExecutionStatus(status)) {
        const steps = await this.listSteps();
        await onProgress?.(described, steps);
        if (status === 'Succeeded') return described;
        if (isTerminalExecutionStatus(status)) throw new ExecutionFailedError(this.arn, status, described.FailureReason, steps, reporter !== undefined);
      }
      if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) {
        throw new Error(`Pipeline execution ${this.arn} is still ${status} after ${attempt} polls`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 1.5, reporter?.maxDelayMs ?? 10000);
    }
  }

  /** Asks the execution to stop (StopPipelineExecution); running jobs are stopped and it ends Stopped. */
  async stop(): Promise<void> {
    await (await this.session.client()).send(new StopPipelineExecutionCommand({ PipelineExecutionArn: this.arn, ClientRequestToken: randomUUID() }));
  }

  /** Runs a failed execution again from its failure, under the same ARN. */
  async retry(): Promise<void> {
    await (await this.session.client()).send(new RetryPipelineExecutionCommand({ PipelineExecutionArn: this.arn, ClientRequestToken: randomUUID() }));
  }
}
