import * as React from 'react';

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
