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
    await createPipeline(
      test.client,
      extras,
      abalonePipeline({ name: 'Selective', bucket: 'sluice-local', inputDataUrl: 's3://sluice-data/abalone.csv', modelPackageGroupName: 'SelectiveModels' }),
    );
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

  it("runs only {Train, Evaluate}, reusing the reference execution's preprocessing outputs", async () => {
    const started = await start(['TrainAbaloneModel', 'EvaluateAbaloneModel']);
    const run = await waitForExecution(test.client, started.PipelineExecutionArn!);

    expect(run.status).toBe('Succeeded');
    expect(run.steps.map((step) => [step.StepName, step.StepStatus, step.SelectiveExecutionResult?.SourcePipelineExecutionArn])).toEqual([
      ['PreprocessAbaloneData', 'Succeeded', reference],
      ['TrainAbaloneModel', 'Succeeded', undefined],
      ['EvaluateAbaloneModel', 'Succeeded', undefined],
    ]);
    const described = await test.client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: run.arn }));
    expect(described.SelectiveExecutionConfig).toEqual({
      SourcePipelineExecutionArn: reference,
      SelectedSteps: [{ StepName: 'TrainAbaloneModel' }, { StepName: 'EvaluateAbaloneModel' }],
    });
    // The reused preprocessing step keeps the reference's job: nothing ran it again.
    const referenceSteps = (await waitForExecution(test.client, reference)).steps;
    expect(run.steps[0].Metadata).toEqual(referenceSteps[0].Metadata);
  });

  it("names where a reused step's outputs were made, through a chain of selective runs, and lists the selection with the execution", async () => {
    const first = await waitForExecution(test.client, (await start(['TrainAbaloneModel', 'EvaluateAbaloneModel'])).PipelineExecutionArn!);
    const second = await waitForExecution(test.client, (await start(['EvaluateAbaloneModel'], first.arn)).PipelineExecutionArn!);
    expect(second.steps.map((step) => [step.StepName, step.SelectiveExecutionResult?.SourcePipelineExecutionArn])).toEqual([
      // Preprocessing ran in the reference; the first selective run only reused it.
      ['PreprocessAbaloneData', reference],
      ['TrainAbaloneModel', first.arn],
      ['EvaluateAbaloneModel', undefined],
    ]);
    const listed = await extrasClient(test.service).call('ListPipelineExecutions', { PipelineName: 'Selective' });
    expect(listed.PipelineExecutionSummaries.find((summary) => summary.PipelineExecutionArn === second.arn)?.SelectiveExecutionConfig).toEqual({
      SourcePipelineExecutionArn: first.arn,
      SelectedSteps: [{ StepName: 'EvaluateAbaloneModel' }],
    });
    expect(listed.PipelineExecutionSummaries.find((summary) => summary.PipelineExecutionArn === reference)?.SelectiveExecutionConfig).toBeUndefined();
  });

  it("keeps a condition's operands as evaluated, which SageMaker's outcome alone does not say", async () => {
    const [condition] = await extrasClient(test.service).conditionEvaluations(reference);
    expect(condition).toMatchObject({ StepName: 'CheckMSEAbaloneEvaluation', Outcome: 'True' });
    const [evaluated] = condition.Conditions;
    expect(evaluated).toMatchObject({
      Type: 'LessThanOrEqualTo',
      Result: true,
      Operands: [{ Expression: 'regression_metrics.mse.value' }, { Expression: 'MseThreshold', Value: 6 }],
    });
    const mse = evaluated.Operands[0].Value as number;
    expect(mse).toBeGreaterThan(1);
    expect(evaluated.Text).toBe(`regression_metrics.mse.value ${Number(mse.toPrecision(6))} ≤ MseThreshold 6 → true`);
    // An execution with no finished condition has none to show.
    const run = await waitForExecution(test.client, (await start(['TrainAbaloneModel'])).PipelineExecutionArn!);
    await expect(extrasClient(test.service).conditionEvaluations(run.arn)).resolves.toEqual([]);
  });

  it('refuses a selection that is not connected, with the step that lies between', async () => {
    await expect(start(['PreprocessAbaloneData', 'EvaluateAbaloneModel'])).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'The selected steps are not connected: step "TrainAbaloneModel" lies between selected steps "PreprocessAbaloneData" and "EvaluateAbaloneModel" but is not selected. Select it too, or select fewer steps.',
    });
    await expect(start(['NoSuchStep'])).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Selected steps "NoSuchStep" are not in the pipeline definition.',
    });
  });
});
