import * as React from 'react';
import { formatDuration, type ExecutionFilters, type PipelineModel } from '../model';
import { StatusChip } from './StatusChip';
import { Time } from './Time';

const statuses = ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'];

/**
 * A page of executions: status, name, start, duration and one column per parameter; filters by status, date
 * range and parameter value; ticked rows can be compared.
 */
export function ExecutionsTable(props: { model: PipelineModel; onOpen: (arn: string) => void; onCompare: (arns: string[]) => void }): React.ReactElement {
  const { model } = props;
  const [ticked, setTicked] = React.useState<string[]>([]);
  const parameterNames = model.parameters.map((parameter) => parameter.name);
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
              <th key={name}>{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.executions.map((execution) => {
            const arn = execution.PipelineExecutionArn ?? '';
            const values = model.valuesOf(arn) ?? {};
            const running = execution.PipelineExecutionStatus === 'Executing' || execution.PipelineExecutionStatus === 'Stopping';
            return (
              <tr key={arn} className="sluice-Table-row" data-execution={arn} onClick={() => props.onOpen(arn)}>
                <td onClick={(event) => event.stopPropagation()}>
                  <input type="checkbox" className="sluice-CompareTick" aria-label="Compare this execution" checked={ticked.includes(arn)} onChange={() => toggle(arn)} />
                </td>
                <td>
                  <StatusChip status={execution.PipelineExecutionStatus} />
                </td>
                <td className="sluice-Link">{execution.PipelineExecutionDisplayName ?? arn.slice(arn.lastIndexOf('/') + 1)}</td>
                <td>
                  <Time epochSeconds={execution.StartTime} />
                </td>
                <td>{running ? `${formatDuration(execution.StartTime, undefined)} so far` : formatDuration(execution.StartTime, execution.EndTime ?? execution.StartTime)}</td>
                {parameterNames.map((name) => (
                  <td key={name} className="sluice-Mono">
                    {values[name] ?? ''}
                  </td>
                ))}
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

/** Status, a date range and one parameter's value; applied as they change. */
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
        From <input className="jp-mod-styled" type="date" name="from" value={filters.from ?? ''} onChange={(event) => set({ from: event.target.value || undefined })} />
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
