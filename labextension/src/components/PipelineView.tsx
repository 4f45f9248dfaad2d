import * as React from 'react';
import { formatTime, type PipelineModel } from '../model';
import type { DesignerDocument } from '../model/designer-download';
import { executionIdOf } from './ExecutionName';
import { ExecutionsTable, type OpenChoice } from './ExecutionsTable';
import { PlannedGraph } from './PlannedGraph';
import { SchedulesView } from './SchedulesView';
import { ServiceProblem } from './ServiceProblem';
import { showStartExecutionDialog } from './StartExecutionDialog';
import { Tabs } from './Tabs';
import { Time } from './Time';
import { useModel } from './use-model';

const tabs = ['Executions', 'Graph', 'Parameters', 'Schedules', 'Settings'] as const;
type Tab = (typeof tabs)[number];

/** A pipeline's main-area tab, as Studio Classic has it: Executions / Graph / Parameters / Settings, and its Schedules. */
export function PipelineView(props: {
  model: PipelineModel;
  onOpenExecution: (arn: string, choice?: OpenChoice) => void;
  onCompare: (arns: string[]) => void;
  /** Saves the definition as `<name>.pipeline.json` and opens it in the designer; no button without it. */
  onOpenInDesigner?: (document: DesignerDocument) => void;
}): React.ReactElement {
  const model = useModel(props.model);
  const [tab, setTab] = React.useState<Tab>('Executions');
  const start = (): void =>
    showStartExecutionDialog({
      pipelineName: model.pipelineName,
      parameters: model.parameters,
      earlier: model.executions.flatMap((execution) => {
        const arn = execution.PipelineExecutionArn ?? '';
        const values = model.valuesOf(arn);
        return values ? [{ label: `${execution.PipelineExecutionDisplayName ?? executionIdOf(arn)} · ${formatTime(execution.StartTime)}`, values }] : [];
      }),
      onStart: async (request) => {
        const arn = await model.start(request);
        setTab('Executions');
        props.onOpenExecution(arn);
      },
    });
  return (
    <div className="sluice-View sluice-PipelineView">
      <div className="sluice-View-header">
        <h2 className="sluice-View-title">{model.pipelineName}</h2>
        <button className="jp-Button jp-mod-styled jp-mod-accept sluice-StartButton" disabled={!model.loaded} onClick={start}>
          Start execution
        </button>
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <Tabs tabs={tabs} current={tab} onChange={setTab} label="Pipeline" />
      <div className="sluice-View-body">
        {tab === 'Executions' && <ExecutionsTable model={model} onOpen={props.onOpenExecution} onCompare={props.onCompare} />}
        {tab === 'Graph' && model.graph && <PlannedGraph graph={model.graph} loadPlan={() => model.plan()} />}
        {tab === 'Parameters' && <ParametersTable model={model} />}
        {tab === 'Schedules' && <SchedulesView pipeline={model} model={model.schedules} />}
        {tab === 'Settings' && <Settings model={model} onOpenInDesigner={props.onOpenInDesigner} />}
      </div>
    </div>
  );
}

function ParametersTable(props: { model: PipelineModel }): React.ReactElement {
  if (props.model.parameters.length === 0) return <p className="sluice-Empty">This pipeline has no parameters.</p>;
  return (
    <table className="sluice-Table sluice-ParametersTable">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Default</th>
          <th>Allowed values</th>
        </tr>
      </thead>
      <tbody>
        {props.model.parameters.map((parameter) => (
          <tr key={parameter.name}>
            <td>{parameter.name}</td>
            <td>{parameter.type}</td>
            <td className="sluice-Mono">
              {parameter.defaultValue === undefined ? <span className="sluice-Muted">(required)</span> : String(parameter.defaultValue)}
            </td>
            <td>{parameter.enumValues?.join(', ') ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Settings(props: { model: PipelineModel; onOpenInDesigner?: (document: DesignerDocument) => void }): React.ReactElement {
  const description = props.model.description;
  const designerDocument = props.model.designerDocument;
  const onOpenInDesigner = props.onOpenInDesigner;
  const download = (): void => {
    const text = description?.PipelineDefinition ?? '';
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${props.model.pipelineName}.json`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="sluice-Settings">
      <dl className="sluice-Facts">
        <dt>ARN</dt>
        <dd className="sluice-Mono">{description?.PipelineArn}</dd>
        <dt>Description</dt>
        <dd>{description?.PipelineDescription || <span className="sluice-Muted">none</span>}</dd>
        <dt>Role</dt>
        <dd className="sluice-Mono">{description?.RoleArn}</dd>
        <dt>Created</dt>
        <dd>
          <Time epochSeconds={description?.CreationTime} />
        </dd>
        <dt>Modified</dt>
        <dd>
          <Time epochSeconds={description?.LastModifiedTime} />
        </dd>
      </dl>
      <button className="jp-Button jp-mod-styled jp-mod-accept" onClick={download}>
        Download definition (JSON)
      </button>
      {onOpenInDesigner && (
        <button
          className="jp-Button jp-mod-styled sluice-OpenInDesigner"
          disabled={!designerDocument}
          onClick={() => designerDocument && onOpenInDesigner(designerDocument)}
        >
          Open in designer
        </button>
      )}
      <h3>Versions</h3>
      <table className="sluice-Table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Name</th>
            <th>Created</th>
          </tr>
        </thead>
        <tbody>
          {props.model.versions.map((version) => (
            <tr key={version.id}>
              <td>{version.id}</td>
              <td>{version.displayName ?? ''}</td>
              <td>
                <Time epochSeconds={version.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
