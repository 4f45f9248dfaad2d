import * as React from 'react';
import { versionLabel, type EndpointRow } from '../model';
import { StatusChip } from './StatusChip';
import { Time } from './Time';

/** Endpoints with their status, the version each serves (opens its page), their lineage and why one failed. */
export function EndpointsList(props: {
  endpoints: readonly EndpointRow[];
  loaded: boolean;
  onOpenVersion: (arn: string) => void;
  onOpenLineage?: (endpoint: { name: string; arn: string }) => void;
}): React.ReactElement {
  return (
    <div className="sluice-EndpointsList">
      {props.loaded && props.endpoints.length === 0 && (
        <p className="sluice-Empty">No endpoints. Deploy an approved model version with modelPackage.deploy() or `sluice endpoint follow`.</p>
      )}
      <ul className="sluice-List">
        {props.endpoints.map((endpoint) => (
          <li
            key={endpoint.name}
            className="sluice-List-item sluice-EndpointItem"
            data-endpoint={endpoint.name}
            title={endpoint.failureReason ?? endpoint.name}
          >
            <div className="sluice-List-main">
              <span className="sluice-List-name">{endpoint.name}</span>
              <StatusChip status={endpoint.status} />
            </div>
            <div className="sluice-List-sub">
              {endpoint.modelPackageArn ? (
                <span className="sluice-Link sluice-EndpointVersion" onClick={() => props.onOpenVersion(endpoint.modelPackageArn ?? '')}>
                  serves {versionLabel(endpoint.modelPackageArn)}
                </span>
              ) : (
                <span className="sluice-Muted">serves a model outside the registry</span>
              )}{' '}
              · <Time epochSeconds={endpoint.modifiedAt} />
              {props.onOpenLineage && endpoint.arn && (
                <>
                  {' '}
                  ·{' '}
                  <span className="sluice-Link sluice-EndpointLineage" onClick={() => props.onOpenLineage?.({ name: endpoint.name, arn: endpoint.arn ?? '' })}>
                    lineage
                  </span>
                </>
              )}
            </div>
            {endpoint.failureReason && <div className="sluice-List-sub sluice-FailureReason">{endpoint.failureReason}</div>}
          </li>
        ))}
      </ul>
    </div>
  );
}
