import * as React from 'react';
import { howToReachService, type ServiceError } from '../api';

/** Says why the service could not be reached, how to fix it, and that the panel keeps trying. */
export function ServiceProblem(props: { error: ServiceError; onRetry: () => void }): React.ReactElement {
  const { error } = props;
  return (
    <div className="sluice-ServiceProblem" role="alert">
      <div className="sluice-ServiceProblem-title">{error.unreachable ? 'The Sluice service cannot be reached' : `The service answered: ${error.type}`}</div>
      <div className="sluice-ServiceProblem-message">{error.message}</div>
      {error.unreachable && <div className="sluice-ServiceProblem-fix">{howToReachService}</div>}
      <button className="jp-Button jp-mod-styled jp-mod-reject" onClick={props.onRetry}>
        Retry now
      </button>
    </div>
  );
}
