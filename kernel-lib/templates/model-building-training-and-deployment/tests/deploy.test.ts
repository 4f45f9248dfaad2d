// The deploy code's own tests: `npm test` (no AWS, no service). Endpoint names, the staging test's check, what the
// deploy CLI prints and refuses. The flow against real endpoints is what `npm run deploy` does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { deployConfig } from '../deploy/config';
import { describeAction } from '../deploy/flow';
import { stagingErrorProblem } from '../deploy/staging-test';
import { regressionReport } from '../pipelines/abalone/metrics';

test('the endpoints are <project>-staging and <project>-prod, following the project model group', () => {
  const config = deployConfig({ ProjectName: 'abalone', ProjectId: 'p-0123456789ab', PipelineName: 'abalone-p-0123456789ab', ModelPackageGroupName: 'abalone-p-0123456789ab' });
  assert.deepEqual(config, { modelPackageGroupName: 'abalone-p-0123456789ab', stagingEndpoint: 'abalone-staging', prodEndpoint: 'abalone-prod', instanceType: 'ml.m5.large' });
});

test('the staging test passes when the endpoint reproduces the evaluated error, and says why when it does not', () => {
  const labels = [9, 10, 7, 15, 12];
  const predictions = [9.5, 9.2, 7.4, 13.1, 12.3];
  const evaluated = regressionReport(labels, predictions).regression_metrics.mse.value;
  assert.equal(stagingErrorProblem(labels, predictions, evaluated), undefined);
  assert.equal(stagingErrorProblem(labels, [0, 0, 0, 0, 0], evaluated), `staging MSE 119.8000 on 5 test rows differs from the evaluation's ${evaluated.toFixed(4)}`);
  assert.equal(stagingErrorProblem(labels, predictions.slice(1), evaluated), 'the endpoint answered 4 predictions for 5 rows');
  assert.match(stagingErrorProblem(labels, [Number.NaN, 0, 0, 0, 0], evaluated) ?? '', /^staging MSE NaN/);
});

test('each change of the endpoints is one line', () => {
  assert.equal(describeAction({ kind: 'deployed', endpoint: 'abalone-staging', version: 2, previous: 1 }), 'abalone-staging: serves version 2 (was 1)');
  assert.equal(describeAction({ kind: 'staging-test', version: 2, passed: false, detail: 'staging MSE 9 differs' }), 'staging test of version 2: failed: staging MSE 9 differs');
  assert.equal(describeAction({ kind: 'removed', endpoint: 'abalone-prod', previous: 1 }), 'abalone-prod: deleted (served version 1, which is no longer approved)');
});

test('the deploy CLI refuses an unknown option with its usage', () => {
  const run = spawnSync(process.execPath, ['scripts/ts.mjs', 'deploy/deploy.ts', '--approve-everything'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /Unknown option '--approve-everything'/);
  assert.match(run.stderr, /Usage: deploy/);
});
