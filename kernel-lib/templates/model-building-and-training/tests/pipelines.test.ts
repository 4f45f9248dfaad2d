// The seed's own tests: `npm test` (node's test runner, no AWS, no service). They check that the pipeline builds
// and its definition validates, that preprocessing, training and evaluation work on a small sample, and that the
// inference program serves a trained model's predictions.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateDefinition } from 'sluice';
import { applyTransform, fitTransform, parseAbalone, readLabelled, shuffle, split, toCsv } from '../pipelines/abalone/features';
import { fitForest, meanSquaredError, predict } from '../pipelines/abalone/forest';
import { fitKernelRidge, predictKernelRidge } from '../pipelines/abalone/kernel-ridge';
import { defaultModelOptions, fitModel, modelOptionsFromHyperparameters, predict as predictModel } from '../pipelines/abalone/model';
import { regressionReport } from '../pipelines/abalone/metrics';
import { getPipeline } from '../pipelines/abalone/pipeline';

const sample = `Sex,Length,Diameter,Height,Whole_weight,Shucked_weight,Viscera_weight,Shell_weight,Rings
M,0.455,0.365,0.095,0.514,0.2245,0.101,0.15,15
M,0.35,0.265,0.09,0.2255,0.0995,0.0485,0.07,7
F,0.53,0.42,0.135,0.677,0.2565,0.1415,0.21,9
M,0.44,0.365,0.125,0.516,0.2155,0.114,0.155,10
I,0.33,0.255,0.08,0.205,0.0895,0.0395,0.055,7
I,0.425,0.3,0.095,0.3515,0.141,0.0775,0.12,8
F,0.53,0.415,0.15,0.7775,0.237,0.1415,0.33,20
F,0.545,0.425,0.125,0.768,0.294,0.1495,0.26,16
M,0.475,0.37,0.125,,0.2165,0.1125,0.165,9
,0.55,0.44,0.15,0.8945,0.3145,0.151,0.32,19
`;

test('the pipeline builds, with the seed parameters and steps, and its definition validates', () => {
  const pipeline = getPipeline({ pipelineName: 'TestPipeline', modelPackageGroupName: 'TestGroup', inputDataUrl: 's3://bucket/abalone.csv' });
  validateDefinition(pipeline.definitionJson());
  // As JSON text, the way the service receives it.
  const definition = JSON.parse(JSON.stringify(pipeline.definitionJson())) as { Parameters: { Name: string; DefaultValue?: unknown }[]; Steps: { Name: string; Type: string }[] };
  const parameters = Object.fromEntries(definition.Parameters.map((p) => [p.Name, p.DefaultValue]));
  assert.deepEqual(Object.keys(parameters).sort(), ['InputDataUrl', 'ModelApprovalStatus', 'MseThreshold', 'ProcessingInstanceCount', 'ProcessingInstanceType', 'TrainingInstanceType']);
  assert.equal(parameters.MseThreshold, 6);
  assert.equal(parameters.InputDataUrl, 's3://bucket/abalone.csv');
  assert.deepEqual(definition.Steps.map((s) => s.Name), ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation']);
  const text = JSON.stringify(definition);
  assert.match(text, /"Name":"RegisterAbaloneModel/);
  assert.match(text, /"Name":"AbaloneMSEFail","Type":"Fail"/);
  // The registered model names its inference program, so a version can be deployed.
  assert.match(text, /"SAGEMAKER_PROGRAM":"inference\.mjs"/);
});

test('preprocessing imputes, scales, one-hot encodes sex and puts the label first', () => {
  const records = parseAbalone(sample);
  assert.equal(records.length, 10, 'the header line is skipped');
  const transform = fitTransform(records);
  assert.deepEqual(transform.categories, ['F', 'I', 'M', 'missing']);
  const rows = records.map((record) => applyTransform(transform, record));
  assert.equal(rows[0]!.length, 1 + 7 + 4);
  assert.equal(rows[0]![0], 15, 'rings first');
  assert.deepEqual(rows[0]!.slice(8), [0, 0, 1, 0]);
  for (let column = 1; column <= 7; column++) {
    const mean = rows.reduce((sum, row) => sum + row[column]!, 0) / rows.length;
    assert.ok(Math.abs(mean) < 1e-9, `column ${column} is centred`);
  }
  assert.ok(Number.isFinite(rows[8]![4]!), 'a missing value is imputed');
  const shuffled = shuffle(rows, 42);
  assert.deepEqual(shuffled, shuffle(rows, 42), 'the shuffle is seeded');
  const parts = split(shuffled);
  assert.deepEqual([parts.train.length, parts.validation.length, parts.test.length], [7, 1, 2]);
  assert.deepEqual(readLabelled(toCsv(parts.test)).labels, parts.test.map((row) => row[0]));
});

test('the random forest learns a simple function better than predicting the mean', () => {
  const features = Array.from({ length: 300 }, (_, i) => [i / 300, (i % 7) / 7]);
  const labels = features.map(([x, z]) => 10 * x! + (z! > 0.5 ? 3 : 0));
  const forest = fitForest(features, labels, { trees: 20 });
  const mean = labels.reduce((a, b) => a + b, 0) / labels.length;
  const forestMse = meanSquaredError(labels, features.map((row) => predict(forest, row)));
  assert.ok(forestMse < 0.1 * meanSquaredError(labels, labels.map(() => mean)), `forest mse ${forestMse}`);
});

test('the kernel ridge regression learns a smooth function, and the same seed gives the same model', () => {
  const features = Array.from({ length: 400 }, (_, i) => [(i % 20) / 10 - 1, Math.floor(i / 20) / 10 - 1]);
  const labels = features.map(([x, z]) => Math.sin(3 * x!) + z! * z!);
  const model = fitKernelRidge(features, labels, { components: 200, gamma: 1, alpha: 0.01 });
  const mean = labels.reduce((a, b) => a + b, 0) / labels.length;
  const kernelMse = meanSquaredError(labels, features.map((row) => predictKernelRidge(model, row)));
  assert.ok(kernelMse < 0.01 * meanSquaredError(labels, labels.map(() => mean)), `kernel ridge mse ${kernelMse}`);
  assert.deepEqual(fitKernelRidge(features, labels, { components: 200, gamma: 1, alpha: 0.01 }), model);
});

test("the training step's hyperparameters are model.ts's defaults: the pipeline trains the model that was chosen", () => {
  const definition = JSON.parse(JSON.stringify(getPipeline().definitionJson())) as {
    Steps: { Name: string; Arguments?: { HyperParameters?: Record<string, string> } }[];
  };
  const hyperparameters = definition.Steps.find((step) => step.Name === 'TrainAbaloneModel')?.Arguments?.HyperParameters ?? {};
  // Every setting is named, so none falls back to a default silently.
  assert.deepEqual(Object.keys(hyperparameters).sort(), [
    'forest_weight',
    'kernel_alpha',
    'kernel_components',
    'kernel_gamma',
    'max_bins',
    'max_depth',
    'max_features',
    'min_samples_leaf',
    'n_estimators',
    'seed',
  ]);
  assert.deepEqual(modelOptionsFromHyperparameters(hyperparameters), defaultModelOptions);
});

test('the model averages the forest and the kernel ridge with the forest weight, and survives JSON', () => {
  const features = Array.from({ length: 200 }, (_, i) => [i / 200, (i % 5) / 5]);
  const labels = features.map(([x, z]) => 4 * x! + z!);
  const options = { ...defaultModelOptions, forest: { ...defaultModelOptions.forest, trees: 10 }, kernelRidge: { ...defaultModelOptions.kernelRidge, components: 50 } };
  const model = JSON.parse(JSON.stringify(fitModel(features, labels, options))) as ReturnType<typeof fitModel>;
  const row = features[37]!;
  const expected = options.forestWeight * predict(model.forest, row) + (1 - options.forestWeight) * predictKernelRidge(model.kernelRidge, row);
  assert.ok(Math.abs(predictModel(model, row) - expected) < 1e-12);
  assert.ok(meanSquaredError(labels, features.map((r) => predictModel(model, r))) < 0.05);
});

test('evaluation writes the model quality statistics shape', () => {
  const report = regressionReport([1, 2, 3], [1, 2, 5]);
  assert.deepEqual(Object.keys(report.regression_metrics.mse).sort(), ['standard_deviation', 'value']);
  assert.ok(Math.abs(report.regression_metrics.mse.value - 4 / 3) < 1e-12);
  assert.ok(Math.abs(report.regression_metrics.mse.standard_deviation - Math.sqrt(8 / 9)) < 1e-12);
});

/** A port nobody listens on, for the inference program. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test('the inference program serves a trained model: GET /ping, and predictions for CSV and JSON rows', async () => {
  const records = parseAbalone(sample);
  const transform = fitTransform(records);
  const rows = records.map((record) => applyTransform(transform, record));
  const { features, labels } = readLabelled(toCsv(rows));
  const options = { ...defaultModelOptions, forest: { ...defaultModelOptions.forest, trees: 5 }, kernelRidge: { ...defaultModelOptions.kernelRidge, components: 20 } };
  const model = fitModel(features, labels, options);
  const modelDir = mkdtempSync(join(tmpdir(), 'abalone-model-'));
  writeFileSync(join(modelDir, 'model.json'), JSON.stringify(model));
  const port = await freePort();
  // The program as the endpoint runs it: model.json in SAGEMAKER_MODEL_DIR, the port in SAGEMAKER_BIND_TO_PORT.
  const server = spawn(process.execPath, ['scripts/ts.mjs', 'pipelines/abalone/inference.ts'], {
    env: { ...process.env, SAGEMAKER_MODEL_DIR: modelDir, SAGEMAKER_BIND_TO_PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    for (let attempt = 0; ; attempt++) {
      const answer = await fetch(`${url}/ping`).catch(() => undefined);
      if (answer?.ok) break;
      assert.ok(attempt < 100, 'the inference program answers /ping within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const few = features.slice(0, 3);
    const expected = few.map((row) => predictModel(model, row));
    const csv = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: toCsv(few) });
    assert.equal(csv.headers.get('content-type'), 'text/csv');
    assert.deepEqual((await csv.text()).trim().split('\n').map(Number), expected);
    const json = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ instances: few }) });
    assert.deepEqual(await json.json(), { predictions: expected });
    const short = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: '1,2,3\n' });
    assert.equal(short.status, 400);
    assert.equal(await short.text(), `row 1 must have ${features[0]!.length} numbers (the features without the label), got 3 values`);
  } finally {
    server.kill();
    rmSync(modelDir, { recursive: true, force: true });
  }
});
