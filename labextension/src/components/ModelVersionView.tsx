import * as React from 'react';
import { approvalOf, type ModelVersionModel } from '../model';
import { ExecutionName } from './ExecutionName';
import { LineageView } from './LineageView';
import { showUpdateStatusDialog } from './ModelGroupView';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { Tabs } from './Tabs';
import { Time } from './Time';
import { useModel } from './use-model';

const tabs = ['Overview', 'Metrics', 'Lineage', 'Activity'] as const;
type Tab = (typeof tabs)[number];

const eventLabel = { Registered: 'Registered', ApprovalStatusChanged: 'Approval status changed', ApprovalCommentChanged: 'Approval comment changed' } as const;

/** A model version's page, as Studio's: Overview / Metrics / Lineage / Activity, and Update status. */
export function ModelVersionView(props: { model: ModelVersionModel; onOpenExecution: (arn: string, pipelineName: string) => void }): React.ReactElement {
  const model = useModel(props.model);
  const [tab, setTab] = React.useState<Tab>('Overview');
  const description = model.description;
  return (
    <div className="sluice-View sluice-ModelVersionView">
      <div className="sluice-View-header">
        <h2 className="sluice-View-title">{model.title}</h2>
        <StatusChip status={description?.ModelApprovalStatus} />
        <button
          className="jp-Button jp-mod-styled jp-mod-accept sluice-UpdateStatusButton"
          disabled={!model.loaded}
          onClick={() =>
            showUpdateStatusDialog({
              title: `Update status of ${model.title}`,
              current: approvalOf(description?.ModelApprovalStatus),
              onSubmit: (status, comment) => model.updateStatus(status, comment),
            })
          }
        >
          Update status
        </button>
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <Tabs tabs={tabs} current={tab} onChange={setTab} label="Model version" />
      <div className="sluice-View-body">
        {tab === 'Overview' && (
          <dl className="sluice-Facts">
            <dt>ARN</dt>
            <dd className="sluice-Mono">{model.modelPackageArn}</dd>
            <dt>Approval</dt>
            <dd>{description?.ModelApprovalStatus}</dd>
            <dt>Approval comment</dt>
            <dd>{description?.ApprovalDescription || <span className="sluice-Muted">none</span>}</dd>
            <dt>Status</dt>
            <dd>{description?.ModelPackageStatus}</dd>
            <dt>Created</dt>
            <dd>
              <Time epochSeconds={description?.CreationTime} />
            </dd>
            <dt>Description</dt>
            <dd>{description?.ModelPackageDescription || <span className="sluice-Muted">none</span>}</dd>
            {(description?.InferenceSpecification?.Containers ?? []).map((container, index) => (
              <React.Fragment key={index}>
                <dt>Container {index + 1}</dt>
                <dd className="sluice-Mono">
                  {container.Image}
                  <br />
                  {container.ModelDataUrl}
                </dd>
              </React.Fragment>
            ))}
            <dt>Content types</dt>
            <dd>{(description?.InferenceSpecification?.SupportedContentTypes ?? []).join(', ')}</dd>
          </dl>
        )}
        {tab === 'Metrics' && (
          <div className="sluice-VersionMetrics">
            {model.metrics.length === 0 && model.metricProblems.length === 0 && (
              <p className="sluice-Empty">This version was registered without model metrics.</p>
            )}
            {model.metrics.length > 0 && (
              <table className="sluice-Table">
                <thead>
                  <tr>
                    <th>Report</th>
                    <th>Metric</th>
                    <th>Value</th>
                  </tr>
                </thead>
                <tbody>
                  {model.metrics.map((metric) => (
                    <tr key={`${metric.report}:${metric.name}`} data-metric={metric.name}>
                      <td>{metric.report}</td>
                      <td>{metric.name}</td>
                      <td className="sluice-Mono">{metric.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {model.metricProblems.map((problem) => (
              <p key={problem} className="sluice-Form-error">
                Could not read {problem}
              </p>
            ))}
          </div>
        )}
        {tab === 'Lineage' && (
          <div className="sluice-VersionLineage">
            <LineageFacts model={model} onOpenExecution={props.onOpenExecution} />
            <ShownLineage model={model} />
          </div>
        )}
        {tab === 'Activity' && (
          <table className="sluice-Table sluice-Activity">
            <thead>
              <tr>
                <th>When</th>
                <th>Event</th>
                <th>Status</th>
                <th>Comment</th>
              </tr>
            </thead>
            <tbody>
              {[...model.activity].reverse().map((event, index) => (
                <tr key={index} data-event={event.Event}>
                  <td>
                    <Time epochSeconds={event.Time} />
                  </td>
                  <td>{eventLabel[event.Event]}</td>
                  <td>{event.From ? `${event.From} → ${event.To ?? ''}` : (event.To ?? '')}</td>
                  <td className="sluice-ActivityComment">{event.Comment ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function LineageFacts(props: { model: ModelVersionModel; onOpenExecution: (arn: string, pipelineName: string) => void }): React.ReactElement {
  const lineage = props.model.lineage;
  if (!lineage) return <p className="sluice-Empty">This version was not registered by a pipeline execution.</p>;
  const { pipelineName } = lineage;
  return (
    <dl className="sluice-Facts sluice-Lineage">
      <dt>Pipeline</dt>
      <dd>{pipelineName ?? <span className="sluice-Muted">deleted</span>}</dd>
      <dt>Execution</dt>
      <dd>
        {pipelineName ? (
          <span className="sluice-Link sluice-LineageExecution" onClick={() => props.onOpenExecution(lineage.executionArn, pipelineName)}>
            <ExecutionName arn={lineage.executionArn} displayName={lineage.executionDisplayName} />
          </span>
        ) : (
          <span className="sluice-Mono" title={lineage.executionArn}>
            <ExecutionName arn={lineage.executionArn} />
          </span>
        )}{' '}
        {lineage.executionStatus && <StatusChip status={lineage.executionStatus} />}
      </dd>
      <dt>Registered by step</dt>
      <dd>{lineage.stepName ?? <span className="sluice-Muted">unknown</span>}</dd>
    </dl>
  );
}

/** The lineage graph, polling while it is shown. */
function ShownLineage(props: { model: ModelVersionModel }): React.ReactElement {
  const lineage = props.model.lineageGraph;
  React.useEffect(() => {
    lineage.visible = true;
    return () => {
      lineage.visible = false;
    };
  }, [lineage]);
  return <LineageView model={lineage} />;
}
