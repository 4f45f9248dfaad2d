// evaluation.json in SageMaker's model quality statistics shape, as the seed's evaluate.py writes it.

export interface EvaluationReport {
  regression_metrics: { mse: { value: number; standard_deviation: number } };
}

/** mse = mean((y - ŷ)²); standard_deviation = np.std(y - ŷ) (population, as numpy). */
export function regressionReport(labels: readonly number[], predictions: readonly number[]): EvaluationReport {
  const residuals = labels.map((label, i) => label - predictions[i]!);
  const mse = residuals.reduce((sum, e) => sum + e * e, 0) / residuals.length;
  const mean = residuals.reduce((sum, e) => sum + e, 0) / residuals.length;
  const standardDeviation = Math.sqrt(residuals.reduce((sum, e) => sum + (e - mean) ** 2, 0) / residuals.length);
  return { regression_metrics: { mse: { value: mse, standard_deviation: standardDeviation } } };
}
