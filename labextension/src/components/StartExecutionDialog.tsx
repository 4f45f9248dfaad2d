import * as React from 'react';
import { errorText } from '../api';
import { defaultText, overridesOf, parameterProblem, type PipelineParameter } from '../model';
import { showFormDialog, type DialogForm } from '../widgets/form-dialog';
import { FormProblems } from './FormProblems';

export interface StartRequest {
  displayName: string;
  description: string;
  parameters: { Name: string; Value: string }[];
}

export interface StartExecutionOptions {
  pipelineName: string;
  parameters: readonly PipelineParameter[];
  /** Earlier executions whose values can be copied, newest first. */
  earlier?: readonly { label: string; values: Record<string, string> }[];
  onStart: (request: StartRequest) => Promise<void>;
}

/** Start execution, in JupyterLab's Dialog. */
export function showStartExecutionDialog(options: StartExecutionOptions): void {
  void showFormDialog({
    title: `Start an execution of ${options.pipelineName}`,
    className: 'sluice-StartDialog',
    acceptLabel: 'Start',
    render: (form) => <StartExecutionForm {...options} form={form} />,
  });
}

/** One typed input per parameter; validated before sending; the service's error shown as it said it. */
function StartExecutionForm(props: StartExecutionOptions & { form: DialogForm }): React.ReactElement {
  const defaults = (): Record<string, string> => Object.fromEntries(props.parameters.map((parameter) => [parameter.name, defaultText(parameter)]));
  const [values, setValues] = React.useState<Record<string, string>>(defaults);
  const [displayName, setDisplayName] = React.useState('');
  const [description, setDescription] = React.useState('');
  const problems = props.parameters
    .map((parameter) => parameterProblem(parameter, values[parameter.name] ?? ''))
    .filter((problem): problem is string => problem !== undefined);

  const [error, setError] = React.useState<string | undefined>();
  const send = async (): Promise<boolean> => {
    setError(undefined);
    try {
      await props.onStart({ displayName, description, parameters: overridesOf([...props.parameters], values) });
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  };
  React.useEffect(() => props.form.update(problems.length === 0, send));
  const set = (name: string, value: string): void => setValues((previous) => ({ ...previous, [name]: value }));

  return (
    <div className="sluice-StartForm">
      <label className="sluice-Field">
        <span>Display name</span>
        <input
          className="jp-mod-styled"
          name="displayName"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          placeholder="optional"
        />
      </label>
      <label className="sluice-Field">
        <span>Description</span>
        <input
          className="jp-mod-styled"
          name="description"
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          placeholder="optional"
        />
      </label>
      {props.parameters.length > 0 && <div className="sluice-Form-heading">Parameters</div>}
      {props.earlier && props.earlier.length > 0 && (
        <label className="sluice-Field">
          <span>Copy values from</span>
          <select
            className="jp-mod-styled"
            name="copyFrom"
            value=""
            onChange={(event) => {
              const chosen = props.earlier?.[Number(event.target.value)];
              // Only the parameters this pipeline still declares; the others keep their values.
              if (chosen) setValues((previous) => ({ ...previous, ...Object.fromEntries(Object.entries(chosen.values).filter(([name]) => name in previous)) }));
            }}
          >
            <option value="">an earlier execution…</option>
            {props.earlier.map((execution, index) => (
              <option key={index} value={index}>
                {execution.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {props.parameters.map((parameter) => (
        <ParameterInput key={parameter.name} parameter={parameter} value={values[parameter.name] ?? ''} onChange={(value) => set(parameter.name, value)} />
      ))}
      <div className="sluice-Form-actions">
        <button type="button" className="jp-Button jp-mod-styled jp-mod-reject" onClick={() => setValues(defaults())}>
          Reset to defaults
        </button>
      </div>
      <FormProblems problems={problems} error={error} />
    </div>
  );
}

/** One parameter's input, typed by the parameter's type (the Create schedule dialog uses it too). */
export function ParameterInput(props: { parameter: PipelineParameter; value: string; onChange: (value: string) => void }): React.ReactElement {
  const { parameter } = props;
  let input: React.ReactElement;
  if (parameter.type === 'Boolean') {
    input = (
      <input
        type="checkbox"
        name={parameter.name}
        checked={props.value === 'true'}
        onChange={(event) => props.onChange(event.target.checked ? 'true' : 'false')}
      />
    );
  } else if (parameter.enumValues) {
    input = (
      <select className="jp-mod-styled" name={parameter.name} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {parameter.enumValues.map((value) => (
          <option key={value} value={value}>
            {value}
          </option>
        ))}
      </select>
    );
  } else {
    const numeric = parameter.type === 'Integer' || parameter.type === 'Float';
    input = (
      <input
        className="jp-mod-styled"
        name={parameter.name}
        type={numeric ? 'number' : 'text'}
        step={parameter.type === 'Integer' ? 1 : numeric ? 'any' : undefined}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    );
  }
  return (
    <label className="sluice-Field" data-parameter={parameter.name}>
      <span>
        {parameter.name} <span className="sluice-Muted">{parameter.type}</span>
      </span>
      {input}
    </label>
  );
}
