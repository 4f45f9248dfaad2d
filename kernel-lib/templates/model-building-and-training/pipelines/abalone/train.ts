// The training step TrainAbaloneModel, under SageMaker's contract: channels in SM_CHANNEL_*, hyperparameters.json,
// the model in SM_MODEL_DIR (packed into model.tar.gz afterwards).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelled } from './features';
import { defaultForestOptions, fitForest, meanSquaredError, predict, type ForestOptions } from './forest';

const hyperparameters = JSON.parse(readFileSync('/opt/ml/input/config/hyperparameters.json', 'utf8')) as Record<string, string>;
const number = (name: string, fallback: number): number => (hyperparameters[name] === undefined ? fallback : Number(hyperparameters[name]));
const options: ForestOptions = {
  trees: number('n_estimators', defaultForestOptions.trees),
  maxDepth: number('max_depth', defaultForestOptions.maxDepth),
  minSamplesLeaf: number('min_samples_leaf', defaultForestOptions.minSamplesLeaf),
  maxFeatures: number('max_features', defaultForestOptions.maxFeatures),
  maxBins: number('max_bins', defaultForestOptions.maxBins),
  seed: number('seed', defaultForestOptions.seed),
};

const train = readLabelled(readFileSync(join(process.env.SM_CHANNEL_TRAIN ?? '', 'train.csv'), 'utf8'));
const validation = readLabelled(readFileSync(join(process.env.SM_CHANNEL_VALIDATION ?? '', 'validation.csv'), 'utf8'));
const started = Date.now();
const forest = fitForest(train.features, train.labels, options);
writeFileSync(join(process.env.SM_MODEL_DIR ?? '/opt/ml/model', 'model.json'), JSON.stringify(forest));
// The pipeline's metric definitions read these lines from the log, like XGBoost's "[0]#011validation-rmse:…".
console.log(`trained ${options.trees} trees in ${Date.now() - started} ms`);
console.log(`train-mse:${meanSquaredError(train.labels, train.features.map((row) => predict(forest, row))).toFixed(4)}`);
console.log(`validation-mse:${meanSquaredError(validation.labels, validation.features.map((row) => predict(forest, row))).toFixed(4)}`);
