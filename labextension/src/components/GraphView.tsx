import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, type Edge, type ReactFlowInstance } from '@xyflow/react';
import * as React from 'react';
import type { EdgeKind, PipelineGraph, StepState } from '../model';
import { StepNode, type StepFlowNode } from './StepNode';

const nodeTypes = { step: StepNode };

const edgeClass: Record<EdgeKind, string> = {
  data: 'sluice-Edge-data',
  dependsOn: 'sluice-Edge-dependsOn',
  conditionTrue: 'sluice-Edge-condition',
  conditionFalse: 'sluice-Edge-condition'
};

export interface GraphViewProps {
  graph: PipelineGraph;
  /** Live state per step name, for an execution's graph. */
  stateOf?: (name: string) => StepState;
  detailOf?: (name: string) => string | undefined;
  selected?: string;
  onSelect?: (name: string | undefined) => void;
  /** Steps chosen with shift-click or a shift-drag box (lasso), and what choosing does; absent where nothing can be chosen. */
  chosen?: readonly string[];
  onChoose?: (name: string) => void;
  onChooseMany?: (names: string[]) => void;
}

/** The DAG: data edges solid, DependsOn dashed, condition branches labelled; pan, zoom, fit, minimap, search. */
export function GraphView(props: GraphViewProps): React.ReactElement {
  const [search, setSearch] = React.useState('');
  const flow = React.useRef<ReactFlowInstance<StepFlowNode, Edge> | undefined>(undefined);
  // The steps inside the shift-drag box while it is drawn; chosen when it is let go.
  const lasso = React.useRef<Set<string> | undefined>(undefined);
  const paneOpen = props.selected !== undefined;
  // Opening or closing the step pane changes the graph's width: fit the steps to it again.
  React.useEffect(() => {
    const frame = requestAnimationFrame(() => void flow.current?.fitView({ padding: 0.2, maxZoom: 1, duration: 150 }));
    return () => cancelAnimationFrame(frame);
  }, [paneOpen]);
  const needle = search.trim().toLowerCase();
  const nodes: StepFlowNode[] = props.graph.nodes.map((node) => ({
    id: node.id,
    type: 'step',
    position: node.position,
    width: node.width,
    height: node.height,
    // The open step is marked by our own class, not React Flow's selection, which a shift-drag box (lasso) owns.
    selected: false,
    draggable: false,
    data: {
      name: node.id,
      stepType: node.stepType,
      ...(props.stateOf ? { state: props.stateOf(node.id) } : {}),
      ...(props.detailOf ? { detail: props.detailOf(node.id) } : {}),
      highlighted: needle !== '' && node.id.toLowerCase().includes(needle),
      open: node.id === props.selected,
      chosen: props.chosen?.includes(node.id) ?? false
    }
  }));
  const edges: Edge[] = props.graph.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    target: edge.target,
    className: edgeClass[edge.kind],
    ...(edge.kind === 'conditionTrue' || edge.kind === 'conditionFalse'
      ? { label: edge.kind === 'conditionTrue' ? 'true' : 'false', labelClassName: 'sluice-Edge-label', labelBgClassName: 'sluice-Edge-labelBg' }
      : {})
  }));
  return (
    <div className="sluice-Graph">
      <input className="sluice-Graph-search jp-mod-styled" type="search" placeholder="Find a step" aria-label="Find a step" value={search} onChange={(event) => setSearch(event.target.value)} />
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
          onInit={(instance) => (flow.current = instance)}
          minZoom={0.1}
          nodesConnectable={false}
          proOptions={{ hideAttribution: true }}
          onSelectionStart={() => (lasso.current = props.onChooseMany ? new Set() : undefined)}
          onNodesChange={(changes) => {
            for (const change of changes) {
              if (change.type !== 'select' || lasso.current === undefined) continue;
              if (change.selected) lasso.current.add(change.id);
              else lasso.current.delete(change.id);
            }
          }}
          onSelectionEnd={() => {
            if (lasso.current && lasso.current.size > 0) props.onChooseMany?.([...lasso.current]);
            lasso.current = undefined;
          }}
          onNodeClick={(event, node) => (event.shiftKey && props.onChoose ? props.onChoose(node.id) : props.onSelect?.(node.id))}
          onPaneClick={() => props.onSelect?.(undefined)}
        >
          <Background />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable nodeClassName={(node) => `sluice-MiniNode sluice-mod-${String(node.data.state ?? 'static')}`} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
