import { join } from 'node:path';
import { Model, ModelStep, Pipeline, ProcessingStep, TrainingStep, TransformStep } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { createPipeline, extrasClient, role, runToEnd } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'transform');

describe('a transform step', () => {
  let test: TestService;
  afterAll(async () => {
    await test?.stop();
  });

  async function transformPipeline(strategy: 'SingleRecord' | 'MultiRecord') {
    const batch = new ProcessingStep({
      name: 'MakeBatch',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      code: join(fixtures, 'make-batch.ts'),
      outputs: [{ outputName: 'batch', source: '/opt/ml/processing/batch' }],
    });
    const train = new TrainingStep({
      name: 'Train',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      outputPath: 's3://sluice-local/models',
      code: join(fixtures, 'train-scale.ts'),
      hyperparameters: { scale: 10 },
    });
    const model = new ModelStep({
      name: 'Scaler',
      stepArgs: new Model({
        imageUri: 'node',
        roleArn: role,
        modelData: train.properties.ModelArtifacts.S3ModelArtifacts,
        code: join(fixtures, 'serve.ts'),
      }).create(),
    });
    const score = new TransformStep({
      name: 'Score',
      modelName: model.properties.ModelName,
      data: batch.properties.ProcessingOutputConfig.Outputs.get('batch').S3Output.S3Uri,
      contentType: 'text/csv',
      splitType: 'Line',
      strategy,
      accept: 'text/csv',
      assembleWith: 'Line',
      instanceType: 'local',
      outputPath: `s3://sluice-local/scores/${strategy}`,
    });
    const name = `Transform${strategy}`;
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name, steps: [batch, train, model, score], defaultBucket: 'sluice-local' }));
    return runToEnd(test.client, name);
  }

  it.each(['SingleRecord', 'MultiRecord'] as const)('scores every file under the prefix, %s, with outputs lined up row by row', async (strategy) => {
    test ??= await startTestService();
    const run = await transformPipeline(strategy);
    expect(run.status).toBe('Succeeded');
    expect(run.steps.map((step) => step.StepName)).toEqual(['MakeBatch', 'Train', 'Scaler-CreateModel', 'Score']);
    const extras = extrasClient(test.service);
    expect(await extras.listArtifacts(`s3://sluice-local/scores/${strategy}`)).toEqual([
      `s3://sluice-local/scores/${strategy}/part-1.csv.out`,
      `s3://sluice-local/scores/${strategy}/part-2.csv.out`,
    ]);
    expect((await extras.getArtifact(`s3://sluice-local/scores/${strategy}/part-1.csv.out`)).toString()).toBe('1,5\n2,2.5\n3,1.25\n');
    expect((await extras.getArtifact(`s3://sluice-local/scores/${strategy}/part-2.csv.out`)).toString()).toBe('4,10\n5,20\n');
  });
});
