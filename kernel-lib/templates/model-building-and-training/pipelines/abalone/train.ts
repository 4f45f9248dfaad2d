// The training step TrainAbaloneModel, under SageMaker's contract: channels in SM_CHANNEL_*, hyperparameters.json,
// the model in SM_MODEL_DIR (packed into model.tar.gz afterwards).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelled } from './features';
import { meanSquaredError } from './forest';
import { fitModel, modelOptionsFromHyperparameters, predict } from './model';

// SageMaker writes every hyperparameter as a string.
const hyperparameters = JSON.parse(readFileSync('/opt/ml/input/config/hyperparameters.json', 'utf8')) as Record<string, string>;
const options = modelOptionsFromHyperparameters(hyperparameters);

const train = readLabelled(readFileSync(join(process.env.SM_CHANNEL_TRAIN ?? '', 'train.csv'), 'utf8'));
const validation = readLabelled(readFileSync(join(process.env.SM_CHANNEL_VALIDATION ?? '', 'validation.csv'), 'utf8'));
const started = Date.now();
const model = fitModel(train.features, train.labels, options);
writeFileSync(join(process.env.SM_MODEL_DIR ?? '/opt/ml/model', 'model.json'), JSON.stringify(model));
// The pipeline's metric definitions read these lines from the log, like XGBoost's "[0]#011validation-rmse:…".
console.log(`trained ${options.forest.trees} trees and ${options.kernelRidge.components} kernel features in ${Date.now() - started} ms`);
console.log(`train-mse:${meanSquaredError(train.labels, train.features.map((row) => predict(model, row))).toFixed(4)}`);
console.log(`validation-mse:${meanSquaredError(validation.labels, validation.features.map((row) => predict(model, row))).toFixed(4)}`);
