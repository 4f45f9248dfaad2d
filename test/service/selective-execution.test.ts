import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribePipelineExecutionCommand, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { createPipeline, extrasClient, runToEnd, waitForExecution } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

describe('selective execution', () => {
  let test: TestService;
  let reference: string;

  beforeAll(async () => {
    test = await startTestService();
    const extras = extrasClient(test.service);
    await extras.putArtifact('s3://sluice-data/abalone.csv', readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')));
    await createPipeline(test.client, extras, abalonePipeline({ name: 'Selective', bucket: 'sluice-local', inputDataUrl: 's3://sluice-data/abalone.csv', modelPackageGroupName: 'SelectiveModels' }));
    reference = (await runToEnd(test.client, 'Selective')).arn;
  });
  afterAll(async () => {
    await test?.stop();
  });

  const start = (steps: string[], source?: string) =>
    test.client.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'Selective',
        ClientRequestToken: `selective-${steps.join('-')}-${Date.now()}`,
        SelectiveExecutionConfig: { SourcePipelineExecutionArn: source, SelectedSteps: steps.map((StepName) => ({ StepName })) },
      }),
    );

  it('runs only {Train, Evaluate}, reusing the reference execution\'s preprocessing outputs', async () => {
    const started = await start(['TrainAbaloneModel', 'EvaluateAbaloneModel']);
    const run = await waitForExecution(test.client, started.PipelineExecutionArn!);

    expect(run.status).toBe('Succeeded');
    expect(run.steps.map((step) => [step.StepName, step.StepStatus, step.SelectiveExecutionResult?.SourcePipelineExecutionArn])).toEqual([
      ['PreprocessAbaloneData', 'Succeeded', reference],
      ['TrainAbaloneModel', 'Succeeded', undefined],
      ['EvaluateAbaloneModel', 'Succeeded', undefined],
    ]);
    const described = await test.client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: run.arn }));
    expect(described.SelectiveExecutionConfig).toEqual({ SourcePipelineExecutionArn: reference, SelectedSteps: [{ StepName: 'TrainAbaloneModel' }, { StepName: 'EvaluateAbaloneModel' }] });
    // The reused preprocessing step keeps the reference's job: nothing ran it again.
    const referenceSteps = (await waitForExecution(test.client, reference)).steps;
    expect(run.steps[0].Metadata).toEqual(referenceSteps[0].Metadata);
  });

  it('refuses a selection that is not connected, with the step that lies between', async () => {
    await expect(start(['PreprocessAbaloneData', 'EvaluateAbaloneModel'])).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'The selected steps are not connected: step "TrainAbaloneModel" lies between selected steps "PreprocessAbaloneData" and "EvaluateAbaloneModel" but is not selected. Select it too, or select fewer steps.',
    });
    await expect(start(['NoSuchStep'])).rejects.toMatchObject({ name: 'ValidationException', message: 'Selected steps "NoSuchStep" are not in the pipeline definition.' });
  });
});
