/**
 * The designer: a palette of step types, the canvas (React Flow, the graph view's node look and layout) where steps
 * are dropped, moved and joined, and a side pane with the open step's form, the parameters, the pipeline's settings
 * and every problem the shared validator finds.
 */
import {
  applyNodeChanges,
  Background,
  Controls,
  Handle,
  MarkerType,
  MiniMap,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge,
  type Node,
  type NodeChange,
  type NodeProps,
} from '@xyflow/react';
import * as React from 'react';
import { StepNodeLabel } from '../components/StepNode';
import { stepStateLabel, type StepState } from '../model/step-status';
import { glyphOf } from '../components/step-types';
import { Tabs } from '../components/Tabs';
import { useSignalState } from './use-signal-state';
import type { DesignerModel, DesignerRun, DesignerState } from './designer-model';
import { addStep, connectSteps, findStep, freeStepName, removeStep, type ConnectionKind, type DesignProblem } from './document';
import { ParametersPanel, SettingsPanel, StepForm } from './PaneForms';
import { paletteLabels, paletteTypes } from './step-catalog';

interface DesignerNodeData extends Record<string, unknown> {
  name: string;
  nameLines: string[];
  stepType: string;
  problems: string[];
  open: boolean;
  /** The step's state in the execution the designer started, as the graph view's nodes show it. */
  state?: StepState;
}

type DesignerFlowNode = Node<DesignerNodeData, 'designerStep'>;

/** A step on the canvas: the graph view's node, with ports to join it and its problems marked. */
function DesignerNode(props: NodeProps<DesignerFlowNode>): React.ReactElement {
  const { data } = props;
  const invalid = data.problems.length > 0;
  return (
    <div
      className={`sluice-StepNode sluice-DesignerNode sluice-mod-type-${data.stepType.toLowerCase()}${data.open ? ' sluice-mod-selected' : ''}${invalid ? ' sluice-mod-invalid' : ''}${data.state ? ` sluice-mod-${data.state}` : ''}`}
      data-step={data.name}
      data-state={data.state ?? ''}
      data-problems={data.problems.length}
      title={invalid ? data.problems.join('\n') : `${data.name} (${data.stepType})`}
    >
      <Handle type="target" position={Position.Left} />
      <StepNodeLabel nameLines={data.nameLines} stepType={data.stepType}>
        {data.state && <span className="sluice-StepNode-state">{stepStateLabel[data.state]}</span>}
      </StepNodeLabel>
      {invalid && <span className="sluice-DesignerNode-problem">{data.problems.length}</span>}
      {data.stepType === 'Condition' ? (
        <>
          <Handle type="source" id="true" position={Position.Right} style={{ top: '30%' }} className="sluice-Port-true" title="if true" />
          <Handle type="source" id="false" position={Position.Right} style={{ top: '70%' }} className="sluice-Port-false" title="if false" />
        </>
      ) : (
        <Handle type="source" position={Position.Right} />
      )}
    </div>
  );
}

const nodeTypes = { designerStep: DesignerNode };
const dragType = 'application/x-sluice-step-type';
const edgeClass: Record<string, string> = {
  data: 'sluice-Edge-data',
  dependsOn: 'sluice-Edge-dependsOn',
  true: 'sluice-Edge-condition',
  false: 'sluice-Edge-condition',
};

function problemsByStep(problems: readonly DesignProblem[]): Map<string, string[]> {
  const byStep = new Map<string, string[]>();
  for (const problem of problems) for (const step of problem.steps) byStep.set(step, [...(byStep.get(step) ?? []), problem.message]);
  return byStep;
}

function Canvas(props: {
  model: DesignerModel;
  state: DesignerState;
  selected: string | undefined;
  onSelect: (name: string | undefined) => void;
  run: DesignerRun | undefined;
}): React.ReactElement {
  const { model, state } = props;
  const flow = useReactFlow();
  const [connectAs, setConnectAs] = React.useState<'data' | 'dependsOn'>('data');
  const byStep = React.useMemo(() => problemsByStep(state.problems), [state.problems]);
  const derived = React.useMemo(
    (): DesignerFlowNode[] =>
      (state.graph?.nodes ?? []).map((node) => ({
        id: node.id,
        type: 'designerStep',
        position: node.position,
        width: node.width,
        height: node.height,
        // The open step is React Flow's selection too, so Delete removes it.
        selected: node.id === props.selected,
        data: {
          name: node.id,
          nameLines: node.nameLines,
          stepType: node.stepType,
          problems: byStep.get(node.id) ?? [],
          open: node.id === props.selected,
          ...(props.run ? { state: props.run.execution.stepState(node.id) } : {}),
        },
      })),
    [state.graph, byStep, props.selected, props.run],
  );
  // React Flow moves nodes while they are dragged; the file learns where they ended up when the drag stops.
  const [nodes, setNodes] = React.useState(derived);
  React.useEffect(() => setNodes(derived), [derived]);
  const edges = React.useMemo(
    (): Edge[] =>
      (state.graph?.edges ?? []).map((edge) => ({
        id: edge.id,
        source: edge.source,
        target: edge.target,
        ...(edge.kind === 'true' || edge.kind === 'false' ? { sourceHandle: edge.kind, label: edge.kind } : {}),
        className: edgeClass[edge.kind],
        data: { kind: edge.kind },
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
      })),
    [state.graph],
  );

  const connect = (connection: Connection): void => {
    const kind: ConnectionKind = connection.sourceHandle === 'true' || connection.sourceHandle === 'false' ? connection.sourceHandle : connectAs;
    model.edit((definition) => void connectSteps(definition, connection.source, connection.target, kind));
  };
  const drop = (event: React.DragEvent): void => {
    const type = event.dataTransfer.getData(dragType);
    if (!type) return;
    event.preventDefault();
    const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
    let added = '';
    model.edit(
      (definition) => void (added = addStep(definition, type)),
      // The name is known only inside the edit: the position is given for the name it will get.
      new Map([[freeStepName(state.file?.definition ?? { Steps: [] }, type), point]]),
    );
    props.onSelect(added);
  };

  return (
    <div className="sluice-Designer-canvas" onDragOver={(event) => event.preventDefault()} onDrop={drop}>
      <div className="sluice-Designer-connectAs">
        <label>
          New edges:{' '}
          <select
            className="jp-mod-styled"
            aria-label="New edges"
            value={connectAs}
            onChange={(event) => setConnectAs(event.target.value as 'data' | 'dependsOn')}
          >
            <option value="data">read the step's output</option>
            <option value="dependsOn">DependsOn (wait only)</option>
          </select>
        </label>
      </div>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        minZoom={0.1}
        maxZoom={2}
        fitView
        // A new pipeline's first step is not blown up to fill the canvas.
        fitViewOptions={{ maxZoom: 1 }}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        deleteKeyCode={['Delete', 'Backspace']}
        onNodesChange={(changes: NodeChange<DesignerFlowNode>[]) => setNodes((current) => applyNodeChanges(changes, current))}
        onNodeDragStop={(_event, _node, dragged) => model.move(new Map(dragged.map((node) => [node.id, node.position])))}
        onConnect={connect}
        onNodesDelete={(deleted) => model.edit((definition) => deleted.forEach((node) => removeStep(definition, node.id)))}
        onEdgesDelete={(deleted) => {
          // Edges go with a deleted step too; only a DependsOn edge removed on its own is an edit of its own.
          const waits = deleted.filter((edge) => edge.data?.kind === 'dependsOn');
          if (waits.length === 0) return;
          model.edit((definition) => {
            for (const edge of waits) {
              const target = findStep(definition, edge.target);
              if (target && Array.isArray(target.DependsOn)) target.DependsOn = target.DependsOn.filter((name) => name !== edge.source);
            }
          });
        }}
        onNodeClick={(_event, node) => props.onSelect(node.id)}
        onPaneClick={() => props.onSelect(undefined)}
      >
        <Background />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}

function Palette(): React.ReactElement {
  return (
    <div className="sluice-Designer-palette" aria-label="Step types">
      <div className="sluice-Form-heading">Steps</div>
      {paletteTypes.map((type) => (
        <div
          key={type}
          className="sluice-Designer-paletteItem"
          data-step-type={type}
          draggable
          title={`Drag onto the canvas to add a ${paletteLabels[type]} step`}
          onDragStart={(event) => {
            event.dataTransfer.setData(dragType, type);
            event.dataTransfer.effectAllowed = 'copy';
          }}
        >
          <span className="sluice-StepNode-badge">{glyphOf(type)}</span> {paletteLabels[type]}
        </div>
      ))}
    </div>
  );
}

const paneTabs = ['Step', 'Parameters', 'Settings', 'Problems'] as const;
type PaneTab = (typeof paneTabs)[number];

export function DesignerView(props: { model: DesignerModel }): React.ReactElement {
  const { model } = props;
  const state = useSignalState(model.changed, model.state);
  const run = useSignalState(model.runChanged, model.run);
  const [selected, setSelected] = React.useState<string | undefined>(model.selected);
  const [tab, setTab] = React.useState<PaneTab>('Step');
  const select = (name: string | undefined): void => {
    model.selected = name;
    setSelected(name);
    if (name !== undefined) setTab('Step');
  };
  if (state.unreadable !== undefined) {
    return (
      <div className="sluice-Designer sluice-Designer-unreadable">
        <div className="sluice-Banner sluice-mod-error">{state.unreadable}</div>
        <p>Open the file with Open With → Editor to fix it; the designer reads it again as soon as it is a definition.</p>
      </div>
    );
  }
  return (
    <div className="sluice-Designer">
      {state.problems.length > 0 && (
        <div className="sluice-Designer-banner" role="status">
          {state.problems.length === 1 ? '1 problem' : `${state.problems.length} problems`}: the file is saved as it is, but SageMaker would refuse this
          definition.{' '}
          <button type="button" className="jp-Button jp-mod-styled jp-mod-minimal" onClick={() => setTab('Problems')}>
            Show
          </button>
        </div>
      )}
      {run && (
        <div className="sluice-Designer-execution" role="status" data-status={run.status ?? ''}>
          Execution {run.execution.description?.PipelineExecutionDisplayName ?? ''}: {run.status ?? 'starting'}{' '}
          <button type="button" className="jp-Button jp-mod-styled jp-mod-minimal" name="openExecution" onClick={run.open}>
            Open execution view
          </button>
        </div>
      )}
      <div className="sluice-Designer-body">
        <Palette />
        <ReactFlowProvider>
          <Canvas model={model} state={state} selected={selected} onSelect={select} run={run} />
        </ReactFlowProvider>
        <div className="sluice-Designer-pane">
          <Tabs tabs={paneTabs} current={tab} onChange={setTab} label="Designer pane" />
          <div className="sluice-Designer-paneBody">
            {tab === 'Step' &&
              (selected !== undefined ? (
                <StepForm model={model} state={state} name={selected} onRenamed={select} />
              ) : (
                <div className="sluice-Muted">Drag a step from the palette, or choose one on the canvas to edit it.</div>
              ))}
            {tab === 'Parameters' && <ParametersPanel model={model} state={state} />}
            {tab === 'Settings' && <SettingsPanel model={model} state={state} />}
            {tab === 'Problems' && (
              <ul className="sluice-Designer-problems">
                {state.problems.length === 0 && <li className="sluice-Muted">No problems.</li>}
                {state.problems.map((problem, index) => (
                  <li key={index}>
                    <button type="button" className="sluice-LinkButton" onClick={() => problem.steps[0] !== undefined && select(problem.steps[0])}>
                      {problem.message}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
