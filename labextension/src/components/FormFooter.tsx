import * as React from 'react';
import { errorText } from '../api';

/**
 * The end of every dialog's form: what is wrong before sending, the service's error as it said it, then
 * any extra buttons, Cancel and the submit button.
 */
export function FormFooter(props: {
  problems?: readonly string[];
  error?: string;
  onCancel: () => void;
  submitLabel: string;
  disabled: boolean;
  extraButtons?: React.ReactNode;
}): React.ReactElement {
  const problems = props.problems ?? [];
  return (
    <>
      {problems.length > 0 && (
        <ul className="sluice-Form-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {props.error && (
        <div className="sluice-Form-error" role="alert">
          {props.error}
        </div>
      )}
      <div className="sluice-Modal-buttons">
        {props.extraButtons}
        <button type="button" className="jp-Button jp-mod-styled jp-mod-reject" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="jp-Button jp-mod-styled jp-mod-accept" disabled={props.disabled}>
          {props.submitLabel}
        </button>
      </div>
    </>
  );
}

/**
 * A dialog's submit: nothing is sent while `blocked` (the form shows why); while sending the button waits;
 * a failure is kept as text for the footer and the dialog stays open.
 */
export function useFormSubmit(action: () => Promise<void>, blocked: boolean): { submit: (event: React.FormEvent) => void; busy: boolean; error?: string } {
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | undefined>();
  const submit = (event: React.FormEvent): void => {
    event.preventDefault();
    if (blocked) return;
    setBusy(true);
    setError(undefined);
    action().catch((caught: unknown) => {
      setError(errorText(caught));
      setBusy(false);
    });
  };
  return { submit, busy, error };
}
