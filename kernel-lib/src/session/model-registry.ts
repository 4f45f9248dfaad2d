/** The model registry through a session: groups, versions, describe, approve or reject with a comment. */
import {
  DescribeModelPackageCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
  type DescribeModelPackageCommandOutput,
  type ModelApprovalStatus,
  type ModelPackageGroupSummary,
  type ModelPackageSummary,
} from '@aws-sdk/client-sagemaker';
import { ModelPackage } from './model-package.js';
import { Session } from './session.js';

/**
 * SageMaker's model registry: model package groups and their versions, and the approval that deploys them.
 *
 * @example
 * ```ts
 * const registry = new ModelRegistry();
 * const [latest] = await registry.listVersions('abalone', { approvalStatus: 'PendingManualApproval' });
 * await registry.approve(latest.ModelPackageArn!, 'MSE below 6 on the test split');
 * ```
 */
export class ModelRegistry {
  constructor(readonly session: Session = Session.default) {}

  /** The model package groups, newest first (ListModelPackageGroups), optionally those whose name contains `nameContains`. */
  async listGroups(options: { nameContains?: string } = {}): Promise<ModelPackageGroupSummary[]> {
    const client = await this.session.client();
    const groups: ModelPackageGroupSummary[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListModelPackageGroupsCommand({ NameContains: options.nameContains, NextToken: token, SortBy: 'CreationTime', SortOrder: 'Descending' }),
      );
      groups.push(...(page.ModelPackageGroupSummaryList ?? []));
      token = page.NextToken;
    } while (token);
    return groups;
  }

  /** The group's model versions, newest first; optionally only those with one approval status. */
  async listVersions(groupName: string, options: { approvalStatus?: ModelApprovalStatus } = {}): Promise<ModelPackageSummary[]> {
    const client = await this.session.client();
    const versions: ModelPackageSummary[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListModelPackagesCommand({
          ModelPackageGroupName: groupName,
          ModelApprovalStatus: options.approvalStatus,
          NextToken: token,
          SortBy: 'CreationTime',
          SortOrder: 'Descending',
        }),
      );
      versions.push(...(page.ModelPackageSummaryList ?? []));
      token = page.NextToken;
    } while (token);
    return versions;
  }

  /** A model version by ARN (or, as SageMaker allows, the latest version of a group by its name). */
  async describe(modelPackageArn: string): Promise<DescribeModelPackageCommandOutput> {
    return (await this.session.client()).send(new DescribeModelPackageCommand({ ModelPackageName: modelPackageArn }));
  }

  /** A version to deploy: `await registry.modelPackage(arn).deploy({ endpointName })`. */
  modelPackage(modelPackageArn: string): ModelPackage {
    return new ModelPackage(modelPackageArn, this.session);
  }

  /** Sets the version's `ModelApprovalStatus` to Approved (UpdateModelPackage), with `comment` as its `ApprovalDescription`. */
  approve(modelPackageArn: string, comment?: string): Promise<void> {
    return this.setApproval(modelPackageArn, 'Approved', comment);
  }

  /** Sets the version's `ModelApprovalStatus` to Rejected (UpdateModelPackage), with `comment` as its `ApprovalDescription`. */
  reject(modelPackageArn: string, comment?: string): Promise<void> {
    return this.setApproval(modelPackageArn, 'Rejected', comment);
  }

  private async setApproval(modelPackageArn: string, status: ModelApprovalStatus, comment: string | undefined): Promise<void> {
    await (
      await this.session.client()
    ).send(new UpdateModelPackageCommand({ ModelPackageArn: modelPackageArn, ModelApprovalStatus: status, ApprovalDescription: comment }));
  }
}
