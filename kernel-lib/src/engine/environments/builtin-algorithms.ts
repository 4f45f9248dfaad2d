/**
 * SageMaker's built-in algorithms that run here: programs shipped in `kernel-lib/containers/<name>/`, run
 * with the image's environment, and the metric definitions SageMaker gives their training jobs.
 */
import { fileURLToPath } from 'node:url';
import type { JsonObject } from '../definition.js';

export type BuiltinAlgorithm = 'xgboost';

/** The algorithm's programs: `train.py` (training) and `serve.py` (inference), the same depth from src/ and dist/. */
export function builtinProgram(algorithm: BuiltinAlgorithm, program: 'train' | 'serve'): string {
  return fileURLToPath(new URL(`../../../containers/${algorithm}/${program}.py`, import.meta.url));
}

/** The evaluation metrics the XGBoost container logs (its xgb_constants), each as `train:` and `validation:`. */
const XGBOOST_METRICS = [
  'accuracy',
  'auc',
  'aucpr',
  'balanced_accuracy',
  'f1',
  'f1_binary',
  'f1_macro',
  'map',
  'ndcg',
  'precision',
  'r2',
  'recall',
  'precision_macro',
  'precision_micro',
  'recall_macro',
  'recall_micro',
  'aft-nloglik',
  'cox-nloglik',
  'error',
  'gamma-deviance',
  'gamma-nloglik',
  'interval-regression-accuracy',
  'logloss',
  'mae',
  'mape',
  'merror',
  'mlogloss',
  'mphe',
  'mse',
  'poisson-nloglik',
  'rmse',
  'rmsle',
  'tweedie-nloglik',
];

/**
 * The algorithm's metric definitions (named as the container's algorithm_mode/metrics.py names them): they read
 * the per-round lines `[3]#011train-rmse:2.1#011validation-rmse:2.3`, where #011 is a tab as CloudWatch writes
 * it. The value is captured as a number, not `\S+`, because `train-…` is followed by `#011`, not a space.
 */
export const xgboostMetricDefinitions: JsonObject[] = ['train', 'validation'].flatMap((channel) =>
  XGBOOST_METRICS.map((metric) => ({
    Name: `${channel}:${metric}`,
    Regex: `.*\\[[0-9]+\\].*#011${channel}-${metric}:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*`,
  })),
);
