import * as React from 'react';
import { errorText, type ProjectDescription } from '../api';
import { parseTags, type CreateProjectModel } from '../model';
import type { DialogForm } from '../widgets/form-dialog';
import { FormProblems } from './FormProblems';
import { useModel } from './use-model';

/** SageMaker's project name rule, checked before sending so the user sees it at once. */
const namePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}$/;

/**
 * Studio's Create project, the body of a JupyterLab Dialog: a name, a description, a template from cards, tags;
 * the service's error verbatim, with the dialog kept open.
 */
export function CreateProjectForm(props: {
  model: CreateProjectModel;
  /** The dialog's accept button sends through it. */
  form: DialogForm;
  onCreated: (project: ProjectDescription) => void;
}): React.ReactElement {
  const model = useModel(props.model);
  const templates = model.templates;
  const [chosenTemplate, setTemplateId] = React.useState('');
  const templateId = chosenTemplate || (model.preselected?.TemplateId ?? '');
  const [name, setName] = React.useState('');
  const [description, setDescription] = React.useState('');
  const [tagText, setTagText] = React.useState('');
  const [runOnCommit, setRunOnCommit] = React.useState(false);
  const [dataSource, setDataSource] = React.useState('');
  const loadError = model.error && errorText(model.error);
  const tags = parseTags(tagText);
  const template = templates?.find((candidate) => candidate.TemplateId === templateId);
  const problems = [
    name === ''
      ? 'Name the project.'
      : namePattern.test(name)
        ? undefined
        : 'A project name is 1 to 32 letters, digits and hyphens, starting and ending with a letter or digit.',
    templateId === '' ? 'Pick a template.' : undefined,
    tags.problem,
  ].filter((problem): problem is string => problem !== undefined);

  const [createError, setCreateError] = React.useState<string | undefined>();
  const send = async (): Promise<boolean> => {
    setCreateError(undefined);
    try {
      props.onCreated(await create());
      return true;
    } catch (caught) {
      setCreateError(errorText(caught));
      return false;
    }
  };
  const create = (): Promise<ProjectDescription> =>
    model.create({
      name,
      description,
      templateId,
      tags: tags.tags,
      runPipelineOnCommit: runOnCommit && template?.RunsPipelineOnCommit === true,
      inputDataSource: template?.InputData !== undefined ? dataSource : undefined,
    });
  React.useEffect(() => props.form.update(problems.length === 0, send));
  const error = loadError ?? createError;
  return (
    <div className="sluice-CreateProjectForm">
      <div className="sluice-Form-heading">Template</div>
      <div className="sluice-TemplateCards" role="radiogroup" aria-label="Template">
        {templates === undefined && !error && <p className="sluice-Muted">Loading templates…</p>}
        {templates?.map((candidate) => (
          <label
            key={candidate.TemplateId}
            className={`sluice-TemplateCard${candidate.TemplateId === templateId ? ' sluice-mod-selected' : ''}`}
            data-template={candidate.TemplateId}
          >
            <input
              type="radio"
              name="template"
              value={candidate.TemplateId}
              checked={candidate.TemplateId === templateId}
              onChange={() => setTemplateId(candidate.TemplateId)}
            />
            <span className="sluice-TemplateCard-name">{candidate.Name}</span>
            <span className="sluice-TemplateCard-description">{candidate.Description}</span>
          </label>
        ))}
      </div>
      <label className="sluice-Field">
        <span>Name</span>
        <input className="jp-mod-styled" name="projectName" value={name} onChange={(event) => setName(event.target.value)} autoFocus />
      </label>
      <label className="sluice-Field">
        <span>Description</span>
        <input
          className="jp-mod-styled"
          name="projectDescription"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          placeholder="optional"
        />
      </label>
      <label className="sluice-Field">
        <span>Tags (key=value, one a line)</span>
        <textarea className="jp-mod-styled" name="tags" rows={2} value={tagText} onChange={(event) => setTagText(event.target.value)} />
      </label>
      {template?.InputData && (
        <div className="sluice-DataSource">
          <p className="sluice-DataSource-note">
            This template downloads its data: {template.InputData.Downloads}. Offline, or to use your own copy, give a file on this machine (a path, absolute or
            from JupyterLab&apos;s root: it is uploaded to the local S3) or a URL (s3://, https://); it becomes the pipeline&apos;s{' '}
            <code>{template.InputData.Parameter}</code>.
          </p>
          <label className="sluice-Field">
            <span>Data (optional)</span>
            <input
              className="jp-mod-styled"
              name="inputDataSource"
              value={dataSource}
              onChange={(event) => setDataSource(event.target.value)}
              placeholder="the download; or e.g. data/abalone.csv, s3://bucket/abalone.csv"
            />
          </label>
        </div>
      )}
      {template?.RunsPipelineOnCommit && (
        <label className="sluice-Field sluice-Checkbox">
          <span>Run the pipeline after every commit to main</span>
          <input type="checkbox" name="runOnCommit" checked={runOnCommit} onChange={(event) => setRunOnCommit(event.target.checked)} />
        </label>
      )}
      <FormProblems problems={name !== '' ? problems : []} error={error} />
    </div>
  );
}
