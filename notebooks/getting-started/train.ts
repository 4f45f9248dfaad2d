// The training step, under SageMaker's contract: channels in SM_CHANNEL_*, hyperparameters.json, the model in SM_MODEL_DIR.
import { readFileSync, writeFileSync } from 'node:fs';
import { fit, meanSquaredError, readRows } from './linear';

const hyperparameters = JSON.parse(readFileSync('/opt/ml/input/config/hyperparameters.json', 'utf8')) as Record<string, string>;
const ridge = Number(hyperparameters.ridge ?? '0');
const train = readRows(readFileSync(`${process.env.SM_CHANNEL_TRAIN}/train.csv`, 'utf8'));
const validation = readRows(readFileSync(`${process.env.SM_CHANNEL_VALIDATION}/validation.csv`, 'utf8'));
const weights = fit(train, ridge);
writeFileSync(`${process.env.SM_MODEL_DIR}/model.json`, JSON.stringify({ weights, ridge }));
// The pipeline's metric definitions pick these lines out of the log.
console.log(`train-mse:${meanSquaredError(weights, train).toFixed(6)}`);
console.log(`validation-mse:${meanSquaredError(weights, validation).toFixed(6)}`);
