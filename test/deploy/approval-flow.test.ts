// The build-train-deploy flow: endpoints follow the registry. Approve → staging (tested) → production approval
// → prod; a version that fails staging never reaches prod; reject → both go back to the last version allowed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateModelPackageCommand, CreateModelPackageGroupCommand, DescribeModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { ApprovalDeployment, ModelRegistry, Predictor } from '../../kernel-lib/src/index.js';
import { extrasClient } from '../service/execution-harness.js';
import { bucket, meanSquaredError, packedModel, startDeployService, trainAbalone, type DeployService, type TrainedAbalone } from './deploy-harness.js';

describe('endpoints that follow model approvals', () => {
  let test: DeployService;
  let trained: TrainedAbalone;
  let registry: ModelRegistry;
  let flow: ApprovalDeployment;
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-approval-'));
  const group = 'AbaloneReleases';

  beforeAll(async () => {
    test = await startDeployService();
    trained = await trainAbalone(test, 'ApprovalFlow');
    registry = new ModelRegistry(test.session);
    await test.client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group }));
    // The staging test: the endpoint's MSE on the test split is no worse than the evaluation step's.
    const stagingTest = async (predictor: Predictor): Promise<void> => {
      const mse = meanSquaredError(trained.testRows, await predictor.predict(trained.testRows.map((row) => row.slice(1))));
      if (mse > trained.evaluationMse + 1e-9) throw new Error(`staging MSE ${mse.toFixed(3)} is above the evaluation's ${trained.evaluationMse.toFixed(3)}`);
    };
    flow = new ApprovalDeployment({
      modelPackageGroupName: group,
      stagingEndpoint: 'abalone-staging',
      prodEndpoint: 'abalone-prod',
      session: test.session,
      stagingTest,
    });
  });
  afterAll(async () => {
    await test?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Registers another version like the trained one, optionally with other model data. */
  async function register(modelDataUrl = trained.modelData): Promise<string> {
    const first = await test.client.send(new DescribeModelPackageCommand({ ModelPackageName: trained.modelPackageArn }));
    const container = { ...first.InferenceSpecification!.Containers![0]!, ModelDataUrl: modelDataUrl };
    const created = await test.client.send(
      new CreateModelPackageCommand({
        ModelPackageGroupName: group,
        InferenceSpecification: { ...first.InferenceSpecification!, Containers: [container] },
        ModelApprovalStatus: 'PendingManualApproval',
      }),
    );
    return created.ModelPackageArn!;
  }

  /** A model that predicts 0 for every row: it fails the staging test. */
  async function worseModel(): Promise<string> {
    const uri = `s3://${bucket}/models/zero/model.tar.gz`;
    await extrasClient(test.service).putArtifact(uri, await packedModel(join(scratch, 'zero'), new Array<number>(11).fill(0)));
    return uri;
  }

  const served = async (): Promise<[number | undefined, number | undefined]> => [
    await flow.servedVersion('abalone-staging'),
    await flow.servedVersion('abalone-prod'),
  ];

  it('approve → staging, tested; production approval → prod; a failed staging test stops there; reject → rollback', async () => {
    const v1 = await register();
    expect(await flow.reconcile()).toEqual([]);

    await registry.approve(v1, 'looks right');
    expect(await flow.reconcile()).toEqual([
      { kind: 'deployed', endpoint: 'abalone-staging', version: 1, previous: undefined },
      { kind: 'staging-test', version: 1, passed: true, detail: 'passed' },
    ]);
    expect(await served()).toEqual([1, undefined]);

    await flow.approveForProduction(v1, 'ship it');
    expect(await flow.reconcile()).toEqual([{ kind: 'deployed', endpoint: 'abalone-prod', version: 1, previous: undefined }]);
    expect(await flow.reconcile()).toEqual([]);

    const v2 = await register();
    await registry.approve(v2);
    expect(await flow.reconcile()).toEqual([
      { kind: 'deployed', endpoint: 'abalone-staging', version: 2, previous: 1 },
      { kind: 'staging-test', version: 2, passed: true, detail: 'passed' },
    ]);
    await flow.approveForProduction(v2);
    expect(await flow.reconcile()).toEqual([{ kind: 'deployed', endpoint: 'abalone-prod', version: 2, previous: 1 }]);

    const v3 = await register(await worseModel());
    await registry.approve(v3);
    await flow.approveForProduction(v3);
    const failing = await flow.reconcile();
    expect(failing).toEqual([
      { kind: 'deployed', endpoint: 'abalone-staging', version: 3, previous: 2 },
      { kind: 'staging-test', version: 3, passed: false, detail: expect.stringMatching(/^staging MSE [\d.]+ is above the evaluation's [\d.]+$/) },
    ]);
    expect(await served()).toEqual([3, 2]);
    expect((await registry.describe(v3)).CustomerMetadataProperties).toMatchObject({
      StagingTest: expect.stringMatching(/^Failed: staging MSE/),
      ProductionApproval: 'Approved',
    });

    // Rejecting what prod serves rolls both back to the latest version still allowed there.
    await registry.reject(v3, 'worse than v2');
    await registry.reject(v2, 'found a problem');
    expect(await flow.reconcile()).toEqual([
      { kind: 'deployed', endpoint: 'abalone-staging', version: 1, previous: 3 },
      { kind: 'deployed', endpoint: 'abalone-prod', version: 1, previous: 2 },
    ]);
    const predictions = await new Predictor('abalone-prod', test.session).predict(trained.testRows.map((row) => row.slice(1)));
    expect(Math.abs(meanSquaredError(trained.testRows, predictions) - trained.evaluationMse)).toBeLessThan(1e-9);

    await registry.reject(v1);
    expect(await flow.reconcile()).toEqual([
      { kind: 'removed', endpoint: 'abalone-staging', previous: 1 },
      { kind: 'removed', endpoint: 'abalone-prod', previous: 1 },
    ]);
  });
});
