import { Background, Controls, Handle, MarkerType, Position, ReactFlow, ReactFlowProvider, type Node, type NodeProps } from '@xyflow/react';
import * as React from 'react';
import { fitLabel, typeLabel, type LineageModel, type LineageNode } from '../model';
import { RoutedEdge, type RoutedFlowEdge } from './RoutedEdge';
import { ServiceProblem } from './ServiceProblem';
import { useModel } from './use-model';

interface LineageNodeData extends Record<string, unknown> {
  entity: LineageNode;
  /** The entity the view is about. */
  focus: boolean;
  /** Offered on data sets: show every model made from it. */
  onShowDescendants?: () => void;
}

type LineageFlowNode = Node<LineageNodeData, 'entity'>;

/** An entity: what it is (badge), its name, and a digest, status or approval under it. */
function LineageEntityNode(props: NodeProps<LineageFlowNode>): React.ReactElement {
  const { entity, focus, onShowDescendants } = props.data;
  return (
    <div
      className={`sluice-LineageNode sluice-mod-${entity.lineageType.toLowerCase()} sluice-mod-type-${entity.type.toLowerCase()}${focus ? ' sluice-mod-focus' : ''}`}
      data-lineage-type={entity.type}
      data-lineage-arn={entity.arn}
      title={`${typeLabel(entity.type)}: ${entity.source ?? entity.label}\n${entity.arn}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="sluice-LineageNode-type">{typeLabel(entity.type)}</span>
      <span className="sluice-LineageNode-label">{fitLabel(entity.label)}</span>
      {entity.detail !== undefined && <span className="sluice-LineageNode-detail sluice-Mono">{entity.detail}</span>}
      {onShowDescendants && (
        <button className="sluice-LineageNode-forward" title="Show every job and model made from this data set" onClick={onShowDescendants}>
          →
        </button>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const nodeTypes = { entity: LineageEntityNode };
const edgeTypes = { routed: RoutedEdge };

/**
 * A lineage graph (React Flow): data sets, code and images on the left, the jobs they went into, and what those
 * produced, up to the model version or endpoint. A data set's → shows everything made from it.
 */
export function LineageView(props: { model: LineageModel }): React.ReactElement {
  const model = useModel(props.model);
  const { graph, focus } = model;
  const nodes: LineageFlowNode[] = graph.nodes.map((node) => ({
    id: node.arn,
    type: 'entity',
    position: node.position,
    width: node.width,
    height: node.height,
    draggable: false,
    // Selectable, so that React Flow lets pointer events reach the node (its → button).
    selectable: true,
    data: {
      entity: node,
      focus: node.arn === focus?.arn,
      ...(node.type === 'DataSet' && !(focus?.direction === 'Descendants' && focus.arn === node.arn)
        ? { onShowDescendants: () => model.showDescendants(node.arn) }
        : {}),
    },
  }));
  const edges: RoutedFlowEdge[] = graph.edges.map((edge) => ({
    id: edge.id,
    type: 'routed',
    source: edge.source,
    target: edge.target,
    className: `sluice-LineageEdge sluice-mod-${(edge.associationType ?? 'none').toLowerCase()}`,
    markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14 },
    data: { points: edge.points, ...(edge.associationType !== undefined ? { label: edge.associationType } : {}) },
  }));
  return (
    <div className="sluice-LineageView">
      <div className="sluice-LineageView-header">
        {focus === undefined ? (
          <span className="sluice-Muted">Reading lineage…</span>
        ) : focus.direction === 'Ascendants' ? (
          <span>
            What <b>{focus.label}</b> was made from: data sets, code and images, and the jobs that used them.
          </span>
        ) : (
          <span>
            What was made from <b className="sluice-Mono">{fitLabel(focus.label)}</b>: every job, model and model version downstream.
          </span>
        )}
        {model.awayFromHome && (
          <button className="jp-Button jp-mod-styled sluice-LineageView-home" onClick={() => model.showHome()}>
            Back to the start
          </button>
        )}
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      {model.loaded && graph.nodes.length === 0 && <p className="sluice-Empty">No lineage was recorded here.</p>}
      <div className="sluice-Graph sluice-LineageGraph">
        <ReactFlowProvider>
          <ReactFlow
            key={focus?.arn ?? ''}
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            fitView
            fitViewOptions={{ maxZoom: 1, padding: 0.1 }}
            minZoom={0.1}
            nodesConnectable={false}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
    </div>
  );
}
