import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteModelPackageCommand,
  DeleteModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { extrasClient } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

const inference = {
  Containers: [{ Image: '000000000000.dkr.ecr.us-east-1.amazonaws.com/xgboost:1.7-1', ModelDataUrl: 's3://bucket/model.tar.gz' }],
  SupportedContentTypes: ['text/csv'],
  SupportedResponseMIMETypes: ['text/csv'],
};
const metrics = { ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: 's3://bucket/evaluation.json' } } };

describe('the model registry over the SageMaker API', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('creates and describes a model package group', async () => {
    const created = await running.client.send(
      new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone', ModelPackageGroupDescription: 'abalone models' }),
    );
    expect(created.ModelPackageGroupArn).toBe('arn:aws:sagemaker:us-east-1:000000000000:model-package-group/abalone');
    const described = await running.client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone' }));
    expect(described).toMatchObject({ ModelPackageGroupName: 'Abalone', ModelPackageGroupDescription: 'abalone models', ModelPackageGroupStatus: 'Completed' });
    expect(described.CreationTime).toBeInstanceOf(Date);
  });

  it('refuses a second group with the same name as SageMaker does', async () => {
    await expect(running.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'abalone' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('already exists'),
    });
  });

  it('numbers versions from 1 within a group and keeps what was registered', async () => {
    const first = await running.client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: 'Abalone',
        InferenceSpecification: inference,
        ModelMetrics: metrics,
        ModelApprovalStatus: 'PendingManualApproval',
      }),
    );
    const second = await running.client.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'Abalone', InferenceSpecification: inference }));
    expect(first.ModelPackageArn).toBe('arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/1');
    expect(second.ModelPackageArn).toBe('arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/2');

    const described = await running.client.send(new DescribeModelPackageCommand({ ModelPackageName: first.ModelPackageArn }));
    expect(described).toMatchObject({
      ModelPackageGroupName: 'Abalone',
      ModelPackageVersion: 1,
      ModelApprovalStatus: 'PendingManualApproval',
      ModelPackageStatus: 'Completed',
      InferenceSpecification: inference,
      ModelMetrics: metrics,
    });
  });

  it('repeats the first response for a retried ClientToken', async () => {
    const input = { ModelPackageGroupName: 'Abalone', InferenceSpecification: inference, ClientToken: 'register-once-000000000000000001' };
    const first = await running.client.send(new CreateModelPackageCommand(input));
    const again = await running.client.send(new CreateModelPackageCommand(input));
    expect(again.ModelPackageArn).toBe(first.ModelPackageArn);
    expect(first.ModelPackageArn).toMatch(/\/abalone\/3$/);
  });

  it('approves a version with a description', async () => {
    const arn = 'arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/1';
    await running.client.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'looks good' }));
    const described = await running.client.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    expect(described).toMatchObject({ ModelApprovalStatus: 'Approved', ApprovalDescription: 'looks good', InferenceSpecification: inference });
  });

  it("keeps every approval change with its time and comment as the version's activity, and describes none of it", async () => {
    await running.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Reviewed' }));
    const { ModelPackageArn: arn } = await running.client.send(
      new CreateModelPackageCommand({ ModelPackageGroupName: 'Reviewed', InferenceSpecification: inference }),
    );
    await running.client.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Rejected', ApprovalDescription: 'MSE too high' }));
    await running.client.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ApprovalDescription: 'MSE too high on the test split' }));
    await running.client.send(
      new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'retrained data was wrong' }),
    );
    // Setting the same status again with no new comment is not an event.
    await running.client.send(new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: 'Approved' }));
    const activity = await extrasClient(running.service).call('ListModelPackageActivity', { ModelPackageName: arn ?? '' });
    expect(activity.Events.map(({ Time: _time, ...event }) => event)).toEqual([
      { Event: 'Registered', To: 'PendingManualApproval' },
      { Event: 'ApprovalStatusChanged', From: 'PendingManualApproval', To: 'Rejected', Comment: 'MSE too high' },
      { Event: 'ApprovalCommentChanged', To: 'Rejected', Comment: 'MSE too high on the test split' },
      { Event: 'ApprovalStatusChanged', From: 'Rejected', To: 'Approved', Comment: 'retrained data was wrong' },
    ]);
    const times = activity.Events.map((event) => event.Time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThan(Date.now() / 1000 - 600);
    const described = await running.client.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    expect(Object.keys(described)).not.toContain('SluiceActivity');
    await expect(
      extrasClient(running.service).call('ListModelPackageActivity', {
        ModelPackageName: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/reviewed/99',
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining('reviewed/99'),
    });
    await running.client.send(new DeleteModelPackageCommand({ ModelPackageName: arn }));
    await running.client.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: 'Reviewed' }));
  });

  it('lists packages by group and approval status, with paging', async () => {
    const approved = await running.client.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'Abalone', ModelApprovalStatus: 'Approved' }));
    expect(approved.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion)).toEqual([1]);

    const versions: (number | undefined)[] = [];
    let nextToken: string | undefined;
    do {
      const page = await running.client.send(
        new ListModelPackagesCommand({ ModelPackageGroupName: 'Abalone', SortOrder: 'Ascending', MaxResults: 2, NextToken: nextToken }),
      );
      expect(page.ModelPackageSummaryList!.length).toBeLessThanOrEqual(2);
      versions.push(...page.ModelPackageSummaryList!.map((p) => p.ModelPackageVersion));
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    expect(versions).toEqual([1, 2, 3]);
  });

  it('lists groups by name', async () => {
    await running.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'Churn' }));
    const listed = await running.client.send(new ListModelPackageGroupsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    expect(listed.ModelPackageGroupSummaryList?.map((g) => g.ModelPackageGroupName)).toEqual(['Abalone', 'Churn']);
    const filtered = await running.client.send(new ListModelPackageGroupsCommand({ NameContains: 'hur' }));
    expect(filtered.ModelPackageGroupSummaryList?.map((g) => g.ModelPackageGroupName)).toEqual(['Churn']);
  });

  it('refuses to register into a group that does not exist', async () => {
    await expect(
      running.client.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'Ghost', InferenceSpecification: inference })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  it('keeps a group that holds packages, deletes it once empty, and never reuses a version number', async () => {
    await expect(running.client.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone' }))).rejects.toMatchObject({
      name: 'ConflictException',
    });
    await running.client.send(new DeleteModelPackageCommand({ ModelPackageName: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/3' }));
    const next = await running.client.send(new CreateModelPackageCommand({ ModelPackageGroupName: 'Abalone', InferenceSpecification: inference }));
    expect(next.ModelPackageArn).toMatch(/\/abalone\/4$/);

    for (const version of [1, 2, 4]) {
      await running.client.send(
        new DeleteModelPackageCommand({ ModelPackageName: `arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/${version}` }),
      );
    }
    await running.client.send(new DeleteModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone' }));
    await expect(running.client.send(new DescribeModelPackageGroupCommand({ ModelPackageGroupName: 'Abalone' }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
    await expect(
      running.client.send(new DescribeModelPackageCommand({ ModelPackageName: 'arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/1' })),
    ).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringContaining('does not exist') });
  });
});
