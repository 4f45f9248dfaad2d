import { BaseEdge, type Edge, type EdgeProps } from '@xyflow/react';
import * as React from 'react';
import { edgePath, labelPoint, type GraphEdge } from '../model';

export interface RoutedEdgeData extends Record<string, unknown> {
  /** The layout's route, around the steps it does not join. */
  points: GraphEdge['points'];
  /** A condition's branch in an execution: the one it took, or the one it did not. */
  branch?: 'taken' | 'untaken';
  label?: string;
}

export type RoutedFlowEdge = Edge<RoutedEdgeData, 'routed'>;

/** An edge drawn along the layout's route (React Flow's own edges run straight through other steps). */
export function RoutedEdge(props: EdgeProps<RoutedFlowEdge>): React.ReactElement {
  const points = props.data?.points ?? [];
  // Before the layout's route is known, a straight line between the handles.
  const route =
    points.length > 1
      ? points
      : [
          { x: props.sourceX, y: props.sourceY },
          { x: props.targetX, y: props.targetY },
        ];
  const at = labelPoint(route);
  return (
    <g data-branch={props.data?.branch}>
      <BaseEdge
        id={props.id}
        path={edgePath(route)}
        markerEnd={props.markerEnd}
        style={props.style}
        {...(props.data?.label
          ? { label: props.data.label, labelX: at.x, labelY: at.y, labelBgPadding: [3, 1] as [number, number], labelBgBorderRadius: 3 }
          : {})}
      />
    </g>
  );
}
