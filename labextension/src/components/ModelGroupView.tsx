import * as React from 'react';
import { approvalOf, type ApprovalStatus, type ModelGroupModel } from '../model';
import { FormFooter, useFormSubmit } from './FormFooter';
import { Modal } from './Modal';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { Time } from './Time';
import { useModel } from './use-model';

const statuses: ApprovalStatus[] = ['Approved', 'Rejected', 'PendingManualApproval'];

/** A model package group's versions, with their approval and an Update status dialog. */
export function ModelGroupView(props: { model: ModelGroupModel; onOpenVersion: (arn: string) => void }): React.ReactElement {
  const model = useModel(props.model);
  const [updating, setUpdating] = React.useState<{ arn: string; version: number | undefined; status: ApprovalStatus } | undefined>();
  return (
    <div className="sluice-View sluice-ModelGroupView">
      <div className="sluice-View-header">
        <h2 className="sluice-View-title">{model.groupName}</h2>
      </div>
      {model.error && <ServiceProblem error={model.error} onRetry={() => void model.reload()} />}
      {model.loaded && model.versions.length === 0 && <p className="sluice-Empty">No versions in this group yet.</p>}
      <div className="sluice-View-body">
        <table className="sluice-Table sluice-VersionsTable">
          <thead>
            <tr>
              <th>Version</th>
              <th>Approval</th>
              <th>Status</th>
              <th>Created</th>
              <th>Comment</th>
              <th>Model data</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {model.versions.map((version) => {
              const arn = version.ModelPackageArn ?? '';
              const details = model.details(arn);
              return (
                <tr key={arn} data-version={version.ModelPackageVersion} className="sluice-Table-row" onClick={() => props.onOpenVersion(arn)}>
                  <td className="sluice-Link">{version.ModelPackageVersion}</td>
                  <td>
                    <StatusChip status={version.ModelApprovalStatus} />
                  </td>
                  <td>{version.ModelPackageStatus}</td>
                  <td>
                    <Time epochSeconds={version.CreationTime} />
                  </td>
                  <td className="sluice-ApprovalComment">{details?.ApprovalDescription ?? ''}</td>
                  <td className="sluice-Mono sluice-Truncate" title={details?.InferenceSpecification?.Containers?.[0]?.ModelDataUrl}>
                    {details?.InferenceSpecification?.Containers?.[0]?.ModelDataUrl ?? ''}
                  </td>
                  <td onClick={(event) => event.stopPropagation()}>
                    <button
                      className="jp-Button jp-mod-styled jp-mod-reject sluice-UpdateStatusButton"
                      onClick={() => setUpdating({ arn, version: version.ModelPackageVersion, status: approvalOf(version.ModelApprovalStatus) })}
                    >
                      Update status
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {updating && (
        <UpdateStatusDialog
          title={`Update status of version ${updating.version ?? ''}`}
          current={updating.status}
          onSubmit={(status, comment) => model.updateStatus(updating.arn, status, comment)}
          onClose={() => setUpdating(undefined)}
        />
      )}
    </div>
  );
}

/** Approved / Rejected / PendingManualApproval with a comment, required to reject. */
export function UpdateStatusDialog(props: {
  title: string;
  current: ApprovalStatus;
  onSubmit: (status: ApprovalStatus, comment: string) => Promise<void>;
  onClose: () => void;
}): React.ReactElement {
  const [status, setStatus] = React.useState<ApprovalStatus>(props.current);
  const [comment, setComment] = React.useState('');
  const needsComment = status === 'Rejected' && comment.trim() === '';
  const { submit, busy, error } = useFormSubmit(async () => {
    await props.onSubmit(status, comment);
    props.onClose();
  }, needsComment);
  return (
    <Modal title={props.title} onClose={props.onClose} className="sluice-UpdateStatusDialog">
      <form onSubmit={submit}>
        <label className="sluice-Field">
          <span>Status</span>
          <select className="jp-mod-styled" name="status" value={status} onChange={(event) => setStatus(event.target.value as ApprovalStatus)}>
            {statuses.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <label className="sluice-Field">
          <span>Comment{status === 'Rejected' ? ' (required to reject)' : ''}</span>
          <textarea className="jp-mod-styled" name="comment" value={comment} onChange={(event) => setComment(event.target.value)} rows={3} />
        </label>
        <FormFooter error={error} onCancel={props.onClose} submitLabel="Update status" disabled={busy || needsComment} />
      </form>
    </Modal>
  );
}
