import * as React from 'react';
import { errorText } from '../api';
import type { GraphPlan, PipelineGraph } from '../model';
import { GraphView } from './GraphView';

/**
 * A pipeline's graph with a Plan toggle: on, it asks what starting now (with the defaults) would do and shows it,
 * cached steps greyed and steps that will run highlighted, each step's reason on hover.
 */
export function PlannedGraph(props: { graph: PipelineGraph; loadPlan: () => Promise<GraphPlan> }): React.ReactElement {
  const [plan, setPlan] = React.useState<GraphPlan | undefined>(undefined);
  const [problem, setProblem] = React.useState<string | undefined>(undefined);
  const [busy, setBusy] = React.useState(false);
  const toggle = (): void => {
    if (plan !== undefined) {
      setPlan(undefined);
      return;
    }
    setBusy(true);
    setProblem(undefined);
    props
      .loadPlan()
      .then(setPlan, (error: unknown) => setProblem(`No plan: ${errorText(error)}`))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <div className="sluice-PlanBar">
        <button className="jp-Button jp-mod-styled sluice-PlanToggle" aria-pressed={plan !== undefined} disabled={busy} onClick={toggle}>
          {plan === undefined ? 'Plan' : 'Hide plan'}
        </button>
        <span className="sluice-PlanSummary">
          {plan === undefined ? 'what starting now with the default values would run, and why' : `${plan.summary} (hover a step for why)`}
        </span>
        {problem && <span className="sluice-Form-error">{problem}</span>}
      </div>
      <GraphView graph={props.graph} plan={plan} />
    </>
  );
}
