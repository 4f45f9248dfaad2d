import * as React from 'react';
import { errorText } from '../api';
import { firingText, type PipelineModel, type ScheduleDescription, type SchedulesModel } from '../model';
import { showCreateScheduleDialog } from './CreateScheduleDialog';
import { ServiceProblem } from './ServiceProblem';
import { useModelWhileShown } from './use-model';

/** The parameters a schedule starts the pipeline with, `Name=value` each. */
function parameterText(schedule: ScheduleDescription): string {
  return (schedule.Target?.SageMakerPipelineParameters?.PipelineParameterList ?? []).map((parameter) => `${parameter.Name}=${parameter.Value}`).join(', ');
}

/** A pipeline's Schedules tab: its schedules with their next firing, Pause / Resume, Delete, and New schedule. */
export function SchedulesView(props: { pipeline: PipelineModel; model: SchedulesModel }): React.ReactElement {
  const model = useModelWhileShown(props.model);
  const [error, setError] = React.useState<string | undefined>();
  const act = (work: Promise<void>): void => {
    setError(undefined);
    work.catch((caught: unknown) => setError(errorText(caught)));
  };
  const create = (): void =>
    showCreateScheduleDialog({ pipelineName: model.pipelineName, parameters: props.pipeline.parameters, onCreate: (schedule) => model.create(schedule) });
  return (
    <div className="sluice-Schedules">
      <div className="sluice-Form-actions">
        <button className="jp-Button jp-mod-styled jp-mod-accept sluice-NewSchedule" onClick={create}>
          New schedule
        </button>
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      {error && (
        <div className="sluice-Form-error" role="alert">
          {error}
        </div>
      )}
      {model.loaded && model.schedules.length === 0 ? (
        <p className="sluice-Empty">No schedule starts this pipeline. New schedule makes one (or pipeline.schedule(…) in a notebook).</p>
      ) : (
        <table className="sluice-Table sluice-SchedulesTable">
          <thead>
            <tr>
              <th>Name</th>
              <th>Expression</th>
              <th>State</th>
              <th>Next firing</th>
              <th>Parameters</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {model.schedules.map(({ schedule, nextFiring }) => {
              const name = schedule.Name ?? '';
              const enabled = schedule.State === 'ENABLED';
              return (
                <tr key={name} data-schedule={name}>
                  <td>{name}</td>
                  <td className="sluice-Mono">{schedule.ScheduleExpression}</td>
                  <td>{enabled ? 'Enabled' : 'Paused'}</td>
                  <td>{nextFiring === undefined ? <span className="sluice-Muted">none</span> : firingText(nextFiring)}</td>
                  <td className="sluice-Mono">{parameterText(schedule)}</td>
                  <td className="sluice-RowActions">
                    <button className="jp-Button jp-mod-styled jp-mod-reject" onClick={() => act(model.setState(name, enabled ? 'DISABLED' : 'ENABLED'))}>
                      {enabled ? 'Pause' : 'Resume'}
                    </button>
                    <button className="jp-Button jp-mod-styled jp-mod-warn" onClick={() => act(model.delete(name))}>
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
