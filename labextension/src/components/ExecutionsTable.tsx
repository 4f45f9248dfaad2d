import { launchIcon } from '@jupyterlab/ui-components';
import * as React from 'react';
import { formatDuration, type ExecutionFilters, type PipelineModel } from '../model';
import { middleTruncate } from '../model/middle-truncate';
import { ExecutionName, executionIdOf } from './ExecutionName';
import { StatusChip } from './StatusChip';
import { Time } from './Time';

const statuses = ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'];

/** Characters a parameter value shows before it is shortened in the middle (the full value is its tooltip). */
const valueWidth = 32;

/** How an execution is opened: in the pipeline's reused execution tab, or in a tab of its own that stays. */
export interface OpenChoice {
  newTab?: boolean;
}

/**
 * A page of executions: status, name and id, start, duration and one column per parameter (those that differ
 * first); filters by status, date range and parameter value; ticked rows can be compared. A click opens an
 * execution in the pipeline's execution tab; its new-tab button, Ctrl/⌘-click or a middle click in a tab of its own.
 */
export function ExecutionsTable(props: {
  model: PipelineModel;
  onOpen: (arn: string, choice?: OpenChoice) => void;
  onCompare: (arns: string[]) => void;
}): React.ReactElement {
  const { model } = props;
  const [ticked, setTicked] = React.useState<string[]>([]);
  const parameterNames = model.parameterColumns;
  const filtering = Object.values(model.filters).some((value) => value !== undefined && value !== '');
  if (model.loaded && model.executions.length === 0 && !model.hasPreviousPage && !filtering) {
    return <p className="sluice-Empty">No executions yet. Start one with “Start execution”.</p>;
  }
  const toggle = (arn: string): void => setTicked((previous) => (previous.includes(arn) ? previous.filter((item) => item !== arn) : [...previous, arn]));
  return (
    <div className="sluice-TableWrap">
      <Filters model={model} parameterNames={parameterNames} />
      <div className="sluice-Toolbar">
        <button className="jp-Button jp-mod-styled jp-mod-accept sluice-CompareButton" disabled={ticked.length < 2} onClick={() => props.onCompare(ticked)}>
          Compare {ticked.length >= 2 ? `(${ticked.length})` : ''}
        </button>
        <span className="sluice-Muted">{ticked.length < 2 ? 'Tick two or more executions to compare them.' : ''}</span>
      </div>
      <table className="sluice-Table sluice-ExecutionsTable">
        <thead>
          <tr>
            <th aria-label="Compare" />
            <th>Status</th>
            <th>Execution</th>
            <th>Started</th>
            <th>Duration</th>
            {parameterNames.map((name) => (
              <ParameterHeader
                key={name}
                name={name}
                widest={Math.max(
                  0,
                  ...model.executions.map((execution) => middleTruncate(model.valuesOf(execution.PipelineExecutionArn ?? '')?.[name] ?? '', valueWidth).length),
                )}
              />
            ))}
          </tr>
        </thead>
        <tbody>
          {model.executions.map((execution) => {
            const arn = execution.PipelineExecutionArn ?? '';
            const values = model.valuesOf(arn) ?? {};
            const running = execution.PipelineExecutionStatus === 'Executing' || execution.PipelineExecutionStatus === 'Stopping';
            return (
              <tr
                key={arn}
                className="sluice-Table-row"
                data-execution={arn}
                onClick={(event) => props.onOpen(arn, { newTab: event.ctrlKey || event.metaKey })}
                onAuxClick={(event) => {
                  if (event.button === 1) props.onOpen(arn, { newTab: true });
                }}
              >
                <td onClick={(event) => event.stopPropagation()}>
                  <input
                    type="checkbox"
                    className="sluice-CompareTick"
                    aria-label="Compare this execution"
                    checked={ticked.includes(arn)}
                    onChange={() => toggle(arn)}
                  />
                </td>
                <td>
                  <StatusChip status={execution.PipelineExecutionStatus} />
                </td>
                <td>
                  <ExecutionName arn={arn} displayName={execution.PipelineExecutionDisplayName} />
                  <button
                    type="button"
                    className="sluice-OpenInNewTab"
                    title="Open in a new tab (a click opens it in the pipeline's execution tab, which the next click reuses; Ctrl/⌘-click also opens a new one)"
                    aria-label="Open in a new tab"
                    onClick={(event) => {
                      event.stopPropagation();
                      props.onOpen(arn, { newTab: true });
                    }}
                  >
                    <launchIcon.react tag="span" elementSize="small" />
                  </button>
                  {execution.SelectiveExecutionConfig?.SourcePipelineExecutionArn && (
                    <div
                      className="sluice-SelectiveTag sluice-Muted"
                      title={`Reuses the other steps' outputs from ${execution.SelectiveExecutionConfig.SourcePipelineExecutionArn}`}
                    >
                      selective run of {(execution.SelectiveExecutionConfig.SelectedSteps ?? []).map((step) => step.StepName).join(', ')}, reusing{' '}
                      {executionIdOf(execution.SelectiveExecutionConfig.SourcePipelineExecutionArn)}
                    </div>
                  )}
                  {execution.StartedBy && (
                    <div className="sluice-StartedByTag sluice-Muted" title={execution.StartedBy.Arn}>
                      started by {execution.StartedBy.Kind === 'Schedule' ? 'schedule' : 'trigger'} {execution.StartedBy.Name}
                    </div>
                  )}
                </td>
                <td>
                  <Time epochSeconds={execution.StartTime} />
                </td>
                <td>
                  {running
                    ? `${formatDuration(execution.StartTime, undefined)} so far`
                    : formatDuration(execution.StartTime, execution.EndTime ?? execution.StartTime)}
                </td>
                {parameterNames.map((name) => {
                  const value = values[name] ?? '';
                  const shortened = middleTruncate(value, valueWidth);
                  return (
                    <td key={name} className="sluice-Mono sluice-ParameterCell" data-parameter={name} title={shortened === value ? undefined : value}>
                      <div className="sluice-ParameterCell-value">{shortened}</div>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {model.loaded && model.executions.length === 0 && <p className="sluice-Empty">No execution matches these filters.</p>}
      <div className="sluice-Pager">
        <button className="jp-Button jp-mod-styled jp-mod-reject" disabled={!model.hasPreviousPage} onClick={() => void model.previousPage()}>
          Previous
        </button>
        <span>Page {model.pageNumber}</span>
        <button className="jp-Button jp-mod-styled jp-mod-reject" disabled={!model.hasNextPage} onClick={() => void model.nextPage()}>
          Next
        </button>
      </div>
    </div>
  );
}

/**
 * A parameter's column header, which the user resizes by dragging its corner; the column is as wide as the
 * header (the cells take no room of their own), at first wide enough for the name and the widest shown value.
 */
function ParameterHeader(props: { name: string; widest: number }): React.ReactElement {
  // Values are in the code font, a little wider than the header's: `ch` here is the header font's.
  const initial = `${Math.ceil(Math.max(props.name.length, props.widest * 1.15)) + 1}ch`;
  return (
    <th data-parameter={props.name}>
      <div className="sluice-Resizable" style={{ width: initial }} title={`${props.name}: drag the bottom-right corner to resize the column`}>
        {props.name}
      </div>
    </th>
  );
}

/** Status, a date range and one parameter's value; applied as they change; one line at 1440 px. */
function Filters(props: { model: PipelineModel; parameterNames: string[] }): React.ReactElement {
  const filters = props.model.filters;
  const set = (change: Partial<ExecutionFilters>): void => void props.model.setFilters({ ...filters, ...change });
  const parameter = filters.parameter ?? { name: '', value: '' };
  return (
    <div className="sluice-Filters" role="group" aria-label="Filter executions">
      <label>
        Status{' '}
        <select className="jp-mod-styled" name="status" value={filters.status ?? ''} onChange={(event) => set({ status: event.target.value || undefined })}>
          <option value="">any</option>
          {statuses.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label>
        From{' '}
        <input
          className="jp-mod-styled"
          type="date"
          name="from"
          value={filters.from ?? ''}
          onChange={(event) => set({ from: event.target.value || undefined })}
        />
      </label>
      <label>
        To <input className="jp-mod-styled" type="date" name="to" value={filters.to ?? ''} onChange={(event) => set({ to: event.target.value || undefined })} />
      </label>
      {props.parameterNames.length > 0 && (
        <label>
          Parameter{' '}
          <select
            className="jp-mod-styled"
            name="parameterName"
            value={parameter.name}
            onChange={(event) => set({ parameter: event.target.value ? { name: event.target.value, value: parameter.value } : undefined })}
          >
            <option value="">any</option>
            {props.parameterNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>{' '}
          ={' '}
          <input
            className="jp-mod-styled"
            name="parameterValue"
            disabled={!parameter.name}
            value={parameter.value}
            onChange={(event) => set({ parameter: { name: parameter.name, value: event.target.value } })}
          />
        </label>
      )}
      {Object.values(filters).some((value) => value !== undefined) && (
        <button className="jp-Button jp-mod-styled jp-mod-reject" onClick={() => void props.model.setFilters({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
