import * as React from 'react';
import type { ExecutionStep, ServiceClient } from '../api';
import { formatDuration, jobOf, stepStateLabel, type ExecutionModel } from '../model';
import { StepLogs } from './StepLogs';
import { Tabs } from './Tabs';
import { Time } from './Time';

const tabs = ['Overview', 'Logs', 'Output', 'Metrics'] as const;
type Tab = (typeof tabs)[number];

/** What one step did: Overview / Logs / Output / Metrics. */
export function StepPane(props: { client: ServiceClient; model: ExecutionModel; stepName: string; onClose: () => void }): React.ReactElement {
  const [tab, setTab] = React.useState<Tab>('Overview');
  const row = props.model.stepRow(props.stepName);
  const jobName = useJobName(props.model, props.stepName);
  return (
    <div className="sluice-StepPane" data-step={props.stepName}>
      <div className="sluice-StepPane-header">
        <span className="sluice-StepPane-title">{props.stepName}</span>
        <button className="sluice-IconButton" aria-label="Close step" onClick={props.onClose}>
          ✕
        </button>
      </div>
      <Tabs tabs={tabs} current={tab} onChange={setTab} label="Step" />
      <div className="sluice-StepPane-body">
        {tab === 'Overview' && <Overview model={props.model} row={row} stepName={props.stepName} />}
        {tab === 'Logs' &&
          (jobName ? <StepLogs key={jobName} client={props.client} jobName={jobName} /> : <p className="sluice-Empty">No job has run for this step yet, so there is no log.</p>)}
        {tab === 'Output' && <Output row={row} />}
        {tab === 'Metrics' && <Metrics client={props.client} row={row} />}
      </div>
    </div>
  );
}

/** The name of the step's job, looked up again while the step has none yet (it is still starting). */
function useJobName(model: ExecutionModel, stepName: string): string | undefined {
  const [found, setFound] = React.useState<{ step: string; job: string } | undefined>();
  const state = model.stepState(stepName);
  const known = found?.step === stepName ? found.job : undefined;
  React.useEffect(() => {
    if (known) return;
    let current = true;
    model
      .jobOf(stepName)
      .then((job) => {
        if (current && job) setFound({ step: stepName, job });
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [model, stepName, state, known]);
  return known;
}

function Overview(props: { model: ExecutionModel; row: ExecutionStep | undefined; stepName: string }): React.ReactElement {
  const { row } = props;
  const cachedFrom = row?.CacheHitResult?.SourcePipelineExecutionArn;
  return (
    <dl className="sluice-Facts">
      <dt>Status</dt>
      <dd className="sluice-StepPane-status">{stepStateLabel[props.model.stepState(props.stepName)]}</dd>
      <dt>Type</dt>
      <dd>{props.model.graph?.nodes.find((node) => node.id === props.stepName)?.stepType}</dd>
      {row?.StepDescription && (
        <>
          <dt>Description</dt>
          <dd>{row.StepDescription}</dd>
        </>
      )}
      <dt>Started</dt>
      <dd>
        <Time epochSeconds={row?.StartTime} />
      </dd>
      <dt>Ended</dt>
      <dd>
        <Time epochSeconds={row?.EndTime} />
      </dd>
      <dt>Duration</dt>
      <dd>{formatDuration(row?.StartTime, row?.EndTime)}</dd>
      <dt>Attempts</dt>
      <dd>{row?.AttemptCount ?? '—'}</dd>
      {cachedFrom && (
        <>
          <dt>Cached from</dt>
          <dd className="sluice-Mono">{cachedFrom}</dd>
        </>
      )}
      {row?.FailureReason && (
        <>
          <dt>Failure reason</dt>
          <dd className="sluice-FailureReason">{row.FailureReason}</dd>
        </>
      )}
    </dl>
  );
}

/** Every S3 URI and ARN in the step's metadata: job outputs, model artifacts, registered packages. */
function Output(props: { row: ExecutionStep | undefined }): React.ReactElement {
  const found: { path: string; value: string }[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string' && (value.startsWith('s3://') || value.startsWith('arn:'))) found.push({ path, value });
    else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
  };
  visit(props.row?.Metadata, '');
  if (found.length === 0) return <p className="sluice-Empty">No outputs recorded for this step yet.</p>;
  return (
    <table className="sluice-Table sluice-Outputs">
      <tbody>
        {found.map((item) => (
          <tr key={item.path}>
            <td>{item.path}</td>
            <td className="sluice-Mono">{item.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A condition's outcome; a training job's final metrics (from its MetricDefinitions over the log). */
function Metrics(props: { client: ServiceClient; row: ExecutionStep | undefined }): React.ReactElement {
  const metadata = props.row?.Metadata as Record<string, unknown> | undefined;
  const condition = metadata?.Condition as { Outcome?: string } | undefined;
  const job = jobOf(props.row);
  const [jobMetrics, setJobMetrics] = React.useState<{ name: string; value: string }[]>([]);
  React.useEffect(() => {
    if (job?.kind !== 'TrainingJob') return;
    let current = true;
    props.client
      .call('SageMaker.DescribeTrainingJob', { TrainingJobName: job.name })
      .then((described) => {
        if (current) setJobMetrics((described.FinalMetricDataList ?? []).map((metric) => ({ name: metric.MetricName ?? '', value: String(metric.Value) })));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [job?.name]);
  const metrics = [...findMetrics(metadata), ...jobMetrics];
  if (!condition && metrics.length === 0) return <p className="sluice-Empty">No metrics for this step.</p>;
  return (
    <div>
      {condition && (
        <p>
          Condition outcome: <strong>{condition.Outcome}</strong>
        </p>
      )}
      {metrics.length > 0 && (
        <table className="sluice-Table">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {metrics.map((metric) => (
              <tr key={metric.name}>
                <td>{metric.name}</td>
                <td className="sluice-Mono">{metric.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function findMetrics(value: unknown, into: { name: string; value: string }[] = []): { name: string; value: string }[] {
  if (Array.isArray(value)) value.forEach((item) => findMetrics(item, into));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.MetricName === 'string' && record.Value !== undefined) into.push({ name: record.MetricName, value: String(record.Value) });
    else Object.values(record).forEach((item) => findMetrics(item, into));
  }
  return into;
}
