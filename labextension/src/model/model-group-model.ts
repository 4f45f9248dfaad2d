/** One model package group: its versions, newest first, and their approval. */
import type { ModelPackageDescription, ModelPackageSummary, ServiceClient } from '../api/operations';
import { PolledModel } from './polled-model';

export type ApprovalStatus = 'Approved' | 'Rejected' | 'PendingManualApproval';

/** A version's approval as the Update status dialog starts from; a version without one is pending, as on SageMaker. */
export function approvalOf(status: string | undefined): ApprovalStatus {
  return status === 'Approved' || status === 'Rejected' ? status : 'PendingManualApproval';
}

export class ModelGroupModel extends PolledModel {
  private _versions: ModelPackageSummary[] = [];
  private _details = new Map<string, ModelPackageDescription>();

  constructor(
    client: ServiceClient,
    readonly groupName: string,
    intervalMs = 5000,
  ) {
    super(client, intervalMs);
  }

  get versions(): readonly ModelPackageSummary[] {
    return this._versions;
  }

  /** The full description of a version (metrics, approval comment), once loaded. */
  details(arn: string): ModelPackageDescription | undefined {
    return this._details.get(arn);
  }

  /** A Rejected status needs a comment, as the panel's dialog says. */
  async updateStatus(modelPackageArn: string, status: ApprovalStatus, comment: string): Promise<void> {
    if (status === 'Rejected' && comment.trim() === '') throw new Error('Say why the version is rejected.');
    await this.client.call('SageMaker.UpdateModelPackage', {
      ModelPackageArn: modelPackageArn,
      ModelApprovalStatus: status,
      ...(comment.trim() !== '' ? { ApprovalDescription: comment.trim() } : {}),
    });
    this._details.delete(modelPackageArn);
    await this.reload();
  }

  protected async load(): Promise<void> {
    const listed = await this.client.call('SageMaker.ListModelPackages', {
      ModelPackageGroupName: this.groupName,
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 100,
    });
    const versions = listed.ModelPackageSummaryList ?? [];
    await Promise.all(
      versions
        .filter((version) => version.ModelPackageArn && !this._details.has(version.ModelPackageArn))
        .map(async (version) => {
          const arn = version.ModelPackageArn!;
          this._details.set(arn, await this.client.call('SageMaker.DescribeModelPackage', { ModelPackageName: arn }));
        }),
    );
    this._versions = versions;
  }
}
