import * as React from 'react';
import { errorText } from '../api';
import { defaultText, firingText, overridesOf, parameterProblem, previewFirings, type NewSchedule, type PipelineParameter } from '../model';
import { showFormDialog, type DialogForm } from '../widgets/form-dialog';
import { FormProblems } from './FormProblems';
import { ParameterInput } from './StartExecutionDialog';

/** Starting points for the expression; each can be edited after it is picked. */
const presets: readonly { label: string; expression: string }[] = [
  { label: 'Every 15 minutes', expression: 'rate(15 minutes)' },
  { label: 'Every hour, on the hour', expression: 'cron(0 * * * ? *)' },
  { label: 'Every day at 02:00 UTC', expression: 'cron(0 2 * * ? *)' },
  { label: 'Weekdays at 09:00 UTC', expression: 'cron(0 9 ? * MON-FRI *)' },
  { label: 'First day of the month at 06:00 UTC', expression: 'cron(0 6 1 * ? *)' },
];

const namePattern = /^[0-9a-zA-Z-_.]{1,64}$/;

export interface CreateScheduleOptions {
  pipelineName: string;
  parameters: readonly PipelineParameter[];
  onCreate: (schedule: NewSchedule) => Promise<void>;
}

/** Create schedule, in JupyterLab's Dialog: a name, an expression with its next five firings, the parameters. */
export function showCreateScheduleDialog(options: CreateScheduleOptions): void {
  void showFormDialog({
    title: `Schedule ${options.pipelineName}`,
    className: 'sluice-ScheduleDialog',
    acceptLabel: 'Create schedule',
    render: (form) => <CreateScheduleForm {...options} form={form} />,
  });
}

function CreateScheduleForm(props: CreateScheduleOptions & { form: DialogForm }): React.ReactElement {
  const [name, setName] = React.useState('');
  const [expression, setExpression] = React.useState('cron(0 2 * * ? *)');
  const [values, setValues] = React.useState<Record<string, string>>(() =>
    Object.fromEntries(props.parameters.map((parameter) => [parameter.name, defaultText(parameter)])),
  );
  const [error, setError] = React.useState<string | undefined>();
  const preview = previewFirings(expression);
  const problems = [
    ...(namePattern.test(name) ? [] : ['Name: 1 to 64 letters, digits, "-", "_" or "."']),
    ...(preview.problem === undefined ? [] : [preview.problem]),
    ...props.parameters
      .map((parameter) => parameterProblem(parameter, values[parameter.name] ?? ''))
      .filter((problem): problem is string => problem !== undefined),
  ];
  const send = async (): Promise<boolean> => {
    setError(undefined);
    try {
      const parameters = Object.fromEntries(overridesOf([...props.parameters], values).map((parameter) => [parameter.Name, parameter.Value]));
      await props.onCreate({ name, expression, parameters });
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  };
  React.useEffect(() => props.form.update(problems.length === 0, send));

  return (
    <div className="sluice-ScheduleForm">
      <label className="sluice-Field">
        <span>Name</span>
        <input className="jp-mod-styled" name="scheduleName" value={name} onChange={(event) => setName(event.target.value)} placeholder="nightly-refresh" />
      </label>
      <label className="sluice-Field">
        <span>Start from</span>
        <select className="jp-mod-styled" name="preset" value="" onChange={(event) => event.target.value && setExpression(event.target.value)}>
          <option value="">a common schedule…</option>
          {presets.map((preset) => (
            <option key={preset.expression} value={preset.expression}>
              {preset.label}
            </option>
          ))}
        </select>
      </label>
      <label className="sluice-Field">
        <span>Expression</span>
        <input className="jp-mod-styled sluice-Mono" name="expression" value={expression} onChange={(event) => setExpression(event.target.value)} />
      </label>
      <div className="sluice-Muted">
        cron(minutes hours day-of-month month day-of-week year) with one of the days “?”, rate(5 minutes), or at(2027-01-31T09:00:00); in UTC.
      </div>
      <div className="sluice-Form-heading">Next five firings</div>
      {preview.firings ? (
        <ol className="sluice-NextFirings" aria-label="Next five firings">
          {preview.firings.map((firing) => (
            <li key={firing}>{firingText(firing)}</li>
          ))}
        </ol>
      ) : (
        <p className="sluice-Muted">none</p>
      )}
      {props.parameters.length > 0 && <div className="sluice-Form-heading">Parameters</div>}
      {props.parameters.map((parameter) => (
        <ParameterInput
          key={parameter.name}
          parameter={parameter}
          value={values[parameter.name] ?? ''}
          onChange={(value) => setValues((previous) => ({ ...previous, [parameter.name]: value }))}
        />
      ))}
      <FormProblems problems={problems} error={error} />
    </div>
  );
}
