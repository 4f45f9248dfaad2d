import * as React from 'react';
import type { ConditionStepEvaluation, EvaluatedCondition, ExecutionStep, ServiceClient } from '../api';
import { formatDuration, jobOf, listOutputFiles, loadStepIO, readArtifact, readPropertyFile, stepStateLabel, type ExecutionModel, type PropertyFile, type StepIO } from '../model';
import { executionIdOf } from './ExecutionName';
import { StepLogs } from './StepLogs';
import { Tabs } from './Tabs';
import { Time } from './Time';

const tabs = ['Overview', 'Input', 'Output', 'Logs', 'Metrics'] as const;
type Tab = (typeof tabs)[number];

/** Where the step pane's links go: another execution (a reused or cached step's), a registered model version. */
export interface StepLinks {
  onOpenExecution: (arn: string) => void;
  onOpenVersion?: (arn: string) => void;
}

/** Step types that run inside the service, without a job (so without a log). */
const inServiceTypes = new Set(['Condition', 'Fail', 'Model', 'RegisterModel', 'CreateModel']);

/** What one step did: Overview / Input / Output / Logs / Metrics. */
export function StepPane(props: { client: ServiceClient; model: ExecutionModel; stepName: string; onClose: () => void } & StepLinks): React.ReactElement {
  const [tab, setTab] = React.useState<Tab>('Overview');
  const row = props.model.stepRow(props.stepName);
  const jobName = useJobName(props.model, props.stepName);
  const stepType = props.model.graph?.nodes.find((node) => node.id === props.stepName)?.stepType ?? '';
  const condition = props.model.conditionOf(props.stepName);
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
        {tab === 'Overview' && <Overview client={props.client} model={props.model} row={row} stepName={props.stepName} stepType={stepType} links={props} />}
        {tab === 'Logs' &&
          (jobName ? (
            <StepLogs key={jobName} client={props.client} jobName={jobName} />
          ) : (
            <p className="sluice-Empty">{inServiceTypes.has(stepType) ? `A ${stepType} step runs inside the service, without a job, so it has no log.` : 'No job has run for this step yet, so there is no log.'}</p>
          ))}
        {tab === 'Input' && <Input client={props.client} row={row} />}
        {tab === 'Output' &&
          (stepType === 'Condition' && row?.Metadata?.Condition?.Outcome !== undefined ? (
            <ConditionResult row={row} evaluation={condition} />
          ) : (
            <Output client={props.client} row={row} propertyFiles={props.model.graph?.nodes.find((node) => node.id === props.stepName)?.propertyFiles ?? []} links={props} />
          ))}
        {tab === 'Metrics' && <Metrics client={props.client} row={row} evaluation={condition} />}
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

/** A link to another execution, named by its id (the part of the ARN that job names and S3 paths use). */
function ExecutionLink(props: { arn: string; onOpen: (arn: string) => void }): React.ReactElement {
  return (
    <button className="sluice-Link sluice-Mono sluice-ExecutionLink" title={props.arn} onClick={() => props.onOpen(props.arn)}>
      {executionIdOf(props.arn)}
    </button>
  );
}

/** `group/3`: a model version as people name it, from its ARN. */
function versionName(arn: string): string {
  return arn.slice(arn.indexOf('/') + 1);
}

function Overview(props: { client: ServiceClient; model: ExecutionModel; row: ExecutionStep | undefined; stepName: string; stepType: string; links: StepLinks }): React.ReactElement {
  const { row, links } = props;
  const cachedFrom = row?.CacheHitResult?.SourcePipelineExecutionArn;
  const reusedFrom = row?.SelectiveExecutionResult?.SourcePipelineExecutionArn;
  const registered = row?.StepStatus === 'Succeeded' ? row.Metadata?.RegisterModel?.Arn : undefined;
  const { io } = useStepIO(props.client, row);
  const condition = props.model.conditionOf(props.stepName);
  return (
    <dl className="sluice-Facts">
      <dt>Status</dt>
      <dd className="sluice-StepPane-status">{stepStateLabel[props.model.stepState(props.stepName)]}</dd>
      <dt>Type</dt>
      <dd>{props.stepType}</dd>
      {reusedFrom && (
        <>
          <dt>Outputs from</dt>
          <dd className="sluice-StepPane-reused">
            execution <ExecutionLink arn={reusedFrom} onOpen={links.onOpenExecution} /> (this selective run reused them; the times below are that run&apos;s)
          </dd>
        </>
      )}
      {io && (
        <>
          <dt>Job</dt>
          <dd className="sluice-Mono sluice-StepPane-job">{io.job.name}</dd>
          {io.job.instanceType && (
            <>
              <dt>Instance type</dt>
              <dd className="sluice-StepPane-instance">
                {io.job.instanceType}
                {io.job.instanceCount !== undefined && io.job.instanceCount > 1 ? ` × ${io.job.instanceCount}` : ''}
              </dd>
            </>
          )}
          {io.job.image && (
            <>
              <dt>Image</dt>
              <dd className="sluice-Mono sluice-StepPane-image">{io.job.image}</dd>
            </>
          )}
        </>
      )}
      {row?.Metadata?.Condition?.Outcome !== undefined && (
        <>
          <dt>Result</dt>
          <dd>
            <ConditionResult row={row} evaluation={condition} />
          </dd>
        </>
      )}
      {registered && (
        <>
          <dt>Model version</dt>
          <dd>
            {links.onOpenVersion ? (
              <button className="sluice-Link sluice-VersionLink" title={registered} onClick={() => links.onOpenVersion?.(registered)}>
                {versionName(registered)}
              </button>
            ) : (
              <span className="sluice-Mono">{registered}</span>
            )}
          </dd>
        </>
      )}
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
          <dd>
            <ExecutionLink arn={cachedFrom} onOpen={links.onOpenExecution} />
          </dd>
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

/** The step's job, described once it has one (and again when it finishes, as its outputs are then known). */
function useStepIO(client: ServiceClient, row: ExecutionStep | undefined): { io?: StepIO; error?: string; loaded: boolean } {
  const [state, setState] = React.useState<{ key: string; io?: StepIO; error?: string } | undefined>();
  const key = `${jobOf(row)?.name ?? ''}:${row?.StepStatus ?? ''}`;
  React.useEffect(() => {
    let current = true;
    loadStepIO(client, row)
      .then((io) => current && setState({ key, io }))
      .catch((error: unknown) => current && setState({ key, error: error instanceof Error ? error.message : String(error) }));
    return () => {
      current = false;
    };
  }, [key]);
  // Until this step's job is read, show nothing rather than the step shown before.
  return state?.key === key ? { io: state.io, error: state.error, loaded: true } : { loaded: false };
}

/** What the step's job read: inputs with their S3 URIs, and the image, arguments and settings it ran with. */
function Input(props: { client: ServiceClient; row: ExecutionStep | undefined }): React.ReactElement {
  const { io, error, loaded } = useStepIO(props.client, props.row);
  if (error) return <p className="sluice-Form-error">{error}</p>;
  if (!loaded) return <p className="sluice-Muted">Loading…</p>;
  if (!io) return <p className="sluice-Empty">This step ran inside the service, without a job: its arguments are in the definition (Settings → Download definition).</p>;
  return (
    <div className="sluice-StepInput">
      <table className="sluice-Table sluice-Inputs">
        <tbody>
          {io.inputs.map((input) => (
            <tr key={input.name} data-input={input.name}>
              <td>{input.name}</td>
              <td className="sluice-Mono">{input.uri}</td>
              <td className="sluice-Mono sluice-Muted">{input.localPath ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="sluice-Facts">
        {io.settings.map((setting) => (
          <React.Fragment key={setting.name}>
            <dt>{setting.name}</dt>
            <dd className="sluice-Mono">{setting.value}</dd>
          </React.Fragment>
        ))}
      </dl>
    </div>
  );
}

/** Outputs with their files (each downloadable), property files rendered, and every ARN the step recorded. */
function Output(props: { client: ServiceClient; row: ExecutionStep | undefined; propertyFiles: readonly PropertyFile[]; links: StepLinks }): React.ReactElement {
  const { io, error } = useStepIO(props.client, props.row);
  const recorded: { path: string; value: string }[] = [];
  const visit = (value: unknown, path: string): void => {
    if (typeof value === 'string' && (value.startsWith('s3://') || value.startsWith('arn:'))) recorded.push({ path, value });
    else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${path}[${index}]`));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) visit(item, path ? `${path}.${key}` : key);
  };
  visit(props.row?.Metadata, '');
  const finished = props.row?.StepStatus === 'Succeeded' || props.row?.StepStatus === 'Failed';
  return (
    <div className="sluice-StepOutput">
      {error && <p className="sluice-Form-error">{error}</p>}
      {io?.outputs.map((output) => <OutputFiles key={output.name} client={props.client} name={output.name} uri={output.uri} ready={finished} />)}
      {finished && io && props.propertyFiles.map((file) => <PropertyFileView key={file.name} client={props.client} file={file} io={io} />)}
      {recorded.length === 0 && !io?.outputs.length ? (
        <p className="sluice-Empty">No outputs recorded for this step yet.</p>
      ) : (
        <table className="sluice-Table sluice-Outputs">
          <tbody>
            {recorded.map((item) => (
              <tr key={item.path}>
                <td>{item.path}</td>
                <td className="sluice-Mono">
                  {item.path === 'RegisterModel.Arn' && props.links.onOpenVersion ? (
                    <button className="sluice-Link sluice-VersionLink" title={item.value} onClick={() => props.links.onOpenVersion?.(item.value)}>
                      {item.value}
                    </button>
                  ) : (
                    item.value
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function OutputFiles(props: { client: ServiceClient; name: string; uri: string; ready: boolean }): React.ReactElement {
  const [files, setFiles] = React.useState<string[] | undefined>();
  const [problem, setProblem] = React.useState<string | undefined>();
  React.useEffect(() => {
    if (!props.ready) return;
    listOutputFiles(props.client, props.uri).then(setFiles, (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
  }, [props.uri, props.ready]);
  const download = async (uri: string): Promise<void> => {
    try {
      const url = URL.createObjectURL(new Blob([await readArtifact(props.client, uri)]));
      const link = document.createElement('a');
      link.href = url;
      link.download = uri.slice(uri.lastIndexOf('/') + 1);
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div className="sluice-OutputFiles" data-output={props.name}>
      <div>
        <strong>{props.name}</strong> <span className="sluice-Mono">{props.uri}</span>
      </div>
      {problem && <p className="sluice-Form-error">{problem}</p>}
      <ul className="sluice-FileList">
        {(files ?? []).map((file) => (
          <li key={file}>
            <button className="sluice-Link sluice-DownloadFile" title={`Download ${file}`} onClick={() => void download(file)}>
              {file.slice(props.uri.replace(/\/+$/, '').length + 1) || file.slice(file.lastIndexOf('/') + 1)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PropertyFileView(props: { client: ServiceClient; file: PropertyFile; io: StepIO }): React.ReactElement {
  const [content, setContent] = React.useState<{ json?: unknown; problem?: string } | undefined>();
  React.useEffect(() => {
    readPropertyFile(props.client, props.file, props.io.outputs).then(
      (json) => setContent({ json }),
      (error: unknown) => setContent({ problem: error instanceof Error ? error.message : String(error) })
    );
  }, [props.file.name, props.io]);
  return (
    <div className="sluice-PropertyFile" data-property-file={props.file.name}>
      <div>
        <strong>Property file {props.file.name}</strong> <span className="sluice-Muted">({props.file.outputName}/{props.file.filePath})</span>
      </div>
      {content?.problem && <p className="sluice-Form-error">{content.problem}</p>}
      {content?.json !== undefined && <pre className="sluice-Mono sluice-Json">{JSON.stringify(content.json, null, 2)}</pre>}
    </div>
  );
}

/**
 * A finished condition: each comparison with the values it compared (`MSE 4.38 ≤ 6 → true`) and the branch
 * taken. Where the service keeps only the outcome (SageMaker), the outcome alone.
 */
function ConditionResult(props: { row: ExecutionStep; evaluation: ConditionStepEvaluation | undefined }): React.ReactElement {
  const outcome = String(props.row.Metadata?.Condition?.Outcome ?? '').toLowerCase();
  return (
    <div className="sluice-ConditionResult" data-outcome={outcome}>
      {props.evaluation && (
        <ul className="sluice-ConditionList">
          {props.evaluation.Conditions.map((condition, index) => (
            <ConditionLine key={index} condition={condition} />
          ))}
        </ul>
      )}
      <p>
        Branch taken: <strong className="sluice-ConditionOutcome">{outcome === 'true' ? 'true (if steps)' : 'false (else steps)'}</strong>
      </p>
    </div>
  );
}

function ConditionLine(props: { condition: EvaluatedCondition }): React.ReactElement {
  return (
    <li className={`sluice-Condition ${props.condition.Result ? 'sluice-mod-true' : 'sluice-mod-false'}`} data-result={String(props.condition.Result)}>
      <span className="sluice-Mono">{props.condition.Text}</span>
    </li>
  );
}

/** A condition's evaluation; a training job's final metrics (from its MetricDefinitions over the log). */
function Metrics(props: { client: ServiceClient; row: ExecutionStep | undefined; evaluation: ConditionStepEvaluation | undefined }): React.ReactElement {
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
      {condition && props.row && <ConditionResult row={props.row} evaluation={props.evaluation} />}
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
