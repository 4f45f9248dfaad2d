import { Background, ControlButton, Controls, MarkerType, MiniMap, ReactFlow, ReactFlowProvider, type ReactFlowInstance } from '@xyflow/react';
import * as React from 'react';
import { untakenBranches, type EdgeKind, type GraphNode, type GraphPlan, type PipelineGraph, type StepState } from '../model';
import { RoutedEdge, type RoutedFlowEdge } from './RoutedEdge';
import { StepNode, type StepFlowNode } from './StepNode';

const nodeTypes = { step: StepNode };
const edgeTypes = { routed: RoutedEdge };

const edgeClass: Record<EdgeKind, string> = {
  data: 'sluice-Edge-data',
  dependsOn: 'sluice-Edge-dependsOn',
  true: 'sluice-Edge-condition',
  false: 'sluice-Edge-condition',
};

/** Below this zoom step names are too small to read: the graph is scrolled (panned) rather than shrunk further. */
export const readableZoom = 0.5;
/** Room kept free around the steps when fitting, in screen pixels; the top leaves the search box clear. */
const margin = { side: 24, top: 48, bottom: 24 };

export interface GraphViewProps {
  graph: PipelineGraph;
  /** Live state per step name, for an execution's graph. */
  stateOf?: (name: string) => StepState;
  detailOf?: (name: string) => string | undefined;
  /** The branch a finished Condition step took, for an execution's graph: the other one is greyed. */
  outcomeOf?: (condition: string) => 'true' | 'false' | undefined;
  selected?: string;
  onSelect?: (name: string | undefined) => void;
  /** Steps chosen with shift-click or a shift-drag box (lasso), and what choosing does; absent where nothing can be chosen. */
  chosen?: readonly string[];
  onChoose?: (name: string) => void;
  onChooseMany?: (names: string[]) => void;
  /** What starting now would do, for the pipeline's graph: cached steps greyed, steps that will run highlighted. */
  plan?: GraphPlan;
}

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boundsOf(nodes: readonly GraphNode[]): Bounds {
  const left = Math.min(...nodes.map((node) => node.position.x));
  const top = Math.min(...nodes.map((node) => node.position.y));
  const right = Math.max(...nodes.map((node) => node.position.x + node.width));
  const bottom = Math.max(...nodes.map((node) => node.position.y + node.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The DAG: data edges solid, DependsOn dashed, condition branches labelled; pan, zoom, fit, minimap, search. */
export function GraphView(props: GraphViewProps): React.ReactElement {
  const [search, setSearch] = React.useState('');
  const flow = React.useRef<ReactFlowInstance<StepFlowNode, RoutedFlowEdge> | undefined>(undefined);
  const area = React.useRef<HTMLDivElement>(null);
  // The steps inside the shift-drag box while it is drawn; chosen when it is let go.
  const lasso = React.useRef<Set<string> | undefined>(undefined);
  const { graph, selected } = props;

  /**
   * Shows `focus` (every step by default) in the graph's own area, the step pane excluded: as large as fits up
   * to 100 %, never below a readable zoom. What does not fit then starts at the left (where the pipeline starts),
   * and the open step is kept in view.
   */
  const fit = React.useCallback(
    (options: { focus?: readonly GraphNode[]; keepZoom?: boolean; duration?: number } = {}): void => {
      const instance = flow.current;
      const element = area.current;
      const focus = options.focus ?? graph.nodes;
      if (instance === undefined || element === null || focus.length === 0) return;
      const view = { width: element.clientWidth - 2 * margin.side, height: element.clientHeight - margin.top - margin.bottom };
      const bounds = boundsOf(focus);
      const fitting = Math.min(view.width / bounds.width, view.height / bounds.height, 1);
      const current = instance.getZoom();
      const zoom = options.keepZoom ? Math.min(current, Math.max(fitting, Math.min(current, readableZoom))) : Math.max(fitting, readableZoom);
      const open = graph.nodes.find((node) => node.id === selected);
      let x = bounds.width * zoom <= view.width ? margin.side + (view.width - bounds.width * zoom) / 2 - bounds.x * zoom : margin.side - bounds.x * zoom;
      const y = bounds.height * zoom <= view.height ? margin.top + (view.height - bounds.height * zoom) / 2 - bounds.y * zoom : margin.top - bounds.y * zoom;
      if (open !== undefined && options.focus === undefined) {
        // The open step must stay visible when the rest overflows: slide left just enough to show it.
        const right = (open.position.x + open.width) * zoom + x;
        if (right > margin.side + view.width) x -= right - (margin.side + view.width);
      }
      void instance.setViewport({ x, y, zoom }, { duration: options.duration ?? 0 });
    },
    [graph, selected],
  );

  // Opening or closing the step pane changes the graph's width: fit the steps to what is left of it.
  const paneOpen = selected !== undefined;
  React.useEffect(() => {
    const frame = requestAnimationFrame(() => fit({ duration: 150 }));
    return () => cancelAnimationFrame(frame);
    // Only the pane opening or closing refits; choosing another step in an open pane leaves the view alone.
  }, [paneOpen]);

  const needle = search.trim().toLowerCase();
  const matches = React.useMemo(() => (needle === '' ? [] : graph.nodes.filter((node) => node.id.toLowerCase().includes(needle))), [graph, needle]);
  // A search that finds steps out of view brings them into it.
  React.useEffect(() => {
    const instance = flow.current;
    const element = area.current;
    if (matches.length === 0 || instance === undefined || element === null) return;
    const { x, y, zoom } = instance.getViewport();
    const inView = matches.every(
      (node) =>
        node.position.x * zoom + x >= 0 &&
        (node.position.x + node.width) * zoom + x <= element.clientWidth &&
        node.position.y * zoom + y >= margin.top &&
        (node.position.y + node.height) * zoom + y <= element.clientHeight,
    );
    if (!inView) fit({ focus: matches, keepZoom: true, duration: 200 });
  }, [matches, fit]);

  const outcomeOf = props.outcomeOf;
  const stateOf = props.stateOf;
  const untaken = React.useMemo(
    () =>
      outcomeOf ? untakenBranches(graph, outcomeOf, (name) => stateOf !== undefined && stateOf(name) !== 'notRun' && stateOf(name) !== 'pending') : undefined,
    [graph, outcomeOf, stateOf],
  );
  const nodes: StepFlowNode[] = graph.nodes.map((node) => ({
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
      nameLines: node.nameLines,
      stepType: node.stepType,
      ...(stateOf ? { state: stateOf(node.id) } : {}),
      ...(props.detailOf ? { detail: props.detailOf(node.id) } : {}),
      ...(props.plan ? { planned: props.plan.stateOf(node.id), detail: props.plan.textOf(node.id) } : {}),
      highlighted: matches.includes(node),
      open: node.id === selected,
      chosen: props.chosen?.includes(node.id) ?? false,
      untaken: untaken?.steps.has(node.id) ?? false,
    },
  }));
  const edges: RoutedFlowEdge[] = graph.edges.map((edge) => {
    const isBranch = edge.kind === 'true' || edge.kind === 'false';
    const outcome = isBranch ? outcomeOf?.(edge.source) : undefined;
    const greyed = untaken?.edges.has(edge.id) ?? false;
    return {
      id: edge.id,
      type: 'routed',
      source: edge.source,
      target: edge.target,
      className: `${edgeClass[edge.kind]}${greyed ? ' sluice-mod-untaken' : ''}`,
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
      data: {
        points: edge.points,
        ...(isBranch ? { label: edge.kind } : {}),
        ...(outcome !== undefined ? { branch: edge.kind === outcome ? 'taken' : 'untaken' } : {}),
      },
    };
  });
  return (
    <div className="sluice-Graph" ref={area}>
      <input
        className="sluice-Graph-search jp-mod-styled"
        type="search"
        placeholder="Find a step"
        aria-label="Find a step"
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onInit={(instance) => {
            flow.current = instance;
            fit();
          }}
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
          <Controls showInteractive={false} showFitView={false}>
            <ControlButton
              className="sluice-Graph-fit"
              title="Fit the steps to the view"
              aria-label="Fit the steps to the view"
              onClick={() => fit({ duration: 150 })}
            >
              ⤢
            </ControlButton>
          </Controls>
          <MiniMap
            pannable
            zoomable
            nodeClassName={(node) => `sluice-MiniNode sluice-mod-${String(node.data.state ?? 'static')}${node.data.untaken ? ' sluice-mod-untaken' : ''}`}
          />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
