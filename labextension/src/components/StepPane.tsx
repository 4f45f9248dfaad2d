import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import * as React from 'react';
import { errorText, type EvaluatedCondition } from '../api';
import { formatDuration, type StepModel, type StepOutputFiles, type StepPropertyFile } from '../model';
import { metricLineChart } from 'sluice/metric-charts';
import { ExecutedNotebookView } from './ExecutedNotebookView';
import { executionIdOf } from './ExecutionName';
import { MetricChart } from './MetricChart';
import { StepLogs } from './StepLogs';
import { Tabs } from './Tabs';
import { Time } from './Time';
import { useModel } from './use-model';

const tabs = ['Overview', 'Input', 'Output', 'Logs', 'Metrics'] as const;
type Tab = (typeof tabs)[number];

/** Where the step pane's links go: another execution (a reused or cached step's), a registered model version. */
export interface StepLinks {
  onOpenExecution: (arn: string) => void;
  onOpenVersion?: (arn: string) => void;
  /** Opens a file of the workspace (an executed notebook once saved there). */
  onOpenFile?: (absolutePath: string) => void;
  /** JupyterLab's rendermime registry, which draws an executed notebook's outputs and markdown. */
  rendermime?: IRenderMimeRegistry;
}

/** What one step did: Overview / Input / Output / Logs / Metrics, all read from its model. */
export function StepPane(props: { step: StepModel; onClose: () => void } & StepLinks): React.ReactElement {
  const [tab, setTab] = React.useState<Tab>('Overview');
  const step = useModel(props.step);
  return (
    <div className="sluice-StepPane" data-step={step.stepName}>
      <div className="sluice-StepPane-header">
        <span className="sluice-StepPane-title">{step.stepName}</span>
        <button className="sluice-IconButton" aria-label="Close step" onClick={props.onClose}>
          ✕
        </button>
      </div>
      <Tabs tabs={tabs} current={tab} onChange={setTab} label="Step" />
      <div className="sluice-StepPane-body">
        {tab === 'Overview' && <Overview step={step} links={props} />}
        {tab === 'Logs' &&
          (step.log ? (
            <StepLogs key={step.log.jobName} model={step.log} />
          ) : (
            <p className="sluice-Empty">
              {step.runsInService
                ? `A ${step.stepType} step runs inside the service, without a job, so it has no log.`
                : 'No job has run for this step yet, so there is no log.'}
            </p>
          ))}
        {tab === 'Input' && <Input step={step} />}
        {tab === 'Output' &&
          (step.stepType === 'Condition' && step.outcome !== undefined ? <ConditionResult step={step} /> : <Output step={step} links={props} />)}
        {tab === 'Metrics' && <Metrics step={step} />}
      </div>
    </div>
  );
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

function Overview(props: { step: StepModel; links: StepLinks }): React.ReactElement {
  const { step, links } = props;
  const row = step.row;
  const cachedFrom = row?.CacheHitResult?.SourcePipelineExecutionArn;
  const reusedFrom = row?.SelectiveExecutionResult?.SourcePipelineExecutionArn;
  const registered = row?.StepStatus === 'Succeeded' ? row.Metadata?.RegisterModel?.Arn : undefined;
  const ranBecause = step.execution.runReasonOf(step.stepName);
  const job = step.job;
  return (
    <dl className="sluice-Facts">
      <dt>Status</dt>
      <dd className="sluice-StepPane-status">{step.stateLabel}</dd>
      <dt>Type</dt>
      <dd>{step.stepType}</dd>
      {ranBecause && (
        <>
          <dt>Cache</dt>
          <dd className="sluice-StepPane-runReason">{ranBecause}</dd>
        </>
      )}
      {reusedFrom && (
        <>
          <dt>Outputs from</dt>
          <dd className="sluice-StepPane-reused">
            execution <ExecutionLink arn={reusedFrom} onOpen={links.onOpenExecution} /> (this selective run reused them; the times below are that run&apos;s)
          </dd>
        </>
      )}
      {job && (
        <>
          <dt>Job</dt>
          <dd className="sluice-Mono sluice-StepPane-job">{job.name}</dd>
          {job.instanceType && (
            <>
              <dt>Instance type</dt>
              <dd className="sluice-StepPane-instance">
                {job.instanceType}
                {job.instanceCount !== undefined && job.instanceCount > 1 ? ` × ${job.instanceCount}` : ''}
              </dd>
            </>
          )}
          {job.image && (
            <>
              <dt>Image</dt>
              <dd className="sluice-Mono sluice-StepPane-image">{job.image}</dd>
            </>
          )}
        </>
      )}
      {step.outcome !== undefined && (
        <>
          <dt>Result</dt>
          <dd>
            <ConditionResult step={step} />
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

/** What the step's job read: inputs with their S3 URIs, and the image, arguments and settings it ran with. */
function Input(props: { step: StepModel }): React.ReactElement {
  const { step } = props;
  if (step.ioProblem) return <p className="sluice-Form-error">{step.ioProblem}</p>;
  if (!step.loaded) return <p className="sluice-Muted">Loading…</p>;
  if (!step.inputs)
    return (
      <p className="sluice-Empty">This step ran inside the service, without a job: its arguments are in the definition (Settings → Download definition).</p>
    );
  return (
    <div className="sluice-StepInput">
      <table className="sluice-Table sluice-Inputs">
        <tbody>
          {step.inputs.map((input) => (
            <tr key={input.name} data-input={input.name}>
              <td>{input.name}</td>
              <td className="sluice-Mono">{input.uri}</td>
              <td className="sluice-Mono sluice-Muted">{input.localPath ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="sluice-Facts">
        {step.settings.map((setting) => (
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
function Output(props: { step: StepModel; links: StepLinks }): React.ReactElement {
  const { step } = props;
  const recorded = step.recorded;
  const finished = step.row?.StepStatus === 'Succeeded' || step.row?.StepStatus === 'Failed';
  const loadNotebook = React.useCallback(() => step.executedNotebook(), [step]);
  return (
    <div className="sluice-StepOutput">
      {step.ioProblem && <p className="sluice-Form-error">{step.ioProblem}</p>}
      {step.job?.kind === 'TrainingJob' && finished && (
        <ExecutedNotebookView
          key={step.job.name}
          jobName={step.job.name}
          load={loadNotebook}
          onOpenFile={props.links.onOpenFile}
          rendermime={props.links.rendermime}
        />
      )}
      {step.outputs.map((output) => (
        <OutputFiles key={output.name} step={step} output={output} />
      ))}
      {step.propertyFiles.map((file) => (
        <PropertyFileView key={file.name} file={file} />
      ))}
      {recorded.length === 0 && step.outputs.length === 0 ? (
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

function OutputFiles(props: { step: StepModel; output: StepOutputFiles }): React.ReactElement {
  const { output } = props;
  const [problem, setProblem] = React.useState<string | undefined>();
  const download = async (uri: string): Promise<void> => {
    try {
      const url = URL.createObjectURL(new Blob([await props.step.readFile(uri)]));
      const link = document.createElement('a');
      link.href = url;
      link.download = uri.slice(uri.lastIndexOf('/') + 1);
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  return (
    <div className="sluice-OutputFiles" data-output={output.name}>
      <div>
        <strong>{output.name}</strong> <span className="sluice-Mono">{output.uri}</span>
      </div>
      {(output.problem ?? problem) && <p className="sluice-Form-error">{output.problem ?? problem}</p>}
      <ul className="sluice-FileList">
        {output.files.map((file) => (
          <li key={file}>
            <button className="sluice-Link sluice-DownloadFile" title={`Download ${file}`} onClick={() => void download(file)}>
              {file.slice(output.uri.replace(/\/+$/, '').length + 1) || file.slice(file.lastIndexOf('/') + 1)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function PropertyFileView(props: { file: StepPropertyFile }): React.ReactElement {
  const { file } = props;
  return (
    <div className="sluice-PropertyFile" data-property-file={file.name}>
      <div>
        <strong>Property file {file.name}</strong>{' '}
        <span className="sluice-Muted">
          ({file.outputName}/{file.filePath})
        </span>
      </div>
      {file.problem && <p className="sluice-Form-error">{file.problem}</p>}
      {file.json !== undefined && <pre className="sluice-Mono sluice-Json">{JSON.stringify(file.json, null, 2)}</pre>}
    </div>
  );
}

/**
 * A finished condition: each comparison with the values it compared (`MSE 4.38 ≤ 6 → true`) and the branch
 * taken. Where the service keeps only the outcome (SageMaker), the outcome alone.
 */
function ConditionResult(props: { step: StepModel }): React.ReactElement {
  const outcome = props.step.outcome ?? '';
  const evaluation = props.step.condition;
  return (
    <div className="sluice-ConditionResult" data-outcome={outcome}>
      {evaluation && (
        <ul className="sluice-ConditionList">
          {evaluation.Conditions.map((condition, index) => (
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

/** A condition's evaluation; a training job's metrics over its run as charts, and their final values (from its MetricDefinitions over the log). */
function Metrics(props: { step: StepModel }): React.ReactElement {
  const { step } = props;
  const metrics = step.metrics;
  if (step.outcome === undefined && metrics.length === 0) return <p className="sluice-Empty">No metrics for this step.</p>;
  return (
    <div>
      {step.outcome !== undefined && <ConditionResult step={step} />}
      {[...step.metricSeries].map(([metric, points]) => (
        <MetricChart
          key={metric}
          data={{ metric, points: String(points.length) }}
          spec={(theme) => metricLineChart({ metric, title: metric, lines: [{ label: step.stepName, points }], theme, width: 300, height: 150 })}
        />
      ))}
      {step.metricSeriesProblem && <p className="sluice-Empty">The metrics over the run cannot be read: {step.metricSeriesProblem}</p>}
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
