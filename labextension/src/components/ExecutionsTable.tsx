import * as React from 'react';
import { formatDuration, type PipelineModel } from '../model';
import { StatusChip } from './StatusChip';
import { Time } from './Time';

/** A page of executions: status, name, start, duration and one column per parameter. */
export function ExecutionsTable(props: { model: PipelineModel; onOpen: (arn: string) => void }): React.ReactElement {
  const { model } = props;
  const parameterNames = model.parameters.map((parameter) => parameter.name);
  if (model.loaded && model.executions.length === 0 && !model.hasPreviousPage) {
    return <p className="sluice-Empty">No executions yet. Start one with “Start execution”.</p>;
  }
  return (
    <div className="sluice-TableWrap">
      <table className="sluice-Table sluice-ExecutionsTable">
        <thead>
          <tr>
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
                <td>
                  <StatusChip status={execution.PipelineExecutionStatus} />
                </td>
                <td className="sluice-Link">{execution.PipelineExecutionDisplayName ?? arn.slice(arn.lastIndexOf('/') + 1)}</td>
                <td>
                  <Time epochSeconds={execution.StartTime} />
                </td>
                <td>{running ? `${formatDuration(execution.StartTime, undefined)} so far` : formatDuration(execution.StartTime, model.endedAt(arn) ?? execution.StartTime)}</td>
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
