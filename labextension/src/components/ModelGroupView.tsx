import * as React from 'react';
import { approvalOf, type ApprovalStatus, type ModelGroupModel } from '../model';
import { errorText } from '../api';
import { showFormDialog, type DialogForm } from '../widgets/form-dialog';
import { FormProblems } from './FormProblems';
import { ServiceProblem } from './ServiceProblem';
import { StatusChip } from './StatusChip';
import { Time } from './Time';
import { useModel } from './use-model';

const statuses: ApprovalStatus[] = ['Approved', 'Rejected', 'PendingManualApproval'];

/** A model package group's versions, with their approval and an Update status dialog. */
export function ModelGroupView(props: { model: ModelGroupModel; onOpenVersion: (arn: string) => void }): React.ReactElement {
  const model = useModel(props.model);
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
                      onClick={() =>
                        showUpdateStatusDialog({
                          title: `Update status of version ${version.ModelPackageVersion ?? ''}`,
                          current: approvalOf(version.ModelApprovalStatus),
                          onSubmit: (status, comment) => model.updateStatus(arn, status, comment),
                        })
                      }
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
    </div>
  );
}

export interface UpdateStatusOptions {
  title: string;
  current: ApprovalStatus;
  onSubmit: (status: ApprovalStatus, comment: string) => Promise<void>;
}

/** Update status, in JupyterLab's Dialog. */
export function showUpdateStatusDialog(options: UpdateStatusOptions): void {
  void showFormDialog({
    title: options.title,
    className: 'sluice-UpdateStatusDialog',
    acceptLabel: 'Update status',
    render: (form) => <UpdateStatusForm {...options} form={form} />,
  });
}

/** Approved / Rejected / PendingManualApproval with a comment, required to reject. */
function UpdateStatusForm(props: UpdateStatusOptions & { form: DialogForm }): React.ReactElement {
  const [status, setStatus] = React.useState<ApprovalStatus>(props.current);
  const [comment, setComment] = React.useState('');
  const [error, setError] = React.useState<string | undefined>();
  const needsComment = status === 'Rejected' && comment.trim() === '';
  const send = async (): Promise<boolean> => {
    setError(undefined);
    try {
      await props.onSubmit(status, comment);
      return true;
    } catch (caught) {
      setError(errorText(caught));
      return false;
    }
  };
  React.useEffect(() => props.form.update(!needsComment, send));
  return (
    <div className="sluice-UpdateStatusForm">
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
      <FormProblems error={error} />
    </div>
  );
}
