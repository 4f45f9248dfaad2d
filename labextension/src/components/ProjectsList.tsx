import * as React from 'react';
import type { PipelinesModel } from '../model';
import { StatusChip } from './StatusChip';
import { Time } from './Time';
import { useModel } from './use-model';

/** The sidebar's projects, with the Create project button. */
export function ProjectsList(props: { model: PipelinesModel; onOpen: (name: string) => void; onCreate: () => void }): React.ReactElement {
  const model = useModel(props.model);
  return (
    <div className="sluice-ProjectsList">
      <button className="jp-Button jp-mod-styled jp-mod-accept sluice-CreateProjectButton" onClick={props.onCreate}>
        Create project
      </button>
      {model.loaded && model.projects.length === 0 && (
        <p className="sluice-Empty">No projects yet. A project gives you seed code, a pipeline and a model group.</p>
      )}
      <ul className="sluice-List">
        {model.projects.map((project) => (
          <li
            key={project.ProjectName}
            className="sluice-List-item sluice-ProjectItem"
            data-project={project.ProjectName}
            title={project.ProjectDescription ?? project.ProjectName}
            onClick={() => props.onOpen(project.ProjectName ?? '')}
          >
            <div className="sluice-List-main">
              <span className="sluice-List-name">{project.ProjectName}</span>
              <StatusChip status={project.ProjectStatus} />
            </div>
            <div className="sluice-List-sub">
              <span className="sluice-Muted">Created </span>
              <Time epochSeconds={project.CreationTime} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
