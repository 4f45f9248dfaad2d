// The training job that each trial of TuneChurnModel runs, under SageMaker's contract: channels in SM_CHANNEL_*,
// hyperparameters.json (the tuned `degree` and `l2` among them), the model in SM_MODEL_DIR.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLabelled } from './features';
import { defaultLogisticOptions, fitLogistic, predictProbability } from './logistic';
import { areaUnderCurve, logLoss } from './metrics';

// SageMaker writes every hyperparameter as a string.
const hyperparameters = JSON.parse(readFileSync('/opt/ml/input/config/hyperparameters.json', 'utf8')) as Record<string, string>;
const number = (name: string, fallback: number): number => (hyperparameters[name] === undefined ? fallback : Number(hyperparameters[name]));
const options = {
  degree: number('degree', defaultLogisticOptions.degree),
  l2: number('l2', defaultLogisticOptions.l2),
  maxIterations: number('max_iterations', defaultLogisticOptions.maxIterations),
};

const train = readLabelled(readFileSync(join(process.env.SM_CHANNEL_TRAIN ?? '', 'train.csv'), 'utf8'));
const validation = readLabelled(readFileSync(join(process.env.SM_CHANNEL_VALIDATION ?? '', 'validation.csv'), 'utf8'));
const started = Date.now();
const model = fitLogistic(train.features, train.labels, options);
writeFileSync(join(process.env.SM_MODEL_DIR ?? '/opt/ml/model', 'model.json'), JSON.stringify(model));
const trainProbabilities = train.features.map((row) => predictProbability(model, row));
const validationProbabilities = validation.features.map((row) => predictProbability(model, row));
const accuracy = validation.labels.filter((label, i) => (validationProbabilities[i]! >= 0.5 ? 1 : 0) === label).length / validation.labels.length;
// The tuning objective and the other metric definitions read these lines from the log.
console.log(`degree ${options.degree}, l2 ${options.l2}: ${model.terms.length} terms, trained in ${Date.now() - started} ms`);
console.log(`train-logloss:${logLoss(train.labels, trainProbabilities).toFixed(5)}`);
console.log(`validation-logloss:${logLoss(validation.labels, validationProbabilities).toFixed(5)}`);
console.log(`validation-accuracy:${accuracy.toFixed(5)}`);
console.log(`validation-auc:${areaUnderCurve(validation.labels, validationProbabilities).toFixed(5)}`);
