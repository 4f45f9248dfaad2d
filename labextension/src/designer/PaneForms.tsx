/** The designer pane's forms: the open step's (react-jsonschema-form), the pipeline's parameters and its settings. */
import { FormComponent } from '@jupyterlab/ui-components';
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import * as React from 'react';
import { parameterTypes, type Json, type JsonObject, type ParameterType } from 'sluice/definition';
import type { DesignerModel, DesignerState } from './designer-model';
import { allSteps, findStep, renameStep, setExperimentConfig, typedDefault } from './document';
import { PipelineValueField, type ValueChoices } from './PipelineValueField';
import { applyFormData, experimentConfigForm, formDataOf, paletteTypeOf, stepForm } from './step-catalog';

const formFields = { pipelineValue: PipelineValueField };
const validator = customizeValidator<ReadonlyJSONObject>();

export function StepForm(props: { model: DesignerModel; state: DesignerState; name: string; onRenamed: (name: string) => void }): React.ReactElement {
  const { model, state, name } = props;
  const definition = state.file?.definition;
  const step = definition ? findStep(definition, name) : undefined;
  const [draftName, setDraftName] = React.useState(name);
  React.useEffect(() => setDraftName(name), [name]);
  if (definition === undefined || step === undefined) return <div className="sluice-Muted">Choose a step on the canvas to edit it.</div>;
  const { schema, uiSchema } = stepForm(paletteTypeOf(step));
  const context: ValueChoices = {
    parameters: definition.Parameters.map((parameter) => parameter.Name),
    steps: allSteps(definition).filter((other) => other.Name !== name),
  };
  const problems = state.problems.filter((problem) => problem.steps.includes(name));
  const rename = (): void => {
    const to = draftName.trim();
    if (to === '' || to === name) return;
    model.edit((copy) => renameStep(copy, name, to), new Map([[to, model.positions().get(name) ?? { x: 0, y: 0 }]]));
    props.onRenamed(to);
  };
  return (
    <div className="sluice-Designer-stepForm" data-step={name}>
      <label className="sluice-Field">
        <span>Step name</span>
        <input
          className="jp-mod-styled"
          name="stepName"
          value={draftName}
          onChange={(event) => setDraftName(event.target.value)}
          onBlur={rename}
          onKeyDown={(event) => event.key === 'Enter' && rename()}
        />
      </label>
      <div className="sluice-Muted">{paletteTypeOf(step) === 'Notebook' ? 'Training (a notebook job)' : step.Type}</div>
      {problems.length > 0 && (
        <ul className="sluice-Designer-stepProblems">
          {problems.map((problem, index) => (
            <li key={index}>{problem.message}</li>
          ))}
        </ul>
      )}
      <FormComponent
        key={name}
        schema={schema}
        uiSchema={uiSchema}
        formData={formDataOf(step)}
        formContext={context}
        fields={formFields}
        validator={validator}
        experimental_defaultFormStateBehavior={{ emptyObjectFields: 'skipDefaults', arrayMinItems: { populate: 'never' } }}
        onChange={(event) => model.edit((copy) => applyFormData(findStep(copy, name)!, (event.formData ?? {}) as JsonObject))}
      />
    </div>
  );
}

export function ParametersPanel(props: { model: DesignerModel; state: DesignerState }): React.ReactElement {
  const parameters = props.state.file?.definition.Parameters ?? [];
  const update = (index: number, change: (parameter: (typeof parameters)[number]) => void): void =>
    props.model.edit((definition) => change(definition.Parameters[index]));
  return (
    <div className="sluice-Designer-parameters">
      {parameters.map((parameter, index) => (
        <fieldset key={index} className="sluice-Designer-parameter" data-parameter={parameter.Name}>
          <label className="sluice-Field">
            <span>Name</span>
            <input
              className="jp-mod-styled"
              name="parameterName"
              value={parameter.Name}
              onChange={(event) => update(index, (row) => void (row.Name = event.target.value))}
            />
          </label>
          <label className="sluice-Field">
            <span>Type</span>
            <select
              className="jp-mod-styled"
              name="parameterType"
              value={parameter.Type}
              onChange={(event) =>
                update(index, (row) => {
                  row.Type = event.target.value as ParameterType;
                  const typed = typedDefault(row.Type, row.DefaultValue === undefined ? '' : String(row.DefaultValue));
                  if (typed === undefined) delete row.DefaultValue;
                  else row.DefaultValue = typed;
                })
              }
            >
              {parameterTypes.map((type) => (
                <option key={type}>{type}</option>
              ))}
            </select>
          </label>
          <label className="sluice-Field">
            <span>Default</span>
            <input
              className="jp-mod-styled"
              name="parameterDefault"
              value={parameter.DefaultValue === undefined ? '' : String(parameter.DefaultValue as Json)}
              onChange={(event) =>
                update(index, (row) => {
                  const typed = typedDefault(row.Type, event.target.value);
                  if (typed === undefined) delete row.DefaultValue;
                  else row.DefaultValue = typed;
                })
              }
            />
          </label>
          <label className="sluice-Field">
            <span>Allowed values</span>
            <input
              className="jp-mod-styled"
              name="parameterEnum"
              placeholder="any (or a, b, c)"
              value={(parameter.EnumValues ?? []).join(', ')}
              onChange={(event) =>
                update(index, (row) => {
                  const values = event.target.value
                    .split(',')
                    .map((item) => item.trim())
                    .filter((item) => item !== '');
                  if (values.length === 0) delete row.EnumValues;
                  else row.EnumValues = values;
                })
              }
            />
          </label>
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-reject"
            onClick={() => props.model.edit((definition) => void definition.Parameters.splice(index, 1))}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="jp-Button jp-mod-styled jp-mod-accept"
        name="addParameter"
        onClick={() =>
          props.model.edit((definition) => {
            const taken = new Set(definition.Parameters.map((parameter) => parameter.Name));
            let index = definition.Parameters.length + 1;
            while (taken.has(`Parameter${index}`)) index++;
            definition.Parameters.push({ Name: `Parameter${index}`, Type: 'String', DefaultValue: '' });
          })
        }
      >
        Add parameter
      </button>
    </div>
  );
}

export function SettingsPanel(props: { model: DesignerModel; state: DesignerState }): React.ReactElement {
  const designer = props.state.file?.designer ?? {};
  return (
    <div className="sluice-Designer-settings">
      <label className="sluice-Field">
        <span>Pipeline name</span>
        <input className="jp-mod-styled" readOnly value={props.model.pipelineName} title="The file's name, without .pipeline.json" />
      </label>
      <label className="sluice-Field">
        <span>Max parallel steps</span>
        <input
          className="jp-mod-styled"
          name="maxParallelExecutionSteps"
          type="number"
          min={1}
          placeholder="no limit"
          value={designer.MaxParallelExecutionSteps ?? ''}
          onChange={(event) =>
            props.model.setSettings({ MaxParallelExecutionSteps: event.target.value === '' ? undefined : Math.max(1, Math.floor(Number(event.target.value))) })
          }
        />
      </label>
      <label className="sluice-Field">
        <span>Role ARN</span>
        <input
          className="jp-mod-styled"
          name="roleArn"
          placeholder="arn:aws:iam::000000000000:role/SluiceLocal"
          value={designer.RoleArn ?? ''}
          onChange={(event) => props.model.setSettings({ RoleArn: event.target.value === '' ? undefined : event.target.value })}
        />
      </label>
      <ExperimentConfigForm model={props.model} state={props.state} />
    </div>
  );
}

/** PipelineExperimentConfig: on (the SDK's default, then any names) or off (`null`, which turns experiments off). */
function ExperimentConfigForm(props: { model: DesignerModel; state: DesignerState }): React.ReactElement {
  const definition = props.state.file?.definition;
  const config = definition?.PipelineExperimentConfig;
  const { schema, uiSchema } = experimentConfigForm();
  const context: ValueChoices = { parameters: definition?.Parameters.map((parameter) => parameter.Name) ?? [], steps: [] };
  return (
    <div className="sluice-Designer-experiment">
      <label className="sluice-Field">
        <input
          type="checkbox"
          name="experimentConfig"
          checked={config !== null && config !== undefined}
          onChange={(event) => props.model.edit((copy) => setExperimentConfig(copy, event.target.checked ? 'default' : null))}
        />
        <span>Record executions in an experiment (PipelineExperimentConfig)</span>
      </label>
      {config !== null && config !== undefined && (
        <FormComponent
          schema={schema}
          uiSchema={uiSchema}
          formData={config as JsonObject}
          formContext={context}
          fields={formFields}
          validator={validator}
          onChange={(event) => props.model.edit((copy) => setExperimentConfig(copy, (event.formData ?? {}) as JsonObject))}
        />
      )}
    </div>
  );
}
