import * as React from 'react';

/** What is wrong before sending, then the service's error as it said it. */
export function FormProblems(props: { problems?: readonly string[]; error?: string }): React.ReactElement {
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
    </>
  );
}
