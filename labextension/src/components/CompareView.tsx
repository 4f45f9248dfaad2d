import * as React from 'react';
import { formatDuration, formatMetric, metricDelta, stepStateLabel, type CompareModel, type ComparisonRow } from '../model';
import { metricLineChart, tuningScatter } from 'sluice/metric-charts';
import { ExecutionName } from './ExecutionName';
import { MetricChart } from './MetricChart';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { useModel } from './use-model';

/** Executions side by side: parameters with differences marked, the step matrix, metrics with deltas, a metric over the run and tuning trials as charts. */
export function CompareView(props: { model: CompareModel; onOpenExecution: (arn: string) => void }): React.ReactElement {
  const model = useModel(props.model);
  const executions = model.executions;
  const header = (
    <tr>
      <th />
      {executions.map((execution) => (
        <th key={execution.arn}>
          <ExecutionName arn={execution.arn} displayName={execution.displayName} onOpen={() => props.onOpenExecution(execution.arn)} />{' '}
          <StatusChip status={execution.status} />
        </th>
      ))}
    </tr>
  );
  // One set of column widths for the three tables, so an execution's column lines up down the page.
  const columns = (
    <colgroup>
      <col className="sluice-CompareView-nameColumn" />
      {executions.map((execution) => (
        <col key={execution.arn} />
      ))}
    </colgroup>
  );
  return (
    <div className="sluice-View sluice-CompareView">
      <div className="sluice-View-header">
        <h2 className="sluice-View-title">
          Compare {props.model.executionArns.length} executions of {model.pipelineName}
        </h2>
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <div className="sluice-View-body">
        <h3>Parameters</h3>
        <table className="sluice-Table sluice-CompareParameters">
          {columns}
          <thead>{header}</thead>
          <tbody>
            {model.parameterRows.map((row) => (
              <tr key={row.name} data-name={row.name} className={row.differs ? 'sluice-mod-differs' : undefined}>
                <td>
                  {row.name}
                  {row.differs && (
                    <span className="sluice-DiffMark" title="The executions differ here">
                      {' '}
                      ≠
                    </span>
                  )}
                </td>
                {row.values.map((value, index) => (
                  <td key={index} className="sluice-Mono">
                    {value ?? '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Steps</h3>
        <table className="sluice-Table sluice-CompareSteps">
          {columns}
          <thead>{header}</thead>
          <tbody>
            {model.stepNames.map((step) => (
              <tr key={step} data-name={step}>
                <td>{step}</td>
                {executions.map((execution) => {
                  const cell = execution.steps[step];
                  return (
                    <td key={execution.arn} className={`sluice-mod-${cell?.state ?? 'notRun'}`}>
                      {cell ? `${stepStateLabel[cell.state]} · ${formatDuration(cell.startTime, cell.endTime)}` : stepStateLabel.notRun}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <h3>Metrics</h3>
        {model.loaded && model.metricRows.length === 0 ? (
          <p className="sluice-Empty">None of these executions reported metrics.</p>
        ) : (
          <table className="sluice-Table sluice-CompareMetrics">
            {columns}
            <thead>{header}</thead>
            <tbody>
              {model.metricRows.map((row) => (
                <MetricRow key={row.name} row={row} />
              ))}
            </tbody>
          </table>
        )}
        <MetricOverRun model={model} />
        {model.tuningSteps.map((tuning) => (
          <React.Fragment key={tuning.step}>
            <h3>Tuning: {tuning.step}</h3>
            <MetricChart
              className="sluice-CompareTuning"
              data={{ step: tuning.step, trials: String(tuning.trials.length) }}
              spec={(theme) => tuningScatter({ objective: tuning.objective, trials: tuning.trials, theme })}
            />
          </React.Fragment>
        ))}
      </div>
    </div>
  );
}

/** A metric chosen from those the executions logged over their run, one line per execution. */
function MetricOverRun(props: { model: CompareModel }): React.ReactElement | null {
  const names = props.model.seriesNames;
  const [chosen, setChosen] = React.useState<string>();
  const name = chosen !== undefined && names.includes(chosen) ? chosen : names[0];
  if (name === undefined) return null;
  const lines = props.model.seriesLines(name);
  return (
    <>
      <h3>
        Metric over the run{' '}
        <select className="sluice-CompareSeriesChoice" aria-label="Metric" value={name} onChange={(event) => setChosen(event.target.value)}>
          {names.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </h3>
      <MetricChart
        className="sluice-CompareSeries"
        data={{ metric: name, lines: String(lines.length) }}
        spec={(theme) => metricLineChart({ metric: name.slice(name.indexOf(' · ') + 3), lines, theme, width: 480, height: 200 })}
      />
    </>
  );
}

/** Each value with its delta from the first execution's, at the values' own precision. */
function MetricRow(props: { row: ComparisonRow<number> }): React.ReactElement {
  const base = props.row.values[0];
  return (
    <tr data-name={props.row.name} className={props.row.differs ? 'sluice-mod-differs' : undefined}>
      <td>{props.row.name}</td>
      {props.row.values.map((value, index) => {
        const delta = index > 0 && value !== undefined && base !== undefined ? metricDelta(value, base) : undefined;
        return (
          <td key={index} className="sluice-Mono">
            {value === undefined ? '—' : formatMetric(value)}
            {delta && (
              <span className={`sluice-Delta${delta.direction > 0 ? ' sluice-mod-up' : delta.direction < 0 ? ' sluice-mod-down' : ''}`}> ({delta.text})</span>
            )}
          </td>
        );
      })}
    </tr>
  );
}
