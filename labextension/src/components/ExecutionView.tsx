import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import * as React from 'react';
import { errorText } from '../api';
import { formatDuration, isTerminalExecution, selectionProblem, stepStateLabel, type ExecutionModel } from '../model';
import { ExecutionName, executionIdOf } from './ExecutionName';
import { GraphView } from './GraphView';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { StepPane } from './StepPane';
import { Time } from './Time';
import { useModel } from './use-model';

/** An execution: status banner with Stop / Retry / Re-run, parameter values, the live graph and a step pane. */
export function ExecutionView(props: {
  model: ExecutionModel;
  onOpenExecution: (arn: string) => void;
  onOpenVersion?: (arn: string) => void;
  onOpenFile?: (absolutePath: string) => void;
  rendermime?: IRenderMimeRegistry;
}): React.ReactElement {
  const model = useModel(props.model);
  const [selected, setSelected] = React.useState<string | undefined>();
  const [actionError, setActionError] = React.useState<string | undefined>();
  const [chosen, setChosen] = React.useState<string[]>([]);
  const choose = (name: string): void => setChosen((previous) => (previous.includes(name) ? previous.filter((step) => step !== name) : [...previous, name]));
  const description = model.description;
  const status = model.status;
  const act = (action: () => Promise<unknown>) => async (): Promise<void> => {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(errorText(error));
    }
  };
  return (
    <div className="sluice-View sluice-ExecutionView">
      <div className={`sluice-Banner sluice-mod-${(status ?? 'loading').toLowerCase()}`} role="status">
        <StatusChip status={status} />
        <span className="sluice-Banner-title">{description?.PipelineExecutionDisplayName ?? executionIdOf(model.executionArn)}</span>
        <ExecutionName arn={model.executionArn} />
        <span className="sluice-Muted">
          {model.pipelineName} · started <Time epochSeconds={description?.CreationTime} /> ·{' '}
          {formatDuration(description?.CreationTime, isTerminalExecution(status) ? description?.LastModifiedTime : undefined)}
        </span>
        <span className="sluice-Banner-actions">
          {(status === 'Executing' || status === 'Stopping') && (
            <button className="jp-Button jp-mod-styled jp-mod-warn sluice-StopButton" disabled={status === 'Stopping'} onClick={act(() => model.stop())}>
              Stop
            </button>
          )}
          {status === 'Failed' && (
            <button className="jp-Button jp-mod-styled jp-mod-accept sluice-RetryButton" onClick={act(() => model.retry())}>
              Retry
            </button>
          )}
          {isTerminalExecution(status) && (
            <button className="jp-Button jp-mod-styled jp-mod-reject sluice-RerunButton" onClick={act(async () => props.onOpenExecution(await model.rerun()))}>
              Re-run
            </button>
          )}
        </span>
      </div>
      {model.selective && <SelectiveNote model={model} onOpenExecution={props.onOpenExecution} />}
      {description?.FailureReason && <div className="sluice-FailureReason">{description.FailureReason}</div>}
      {actionError && (
        <div className="sluice-Form-error" role="alert">
          {actionError}
        </div>
      )}
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <div className="sluice-ParameterValues">
        {model.parameters.map((parameter) => {
          const reused = model.reusedParameterDifferences.find((difference) => difference.name === parameter.Name);
          return (
            <span key={parameter.Name} className="sluice-ParameterValue" data-parameter={parameter.Name}>
              {parameter.Name} = <span className="sluice-Mono">{parameter.Value}</span>
              {reused && (
                <span className="sluice-ParameterValue-reused" title="The steps this selective run reused ran with another value">
                  {' '}
                  (reused steps: <span className="sluice-Mono">{reused.reusedValue}</span>)
                </span>
              )}
            </span>
          );
        })}
      </div>
      {model.graph && (status === 'Succeeded' || status === 'Failed') && (
        <RunSelectedBar
          chosen={chosen}
          problem={selectionProblem(model.graph, chosen)}
          onClear={() => setChosen([])}
          onRun={act(async () => {
            const arn = await model.runSelected(chosen);
            setChosen([]);
            props.onOpenExecution(arn);
          })}
        />
      )}
      <div className="sluice-ExecutionView-main">
        {model.graph && (
          <GraphView
            graph={model.graph}
            stateOf={(name) => model.stepState(name)}
            outcomeOf={(name) => model.outcomeOf(name)}
            detailOf={(name) => {
              const row = model.stepRow(name);
              const cachedFrom = row?.CacheHitResult?.SourcePipelineExecutionArn;
              const reusedFrom = row?.SelectiveExecutionResult?.SourcePipelineExecutionArn;
              const from = reusedFrom ? ` (outputs reused from ${executionIdOf(reusedFrom)})` : cachedFrom ? ` (cached from ${executionIdOf(cachedFrom)})` : '';
              const evaluated =
                model
                  .conditionOf(name)
                  ?.Conditions.map((condition) => `\n${condition.Text}`)
                  .join('') ?? '';
              return `${name}: ${stepStateLabel[model.stepState(name)]}${from}${evaluated}${row?.FailureReason ? `\n${row.FailureReason.split('\n')[0]}` : ''}`;
            }}
            selected={selected}
            onSelect={setSelected}
            chosen={chosen}
            onChoose={choose}
            onChooseMany={(names) => setChosen((previous) => [...previous, ...names.filter((name) => !previous.includes(name))])}
          />
        )}
        {selected && (
          <StepPane
            step={model.step(selected)}
            onClose={() => setSelected(undefined)}
            onOpenExecution={props.onOpenExecution}
            onOpenVersion={props.onOpenVersion}
            onOpenFile={props.onOpenFile}
            rendermime={props.rendermime}
          />
        )}
      </div>
    </div>
  );
}

/** "Selective run of Evaluate, reusing the other steps' outputs from <execution>", and what those steps ran with. */
function SelectiveNote(props: { model: ExecutionModel; onOpenExecution: (arn: string) => void }): React.ReactElement | null {
  const selective = props.model.selective;
  if (!selective) return null;
  const differences = props.model.reusedParameterDifferences;
  return (
    <div className="sluice-SelectiveNote" role="note">
      Selective run of <strong>{selective.steps.join(', ')}</strong>, reusing the other steps&apos; outputs from execution{' '}
      <button className="sluice-Link sluice-Mono sluice-ExecutionLink" title={selective.sourceArn} onClick={() => props.onOpenExecution(selective.sourceArn)}>
        {executionIdOf(selective.sourceArn)}
      </button>
      .
      {differences.length > 0 && (
        <span className="sluice-SelectiveNote-parameters">
          {' '}
          The reused steps ran with {differences.map((difference) => `${difference.name} = ${difference.reusedValue}`).join(', ')}.
        </span>
      )}
    </div>
  );
}

/** Shift-clicked steps, whether they can run on their own, and Run selected. */
function RunSelectedBar(props: { chosen: readonly string[]; problem: string | undefined; onRun: () => void; onClear: () => void }): React.ReactElement {
  return (
    <div className="sluice-RunSelected">
      {props.chosen.length === 0 ? (
        <span className="sluice-Muted">
          Shift-click steps (or shift-drag a box around them) to run only them again, reusing this execution’s other outputs.
        </span>
      ) : (
        <>
          <span>Selected: {props.chosen.join(', ')}</span>
          <button className="jp-Button jp-mod-styled jp-mod-accept sluice-RunSelectedButton" disabled={props.problem !== undefined} onClick={props.onRun}>
            Run selected ({props.chosen.length})
          </button>
          <button className="jp-Button jp-mod-styled jp-mod-reject" onClick={props.onClear}>
            Clear
          </button>
          {props.problem && (
            <span className="sluice-Form-error sluice-SelectionProblem" role="alert">
              {props.problem}
            </span>
          )}
        </>
      )}
    </div>
  );
}
