import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import * as React from 'react';
import { stepStateLabel, untakenLabel, type PlannedState, type StepState } from '../model';
import { glyphOf } from './step-types';

export interface StepNodeData extends Record<string, unknown> {
  name: string;
  /** The name broken into lines that fit the node, so it is never cut. */
  nameLines: string[];
  stepType: string;
  /** Absent in the pipeline's static graph; set in an execution's. */
  state?: StepState;
  /** Shown on hover: a failure reason, the execution a cached result came from. */
  detail?: string;
  highlighted?: boolean;
  /** The step whose pane is open. */
  open?: boolean;
  /** Chosen (shift-click) for Run selected. */
  chosen?: boolean;
  /** On the branch a condition did not take, and not run. */
  untaken?: boolean;
  /** In a plan shown before starting: what this step would do. */
  planned?: PlannedState;
}

const plannedLabel: Record<PlannedState, string> = { cached: 'cached', run: 'will run', notRun: 'not run' };

export type StepFlowNode = Node<StepNodeData, 'step'>;

/** A step's badge, name (in lines that fit) and type, then what follows them (its state): the graph's nodes and the designer's. */
export function StepNodeLabel(props: { nameLines: readonly string[]; stepType: string; children?: React.ReactNode }): React.ReactElement {
  return (
    <>
      <span className="sluice-StepNode-badge">{glyphOf(props.stepType)}</span>
      <span className="sluice-StepNode-text">
        <span className="sluice-StepNode-name">
          {props.nameLines.map((line, index) => (
            <span key={index} className="sluice-StepNode-nameLine">
              {line}
            </span>
          ))}
        </span>
        <span className="sluice-StepNode-type">{props.stepType}</span>
        {props.children}
      </span>
    </>
  );
}

/** A step: type badge, name, and (in an execution) its live state as colour and label. */
export function StepNode(props: NodeProps<StepFlowNode>): React.ReactElement {
  const { data } = props;
  const classes = [
    'sluice-StepNode',
    `sluice-mod-type-${data.stepType.toLowerCase()}`,
    data.state ? `sluice-mod-${data.state}` : '',
    data.open ? 'sluice-mod-selected' : '',
    data.highlighted ? 'sluice-mod-highlighted' : '',
    data.chosen ? 'sluice-mod-chosen' : '',
    data.untaken ? 'sluice-mod-untaken' : '',
    data.planned ? `sluice-mod-plan-${data.planned}` : '',
  ];
  return (
    <div
      className={classes.join(' ')}
      data-step={data.name}
      data-state={data.state ?? ''}
      {...(data.untaken ? { 'data-branch': 'untaken' } : {})}
      {...(data.planned ? { 'data-plan': data.planned } : {})}
      title={data.detail ?? `${data.name} (${data.stepType})`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <StepNodeLabel nameLines={data.nameLines} stepType={data.stepType}>
        {data.planned && <span className="sluice-StepNode-state">{plannedLabel[data.planned]}</span>}
        {(data.untaken || data.state) && (
          <span className="sluice-StepNode-state">{data.untaken ? untakenLabel : data.state ? stepStateLabel[data.state] : ''}</span>
        )}
      </StepNodeLabel>
      {data.state === 'cached' && <span className="sluice-StepNode-cachedBadge">cached</span>}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}
