/** One execution, live: status, steps, parameter values and the graph of the definition it ran. */
import type { ConditionStepEvaluation, ExecutionDescription, ExecutionStep, ParameterValue, ServiceClient } from '../api/operations';
import { definitionToGraph, type PipelineGraph } from './graph';
import { ranBecauseText } from './plan';
import { PolledModel } from './polled-model';
import { isTerminalExecution, jobOf, stepState, type StepState } from './step-status';
import { StepModel } from './step-model';

export class ExecutionModel extends PolledModel {
  private _description: ExecutionDescription | undefined;
  private _steps: ExecutionStep[] = [];
  private _parameters: ParameterValue[] = [];
  private _graph: PipelineGraph | undefined;
  private _reusedParameters: ParameterValue[] | undefined;
  private _conditions = new Map<string, ConditionStepEvaluation>();
  private _runReasons = new Map<string, string>();
  private _runReasonsFor = 0;
  private readonly _stepModels = new Map<string, StepModel>();

  constructor(
    client: ServiceClient,
    readonly executionArn: string,
    /** Given by the opener: ARNs carry the name lowercased, and names are matched as written. */
    readonly pipelineName: string,
    // Two requests a tick: about one a second, as the budget for a live view allows.
    intervalMs = 2000,
  ) {
    super(client, intervalMs);
  }

  get description(): ExecutionDescription | undefined {
    return this._description;
  }

  get status(): string | undefined {
    return this._description?.PipelineExecutionStatus;
  }

  /** Step rows, newest first as the service lists them. */
  get steps(): readonly ExecutionStep[] {
    return this._steps;
  }

  get parameters(): readonly ParameterValue[] {
    return this._parameters;
  }

  get graph(): PipelineGraph | undefined {
    return this._graph;
  }

  /** A selective run: the steps it ran and the execution whose outputs it reused for the rest. */
  get selective(): { steps: string[]; sourceArn: string } | undefined {
    const config = this._description?.SelectiveExecutionConfig;
    if (config?.SourcePipelineExecutionArn === undefined) return undefined;
    return { steps: (config.SelectedSteps ?? []).map((step) => step.StepName ?? ''), sourceArn: config.SourcePipelineExecutionArn };
  }

  /**
   * The parameter values the reused steps ran with, where they differ from this run's: a selective run of
   * Evaluate with Ridge = 0.01 may reuse a Train that ran with Ridge = 1.
   */
  get reusedParameterDifferences(): { name: string; reusedValue: string; value: string }[] {
    const mine = new Map(this._parameters.map((parameter) => [parameter.Name, parameter.Value]));
    return (this._reusedParameters ?? []).flatMap((parameter) => {
      const value = mine.get(parameter.Name);
      return value === undefined || value === parameter.Value ? [] : [{ name: parameter.Name, reusedValue: parameter.Value, value }];
    });
  }

  /** Why a step that had caching on ran (`ran because: hyperparameter max_depth changed 5 → 7`), where the service keeps it. */
  runReasonOf(stepName: string): string | undefined {
    return this._runReasons.get(stepName);
  }

  /** A finished Condition step's conditions as evaluated, where the service keeps them (the local one does). */
  conditionOf(stepName: string): ConditionStepEvaluation | undefined {
    return this._conditions.get(stepName);
  }

  /** The branch a finished Condition step took, from its outcome. */
  outcomeOf(stepName: string): 'true' | 'false' | undefined {
    const outcome = this.stepRow(stepName)?.Metadata?.Condition?.Outcome;
    return outcome === undefined ? undefined : outcome.toLowerCase() === 'true' ? 'true' : 'false';
  }

  /** A step's model for its pane: made once per step, disposed with the execution's. */
  step(stepName: string): StepModel {
    let model = this._stepModels.get(stepName);
    if (model === undefined) {
      model = new StepModel(this.client, this, stepName);
      this._stepModels.set(stepName, model);
    }
    return model;
  }

  override dispose(): void {
    for (const model of this._stepModels.values()) model.dispose();
    this._stepModels.clear();
    super.dispose();
  }

  /** The latest row of a step: a retried step has one row per attempt. */
  stepRow(name: string): ExecutionStep | undefined {
    return this._steps.find((row) => row.StepName === name);
  }

  stepState(name: string): StepState {
    return stepState(this.stepRow(name), this.status);
  }

  /**
   * The job a step runs, for its log. A finished step names it in its Metadata; a running one may not yet,
   * so the job is looked up by the name SageMaker gives pipeline jobs: `pipelines-<execution id>-<step>-…`.
   */
  async jobOf(stepName: string): Promise<string | undefined> {
    const recorded = jobOf(this.stepRow(stepName));
    if (recorded) return recorded.name;
    const stepType = this._graph?.nodes.find((node) => node.id === stepName)?.stepType;
    const prefix = `pipelines-${this.executionArn.slice(this.executionArn.lastIndexOf('/') + 1)}-${stepName.replace(/[^A-Za-z0-9-]/g, '-')}`.slice(0, 52);
    if (stepType === 'Processing') {
      const listed = await this.client.call('SageMaker.ListProcessingJobs', {
        NameContains: prefix,
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 1,
      });
      return listed.ProcessingJobSummaries?.[0]?.ProcessingJobName;
    }
    if (stepType === 'Training') {
      const listed = await this.client.call('SageMaker.ListTrainingJobs', {
        NameContains: prefix,
        SortBy: 'CreationTime',
        SortOrder: 'Descending',
        MaxResults: 1,
      });
      return listed.TrainingJobSummaries?.[0]?.TrainingJobName;
    }
    return undefined;
  }

  async stop(): Promise<void> {
    await this.client.call('SageMaker.StopPipelineExecution', { PipelineExecutionArn: this.executionArn, ClientRequestToken: token('stop') });
    await this.reload();
    this.refresh();
  }

  /** Retries a failed execution from its failed steps; the same ARN. */
  async retry(): Promise<void> {
    await this.client.call('SageMaker.RetryPipelineExecution', { PipelineExecutionArn: this.executionArn, ClientRequestToken: token('retry') });
    await this.reload();
    this.refresh();
  }

  /** Starts a new execution of the same pipeline with the same parameter values; returns its ARN. */
  async rerun(): Promise<string> {
    const started = await this.client.call('SageMaker.StartPipelineExecution', {
      PipelineName: this.pipelineName,
      PipelineParameters: this._parameters.map((parameter) => ({ Name: parameter.Name, Value: parameter.Value })),
      PipelineExecutionDescription: `Re-run of ${this._description?.PipelineExecutionDisplayName ?? this.executionArn}`,
      ClientRequestToken: token('rerun'),
    });
    return started.PipelineExecutionArn ?? '';
  }

  /**
   * Runs only the chosen steps as a new execution, reusing this one's outputs for the rest (selective
   * execution), with the same parameter values; returns its ARN.
   */
  async runSelected(steps: readonly string[]): Promise<string> {
    const started = await this.client.call('SageMaker.StartPipelineExecution', {
      PipelineName: this.pipelineName,
      PipelineParameters: this._parameters.map((parameter) => ({ Name: parameter.Name, Value: parameter.Value })),
      PipelineExecutionDescription: `Steps ${steps.join(', ')} of ${this._description?.PipelineExecutionDisplayName ?? this.executionArn}`,
      SelectiveExecutionConfig: { SourcePipelineExecutionArn: this.executionArn, SelectedSteps: steps.map((StepName) => ({ StepName })) },
      ClientRequestToken: token('selected'),
    });
    return started.PipelineExecutionArn ?? '';
  }

  protected override get finished(): boolean {
    return isTerminalExecution(this.status);
  }

  protected async load(): Promise<void> {
    const description = await this.client.call('SageMaker.DescribePipelineExecution', { PipelineExecutionArn: this.executionArn });
    const steps = await this.client.call('SageMaker.ListPipelineExecutionSteps', {
      PipelineExecutionArn: this.executionArn,
      SortOrder: 'Descending',
      MaxResults: 100,
    });
    // The definition and the parameter values are fixed for an execution: read them once.
    if (this._graph === undefined) {
      const definition = await this.client.call('SageMaker.DescribePipelineDefinitionForExecution', { PipelineExecutionArn: this.executionArn });
      this._graph = definitionToGraph(definition.PipelineDefinition ?? '{}');
      const parameters = await this.client.call('SageMaker.ListPipelineParametersForExecution', { PipelineExecutionArn: this.executionArn, MaxResults: 100 });
      this._parameters = (parameters.PipelineParameters ?? []).map((parameter) => ({ Name: parameter.Name ?? '', Value: parameter.Value ?? '' }));
    }
    this._description = description;
    this._steps = steps.PipelineExecutionSteps ?? [];
    const source = description.SelectiveExecutionConfig?.SourcePipelineExecutionArn;
    if (source !== undefined && this._reusedParameters === undefined) {
      const reused = await this.client
        .call('SageMaker.ListPipelineParametersForExecution', { PipelineExecutionArn: source, MaxResults: 100 })
        .catch(() => undefined);
      // A source deleted with its pipeline version leaves nothing to compare; the reuse is still named.
      this._reusedParameters = (reused?.PipelineParameters ?? []).map((parameter) => ({ Name: parameter.Name ?? '', Value: parameter.Value ?? '' }));
    }
    // A step's run reason is known once it is past Starting: read again only when another one is.
    const pastStarting = this._steps.filter((row) => row.StepStatus !== 'Starting').length;
    if (pastStarting > this._runReasonsFor) {
      const reasons = await this.client.call('SluiceLocal.ListStepRunReasons', { PipelineExecutionArn: this.executionArn }).catch(() => undefined);
      for (const step of reasons?.Steps ?? []) this._runReasons.set(step.StepName, ranBecauseText(step.Reason));
      this._runReasonsFor = pastStarting;
    }
    const finishedConditions = this._steps.filter((row) => row.Metadata?.Condition?.Outcome !== undefined).length;
    if (finishedConditions > this._conditions.size) {
      // Only the local service keeps evaluated operands; elsewhere the outcome alone is shown.
      const evaluated = await this.client.call('SluiceLocal.ListConditionEvaluations', { PipelineExecutionArn: this.executionArn }).catch(() => undefined);
      for (const step of evaluated?.ConditionSteps ?? []) this._conditions.set(step.StepName, step);
    }
  }
}

function token(action: string): string {
  return `panel-${action}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`;
}
