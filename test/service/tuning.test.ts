import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DescribeHyperParameterTuningJobCommand, ListTrainingJobsCommand, ListTrainingJobsForHyperParameterTuningJobCommand } from '@aws-sdk/client-sagemaker';
import { ContinuousParameter, Pipeline, ProcessingStep, TuningStep } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { createPipeline, extrasClient, role, runToEnd } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'abalone');

describe('a tuning step', () => {
  let test: TestService;
  afterAll(async () => {
    await test?.stop();
  });

  it('runs 6 training jobs 2 at a time, ranks them by the objective, and a later step reads the best one', async () => {
    test = await startTestService();
    const extras = extrasClient(test.service);
    await extras.putArtifact('s3://sluice-data/abalone.csv', readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')));
    const base = abalonePipeline({ name: 'Tuned', bucket: 'sluice-local', inputDataUrl: 's3://sluice-data/abalone.csv', modelPackageGroupName: 'TunedModels' });
    const preprocess = base.steps[0] as ProcessingStep;
    const tune = new TuningStep({
      name: 'TuneAbalone',
      estimator: {
        imageUri: 'node',
        roleArn: role,
        instanceType: 'local',
        outputPath: 's3://sluice-local/tuning',
        code: join(fixtures, 'train.ts'),
        metricDefinitions: [{ name: 'validation:mse', regex: 'validation-mse:([0-9\\.]+)' }],
      },
      inputs: {
        train: preprocess.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri,
        validation: preprocess.properties.ProcessingOutputConfig.Outputs.get('validation').S3Output.S3Uri,
      },
      objectiveMetricName: 'validation:mse',
      objectiveType: 'Minimize',
      hyperparameterRanges: { ridge: new ContinuousParameter({ min: 0.001, max: 1000, scaling: 'Logarithmic' }) },
      strategy: 'Random',
      maxJobs: 6,
      maxParallelJobs: 2,
    });
    const report = new ProcessingStep({
      name: 'ReportBest',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      entrypoint: ['node', '-e', 'console.log(process.argv[1], process.argv[2])'],
      arguments: [tune.properties.BestTrainingJob.TrainingJobName, tune.topModelS3Uri(0, 'sluice-local', 'tuning')],
    });
    await createPipeline(
      test.client,
      extras,
      new Pipeline({ name: 'Tuned', parameters: base.parameters, steps: [preprocess, tune, report], defaultBucket: 'sluice-local' }),
    );

    const run = await runToEnd(test.client, 'Tuned');

    expect(run.status).toBe('Succeeded');
    const tuningJob = run.steps[1].Metadata!.TuningJob!.Arn!.split('/').pop()!;
    const described = await test.client.send(new DescribeHyperParameterTuningJobCommand({ HyperParameterTuningJobName: tuningJob }));
    const listed = await test.client.send(
      new ListTrainingJobsForHyperParameterTuningJobCommand({ HyperParameterTuningJobName: tuningJob, SortBy: 'FinalObjectiveMetricValue', MaxResults: 100 }),
    );
    const summaries = listed.TrainingJobSummaries ?? [];
    expect(summaries).toHaveLength(6);
    const objectives = summaries.map((summary) => summary.FinalHyperParameterTuningJobObjectiveMetric?.Value as number);
    expect(objectives).toEqual([...objectives].sort((a, b) => a - b));
    expect(described.BestTrainingJob?.TrainingJobName).toBe(summaries[0].TrainingJobName);
    expect(new Set(summaries.map((summary) => summary.TunedHyperParameters?.ridge)).size).toBe(6);

    const trainingJobs = await test.client.send(new ListTrainingJobsCommand({ MaxResults: 100 }));
    expect(trainingJobs.TrainingJobSummaries).toHaveLength(6);

    const best = described.BestTrainingJob!.TrainingJobName!;
    const reportJob = run.steps[2].Metadata!.ProcessingJob!.Arn!.split('/').pop()!;
    const log = await extras.jobLog(reportJob);
    const modelUri = `s3://sluice-local/tuning/${best}/output/model.tar.gz`;
    expect(log.lines.filter((line) => line.Stream === 'stdout').map((line) => line.Text)).toEqual([`${best} ${modelUri}`]);
    expect(await extras.listArtifacts(dirname(modelUri))).toContain(modelUri);
  });
});
