import { jest } from '@jest/globals';
import { CreateProjectCommand, ListModelPackageGroupsCommand, ListProjectsCommand } from '@aws-sdk/client-sagemaker';
import { readdirSync, rmSync } from 'node:fs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { startTestService, type TestService } from '../service/service-harness.js';

/** The service in this process, so the test can set SLUICE_WORKSPACE and make a step of the creation fail. */
describe('SageMaker.CreateProject on the local service', () => {
  let test: TestService;
  let workspace: string;
  const saved = process.env.SLUICE_WORKSPACE;
  beforeAll(async () => {
    test = await startTestService();
    workspace = makeTestWorkspace('project-rollback');
    process.env.SLUICE_WORKSPACE = workspace;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.SLUICE_WORKSPACE;
    else process.env.SLUICE_WORKSPACE = saved;
    await test.stop();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('makes the project in $SLUICE_WORKSPACE, the template named as the product id', async () => {
    const created = await test.client.send(new CreateProjectCommand({ ProjectName: 'from-sdk', ServiceCatalogProvisioningDetails: { ProductId: 'empty' } }));
    expect(created.ProjectId).toMatch(/^p-[a-z0-9]{12}$/);
    expect(created.ProjectArn).toBe('arn:aws:sagemaker:us-east-1:000000000000:project/from-sdk');
    expect(readdirSync(workspace)).toEqual(['from-sdk-modelbuild']);
  });

  it('undoes everything when the last step of the creation fails (the repository was already made)', async () => {
    // The model package group is made last: a name collision there comes after the seed, git init and commit.
    const collision = jest.spyOn(test.service.store.modelRegistry, 'createGroup').mockReturnValue(undefined);
    try {
      await expect(
        test.client.send(new CreateProjectCommand({ ProjectName: 'late-failure', ServiceCatalogProvisioningDetails: { ProductId: 'empty' } })),
      ).rejects.toThrow(/^Model Package Group late-failure-p-[a-z0-9]{12} already exists$/);
    } finally {
      collision.mockRestore();
    }
    expect(readdirSync(workspace)).toEqual(['from-sdk-modelbuild']);
    expect((await test.client.send(new ListProjectsCommand({}))).ProjectSummaryList?.map((p) => p.ProjectName)).toEqual(['from-sdk']);
    expect((await test.client.send(new ListModelPackageGroupsCommand({}))).ModelPackageGroupSummaryList).toHaveLength(1);
  });
});
