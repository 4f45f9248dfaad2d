// The staging test: the staging endpoint answers the test split of the run that made the version, and its error is
// the error the pipeline measured for that version (so it serves that model, with the same features, correctly).
import { ModelPackage, type Predictor, type Session } from 'sluice';
import type { ModelPackageSummary } from '@aws-sdk/client-sagemaker';
import { regressionReport } from '../pipelines/abalone/metrics';
import { evaluationOf, testSplitOf } from './lineage';

/** Why the endpoint's predictions fail the test, or undefined when they pass. */
export function stagingErrorProblem(labels: readonly number[], predictions: readonly number[], evaluatedMse: number, tolerance = 1e-6): string | undefined {
  if (predictions.length !== labels.length) return `the endpoint answered ${predictions.length} predictions for ${labels.length} rows`;
  const mse = regressionReport(labels, predictions).regression_metrics.mse.value;
  if (!(Math.abs(mse - evaluatedMse) <= tolerance * Math.max(1, evaluatedMse))) {
    return `staging MSE ${mse.toFixed(4)} on ${labels.length} test rows differs from the evaluation's ${evaluatedMse.toFixed(4)}`;
  }
  return undefined;
}

/** What ApprovalDeployment runs once staging serves a version: throwing fails the version's staging test. */
export function abaloneStagingTest(session: Session): (predictor: Predictor, version: ModelPackageSummary) => Promise<void> {
  return async (predictor, summary) => {
    const version = await new ModelPackage(summary.ModelPackageArn ?? '', session).describe();
    const [split, evaluation] = await Promise.all([testSplitOf(session, version), evaluationOf(session, version)]);
    const problem = stagingErrorProblem(split.labels, await predictor.predict(split.features), evaluation.regression_metrics.mse.value);
    if (problem !== undefined) throw new Error(problem);
  };
}
