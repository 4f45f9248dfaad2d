import * as React from 'react';
import type { ProjectModel } from '../model';
import { EndpointsList } from './EndpointsList';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { Tabs } from './Tabs';
import { Time } from './Time';
import { useModel } from './use-model';

/** The file's name, for a link's text (the full path is in the Repository tab). */
const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);

const tabs = ['Repository', 'Pipelines', 'Model groups', 'Endpoints', 'Settings'] as const;
type Tab = (typeof tabs)[number];

export interface ProjectViewActions {
  /** Shows a folder in JupyterLab's file browser; undefined when it is outside JupyterLab's root. */
  openFolder?: (absolutePath: string) => void;
  /** Opens a file of the repository (its notebook, its README) in JupyterLab. */
  openFile?: (absolutePath: string) => void;
  onOpenPipeline: (name: string) => void;
  onOpenModelGroup: (name: string) => void;
  onOpenVersion: (arn: string) => void;
}

/** A project's page, as Studio's: Repository / Pipelines / Model groups / Endpoints / Settings. */
export function ProjectView(props: { model: ProjectModel } & ProjectViewActions): React.ReactElement {
  const model = useModel(props.model);
  const [tab, setTab] = React.useState<Tab>('Repository');
  const description = model.description;
  const local = description?.SluiceLocal;
  const openFile = props.openFile;
  const notebook = local?.Notebook;
  const readme = local?.Readme;
  return (
    <div className="sluice-View sluice-ProjectView">
      <div className="sluice-View-header">
        <h2 className="sluice-View-title">{model.projectName}</h2>
        <StatusChip status={description?.ProjectStatus} />
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      <Tabs tabs={tabs} current={tab} onChange={setTab} label="Project" />
      <div className="sluice-View-body">
        {tab === 'Repository' && local && (
          <div className="sluice-ProjectRepository">
            <dl className="sluice-Facts">
              <dt>Folder</dt>
              <dd className="sluice-Mono sluice-RepositoryPath">{local.RepositoryPath}</dd>
            </dl>
            {!local.RepositoryExists && <p className="sluice-Form-error">The repository folder is gone: it was moved or deleted after the project was made.</p>}
            <div className="sluice-ProjectActions">
              {notebook !== undefined && openFile && (
                <button className="jp-Button jp-mod-styled jp-mod-accept sluice-OpenNotebookButton" onClick={() => openFile(notebook)}>
                  Open notebook
                </button>
              )}
              {readme !== undefined && openFile && (
                <button className="jp-Button jp-mod-styled jp-mod-reject sluice-OpenReadmeButton" onClick={() => openFile(readme)}>
                  Open README
                </button>
              )}
              {local.RepositoryExists && props.openFolder && (
                <button className="jp-Button jp-mod-styled jp-mod-reject sluice-OpenFolderButton" onClick={() => props.openFolder?.(local.RepositoryPath)}>
                  Open in file browser
                </button>
              )}
            </div>
            <h3>Last commits</h3>
            <table className="sluice-Table sluice-Commits">
              <tbody>
                {local.LastCommits.map((commit) => (
                  <tr key={commit.Hash}>
                    <td className="sluice-Mono">{commit.Hash}</td>
                    <td>
                      <Time time={commit.Date} />
                    </td>
                    <td>{commit.Subject}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {tab === 'Pipelines' &&
          (model.pipelines.length === 0 ? (
            <p className="sluice-Empty">
              No pipeline yet. Run the seed code (
              {notebook !== undefined && openFile ? (
                <a
                  className="sluice-Link sluice-OpenNotebookLink"
                  href="#"
                  onClick={(event) => {
                    event.preventDefault();
                    openFile(notebook);
                  }}
                >
                  its notebook {basename(notebook)}
                </a>
              ) : (
                'its notebook'
              )}
              , or <code>run-pipeline</code>) to create <code>{local?.PipelineName}</code>.
            </p>
          ) : (
            <ul className="sluice-List">
              {model.pipelines.map((pipeline) => (
                <li
                  key={pipeline.PipelineName}
                  className="sluice-List-item sluice-ProjectPipeline"
                  data-pipeline={pipeline.PipelineName}
                  onClick={() => props.onOpenPipeline(pipeline.PipelineName ?? '')}
                >
                  <div className="sluice-List-main">
                    <span className="sluice-List-name">{pipeline.PipelineName}</span>
                  </div>
                  <div className="sluice-List-sub">
                    <span className="sluice-Muted">Last run </span>
                    <Time epochSeconds={pipeline.LastExecutionTime} />
                  </div>
                </li>
              ))}
            </ul>
          ))}
        {tab === 'Model groups' && local && (
          <div>
            <ul className="sluice-List">
              <li
                className="sluice-List-item sluice-ProjectModelGroup"
                data-group={local.ModelPackageGroupName}
                onClick={() => props.onOpenModelGroup(local.ModelPackageGroupName)}
              >
                <div className="sluice-List-main">
                  <span className="sluice-List-name">{local.ModelPackageGroupName}</span>
                  <span className="sluice-List-count">
                    {model.modelVersions.length} {model.modelVersions.length === 1 ? 'version' : 'versions'}
                  </span>
                </div>
              </li>
            </ul>
            {model.modelVersions.slice(0, 5).map((version) => (
              <div key={version.ModelPackageArn} className="sluice-List-sub sluice-Link" onClick={() => props.onOpenVersion(version.ModelPackageArn ?? '')}>
                Version {version.ModelPackageVersion} <StatusChip status={version.ModelApprovalStatus} />
              </div>
            ))}
          </div>
        )}
        {tab === 'Endpoints' && <EndpointsList endpoints={model.endpoints} loaded={model.loaded} onOpenVersion={props.onOpenVersion} />}
        {tab === 'Settings' && description && (
          <dl className="sluice-Facts">
            <dt>ARN</dt>
            <dd className="sluice-Mono">{description.ProjectArn}</dd>
            <dt>ID</dt>
            <dd className="sluice-Mono">{description.ProjectId}</dd>
            <dt>Template</dt>
            <dd>{local?.TemplateId}</dd>
            <dt>Description</dt>
            <dd>{description.ProjectDescription || <span className="sluice-Muted">none</span>}</dd>
            <dt>Created</dt>
            <dd>
              <Time epochSeconds={description.CreationTime} />
            </dd>
            <dt>Pipeline name</dt>
            <dd className="sluice-Mono">{local?.PipelineName}</dd>
            <dt>Tags</dt>
            <dd>{(local?.Tags ?? []).map((tag) => `${tag.Key}=${tag.Value}`).join(', ') || <span className="sluice-Muted">none</span>}</dd>
          </dl>
        )}
      </div>
    </div>
  );
}
