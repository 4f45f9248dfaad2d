import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeModelPackageCommand, DescribeTrainingJobCommand, ListModelPackagesCommand } from '@aws-sdk/client-sagemaker';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { createPipeline, extrasClient, runToEnd } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

const abaloneCsv = join(repoRoot, '..', 'shared', 'data', 'abalone.csv');

describe('the abalone pipeline on the local service', () => {
  let test: TestService;
  const pipeline = abalonePipeline({
    name: 'AbalonePipeline',
    bucket: 'sluice-local',
    inputDataUrl: 's3://sluice-data/abalone/abalone.csv',
    modelPackageGroupName: 'AbalonePackageGroup',
  });

  beforeAll(async () => {
    test = await startTestService();
    const extras = extrasClient(test.service);
    await extras.putArtifact('s3://sluice-data/abalone/abalone.csv', readFileSync(abaloneCsv));
    await createPipeline(test.client, extras, pipeline);
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('runs to Succeeded with TypeScript step code and registers model version 1', async () => {
    const run = await runToEnd(test.client, 'AbalonePipeline');

    expect(run).toMatchObject({ status: 'Succeeded' });
    expect(run.steps.map((step) => `${step.StepName}:${step.StepStatus}`)).toEqual([
      'PreprocessAbaloneData:Succeeded',
      'TrainAbaloneModel:Succeeded',
      'EvaluateAbaloneModel:Succeeded',
      'CheckMSEAbaloneEvaluation:Succeeded',
      'RegisterAbaloneModel-RegisterModel:Succeeded',
    ]);
    expect(run.steps[3].Metadata?.Condition?.Outcome).toBe('True');

    const extras = extrasClient(test.service);
    const trainingJob = run.steps[1].Metadata!.TrainingJob!.Arn!.split('/').pop()!;
    const training = await test.client.send(new DescribeTrainingJobCommand({ TrainingJobName: trainingJob }));
    const mse = training.FinalMetricDataList?.find((metric) => metric.MetricName === 'validation:mse')?.Value;
    expect(mse).toBeGreaterThan(1);
    expect(mse).toBeLessThan(10);

    const packages = await test.client.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'AbalonePackageGroup' }));
    expect(packages.ModelPackageSummaryList?.map((p) => [p.ModelPackageVersion, p.ModelApprovalStatus])).toEqual([[1, 'PendingManualApproval']]);
    expect(run.steps[4].Metadata?.RegisterModel?.Arn).toBe(packages.ModelPackageSummaryList?.[0].ModelPackageArn);
    // Lineage: the version names the execution that registered it, as SageMaker does.
    const registered = await test.client.send(new DescribeModelPackageCommand({ ModelPackageName: packages.ModelPackageSummaryList?.[0].ModelPackageArn }));
    expect(registered.MetadataProperties?.GeneratedBy).toBe(run.arn);

    const evaluationUri = (await extras.listArtifacts('s3://sluice-local/AbalonePipeline')).find((key) => key.endsWith('/evaluation.json'))!;
    const evaluation = JSON.parse((await extras.getArtifact(evaluationUri)).toString()) as { regression_metrics: { mse: { value: number } } };
    expect(evaluation.regression_metrics.mse.value).toBeLessThanOrEqual(6);

    const preprocessJob = run.steps[0].Metadata!.ProcessingJob!.Arn!.split('/').pop()!;
    const log = await extras.jobLog(preprocessJob);
    expect(log.lines.filter((line) => line.Stream === 'stdout').map((line) => line.Text)).toEqual(['split 4177 rows: 2923 train, 627 validation, 627 test']);
  });

  it('leaves the register step out when the MSE is above the threshold', async () => {
    const run = await runToEnd(test.client, 'AbalonePipeline', { MseThreshold: '0.5' });

    expect(run.status).toBe('Succeeded');
    expect(run.steps.map((step) => step.StepName)).toEqual(['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation']);
    expect(run.steps[3].Metadata?.Condition?.Outcome).toBe('False');
    const packages = await test.client.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'AbalonePackageGroup' }));
    expect(packages.ModelPackageSummaryList).toHaveLength(1);
  });
});
