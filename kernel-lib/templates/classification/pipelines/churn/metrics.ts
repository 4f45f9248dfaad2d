// Binary classification metrics, and evaluation.json in SageMaker's model quality statistics shape for a binary
// classifier: {"binary_classification_metrics": {"accuracy": {"value", "standard_deviation"}, …}}.
import { seededRandom } from './random';

export interface MetricValue {
  value: number;
  standard_deviation: number;
}

export interface EvaluationReport {
  binary_classification_metrics: {
    /** Counts by actual label, then by predicted label. */
    confusion_matrix: Record<'0' | '1', Record<'0' | '1', number>>;
    accuracy: MetricValue;
    precision: MetricValue;
    recall: MetricValue;
    f1: MetricValue;
    auc: MetricValue;
  };
}

/** Mean negative log-likelihood of the labels under the predicted probabilities. */
export function logLoss(labels: readonly number[], probabilities: readonly number[]): number {
  const clip = (p: number): number => Math.min(Math.max(p, 1e-15), 1 - 1e-15);
  return -labels.reduce((sum, y, i) => sum + (y === 1 ? Math.log(clip(probabilities[i]!)) : Math.log(1 - clip(probabilities[i]!))), 0) / labels.length;
}

/** The area under the ROC curve: the chance that a random positive scores above a random negative (ties count half). */
export function areaUnderCurve(labels: readonly number[], scores: readonly number[]): number {
  const order = scores.map((score, i) => ({ score, label: labels[i]! })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && order[end]!.score === order[start]!.score) end++;
    const meanRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      if (order[i]!.label === 1) {
        rankSum += meanRank;
        positives += 1;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

interface PointMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
}

function pointMetrics(labels: readonly number[], probabilities: readonly number[], threshold: number): PointMetrics & { confusion: number[][] } {
  const confusion = [
    [0, 0],
    [0, 0],
  ];
  for (const [i, y] of labels.entries()) confusion[y]![probabilities[i]! >= threshold ? 1 : 0]! += 1;
  const [[tn, fp], [fn, tp]] = confusion as [[number, number], [number, number]];
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return {
    confusion,
    accuracy: (tp + tn) / labels.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    auc: areaUnderCurve(labels, probabilities),
  };
}

/** The metrics at `threshold`, each with its standard deviation over seeded bootstrap resamples of the rows. */
export function classificationReport(labels: readonly number[], probabilities: readonly number[], threshold = 0.5, resamples = 100): EvaluationReport {
  const point = pointMetrics(labels, probabilities, threshold);
  const random = seededRandom(0);
  const names = ['accuracy', 'precision', 'recall', 'f1', 'auc'] as const;
  const samples: Record<(typeof names)[number], number[]> = { accuracy: [], precision: [], recall: [], f1: [], auc: [] };
  for (let s = 0; s < resamples; s++) {
    const picked = Array.from({ length: labels.length }, () => Math.floor(random() * labels.length));
    const metrics = pointMetrics(picked.map((i) => labels[i]!), picked.map((i) => probabilities[i]!), threshold);
    for (const name of names) if (Number.isFinite(metrics[name])) samples[name].push(metrics[name]);
  }
  const deviation = (values: number[]): number => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length);
  };
  const metric = (name: (typeof names)[number]): MetricValue => ({ value: point[name], standard_deviation: deviation(samples[name]) });
  const [[tn, fp], [fn, tp]] = point.confusion as [[number, number], [number, number]];
  return {
    binary_classification_metrics: {
      confusion_matrix: { '0': { '0': tn, '1': fp }, '1': { '0': fn, '1': tp } },
      accuracy: metric('accuracy'),
      precision: metric('precision'),
      recall: metric('recall'),
      f1: metric('f1'),
      auc: metric('auc'),
    },
  };
}
