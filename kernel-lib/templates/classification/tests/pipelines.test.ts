// The seed's own tests: `npm test` (node's test runner, no AWS, no service). They check that the pipeline builds
// and its definition validates, and that the data, training and evaluation code works on small samples.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateDefinition } from 'sluice';
import { contracts, datasetColumns, generateCustomers, toDatasetCsv } from '../pipelines/churn/dataset';
import { encode, fitScaler, readLabelled, shuffle, split, toCsv } from '../pipelines/churn/features';
import { fitLogistic, polynomialTerms, predictProbability } from '../pipelines/churn/logistic';
import { areaUnderCurve, classificationReport, logLoss } from '../pipelines/churn/metrics';
import { getPipeline } from '../pipelines/churn/pipeline';

test('the pipeline builds, with its parameters, a grid tuning step and the accuracy condition, and its definition validates', () => {
  const pipeline = getPipeline({ pipelineName: 'TestPipeline', modelPackageGroupName: 'TestGroup', defaultBucket: 'bucket' });
  validateDefinition(pipeline.definitionJson());
  // As JSON text, the way the service receives it.
  const definition = JSON.parse(JSON.stringify(pipeline.definitionJson())) as { Parameters: { Name: string; DefaultValue?: unknown }[]; Steps: { Name: string; Type: string; Arguments: Record<string, unknown> }[] };
  const parameters = Object.fromEntries(definition.Parameters.map((p) => [p.Name, p.DefaultValue]));
  assert.deepEqual(Object.keys(parameters).sort(), ['AccuracyThreshold', 'DataSeed', 'ModelApprovalStatus', 'ProcessingInstanceType', 'SampleCount', 'TrainingInstanceType']);
  assert.equal(parameters.AccuracyThreshold, 0.8);
  assert.deepEqual(definition.Steps.map((s) => [s.Name, s.Type]), [
    ['PrepareChurnData', 'Processing'],
    ['TuneChurnModel', 'Tuning'],
    ['EvaluateChurnModel', 'Processing'],
    ['CheckAccuracyChurnEvaluation', 'Condition'],
  ]);
  const tuning = definition.Steps[1]!.Arguments as { HyperParameterTuningJobConfig: { Strategy: string; HyperParameterTuningJobObjective: unknown; ParameterRanges: Record<string, unknown> } };
  assert.equal(tuning.HyperParameterTuningJobConfig.Strategy, 'Grid');
  assert.deepEqual(tuning.HyperParameterTuningJobConfig.HyperParameterTuningJobObjective, { Type: 'Maximize', MetricName: 'validation:auc' });
  assert.deepEqual(tuning.HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges, [{ Name: 'degree', MinValue: '1', MaxValue: '3', ScalingType: 'Auto' }]);
  const text = JSON.stringify(definition);
  assert.match(text, /"Name":"RegisterChurnModel/);
  assert.match(text, /"Name":"ChurnAccuracyFail","Type":"Fail"/);
  assert.match(text, /"Path":"binary_classification_metrics.accuracy.value"/);
});

test('the data set is the same for the same seed, churns about a quarter of the customers, and is written with a header', () => {
  const customers = generateCustomers(2000, 7);
  assert.deepEqual(generateCustomers(2000, 7), customers);
  assert.notDeepEqual(generateCustomers(2000, 8), customers);
  const rate = customers.filter((c) => c.churned === 1).length / customers.length;
  assert.ok(rate > 0.15 && rate < 0.45, `churn rate ${rate}`);
  assert.deepEqual(new Set(customers.map((c) => c.contract)), new Set(contracts));
  const lines = toDatasetCsv(customers.slice(0, 3)).trim().split('\n');
  assert.equal(lines[0], datasetColumns.join(','));
  assert.equal(lines.length, 4);
});

test('preprocessing scales with the training split, one-hot encodes the contract and puts the label first', () => {
  const parts = split(shuffle(generateCustomers(100, 1), 42));
  assert.deepEqual([parts.train.length, parts.validation.length, parts.test.length], [70, 15, 15]);
  const scaler = fitScaler(parts.train);
  const rows = parts.train.map((customer) => encode(scaler, customer));
  assert.equal(rows[0]!.length, 1 + 4 + 3);
  assert.equal(rows[0]![0], parts.train[0]!.churned);
  for (const row of rows) assert.equal(row[5]! + row[6]! + row[7]!, 1, 'one contract column is set');
  for (let column = 1; column <= 4; column++) {
    const mean = rows.reduce((sum, row) => sum + row[column]!, 0) / rows.length;
    assert.ok(Math.abs(mean) < 1e-9, `column ${column} is centred`);
  }
  assert.deepEqual(readLabelled(toCsv(rows)).labels, rows.map((row) => row[0]));
});

test('logistic regression: degree 2 learns a circular boundary that a linear model cannot', () => {
  const features = Array.from({ length: 400 }, (_, i) => [((i % 20) - 9.5) / 5, (Math.floor(i / 20) - 9.5) / 5]);
  const labels = features.map(([x, y]) => (x! * x! + y! * y! < 1.5 ? 1 : 0));
  assert.equal(polynomialTerms(2, 2).length, 5, 'x, y, x², xy, y²');
  const loss = (degree: number): number => {
    const model = fitLogistic(features, labels, { degree, l2: 0.01 });
    return logLoss(labels, features.map((row) => predictProbability(model, row)));
  };
  assert.ok(loss(1) > 0.6, `linear log loss ${loss(1)}`);
  assert.ok(loss(2) < 0.2, `quadratic log loss ${loss(2)}`);
});

test('evaluation writes the binary classification statistics shape', () => {
  assert.equal(areaUnderCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  const report = classificationReport([1, 0, 1, 1, 0, 0], [0.9, 0.2, 0.4, 0.7, 0.6, 0.1]);
  const metrics = report.binary_classification_metrics;
  assert.deepEqual(metrics.confusion_matrix, { '0': { '0': 2, '1': 1 }, '1': { '0': 1, '1': 2 } });
  assert.equal(metrics.accuracy.value, 4 / 6);
  assert.equal(metrics.precision.value, 2 / 3);
  assert.equal(metrics.recall.value, 2 / 3);
  for (const name of ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const) assert.ok(metrics[name].standard_deviation > 0, `${name} has a standard deviation`);
});
