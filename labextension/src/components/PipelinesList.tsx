import * as React from 'react';
import type { PipelinesModel } from '../model';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { Time } from './Time';
import { useModel } from './use-model';

export function PipelinesList(props: { model: PipelinesModel; onOpen: (name: string) => void }): React.ReactElement {
  const model = useModel(props.model);
  const rows = model.filteredPipelines;
  return (
    <div className="sluice-PipelinesList">
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <input
        className="sluice-Search jp-mod-styled"
        type="search"
        placeholder="Search pipelines by name"
        aria-label="Search pipelines by name"
        value={model.filter}
        onChange={(event) => (model.filter = event.target.value)}
      />
      {model.loaded && model.pipelines.length === 0 && (
        <p className="sluice-Empty">No pipelines yet. Define one in a TypeScript notebook with the sluice package and call pipeline.upsert().</p>
      )}
      {model.loaded && model.pipelines.length > 0 && rows.length === 0 && <p className="sluice-Empty">No pipeline name contains “{model.filter}”.</p>}
      <ul className="sluice-List">
        {rows.map((row) => (
          <li
            key={row.name}
            className="sluice-List-item sluice-PipelineItem"
            data-pipeline={row.name}
            title={row.description ?? row.name}
            onClick={() => props.onOpen(row.name)}
          >
            <div className="sluice-List-main">
              <span className="sluice-List-name">{row.name}</span>
              <span className="sluice-List-count" title="Executions">
                {row.executionCount}
                {row.executionCountCapped ? '+' : ''} {row.executionCount === 1 ? 'run' : 'runs'}
              </span>
            </div>
            <div className="sluice-List-sub">
              {row.lastExecutionStatus ? (
                <>
                  <StatusChip status={row.lastExecutionStatus} /> <Time epochSeconds={row.lastExecutionTime} />
                </>
              ) : (
                <span className="sluice-Muted">Never run</span>
              )}
              {row.project && (
                <span className="sluice-List-project" title="The project whose seed code made this pipeline">
                  {' '}
                  · project {row.project}
                </span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
