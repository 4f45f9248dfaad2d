// The processing step EvaluateChurnModel: unpack the best trial's model.tar.gz, score the test split, write
// evaluation.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readLabelled } from './features';
import { predictProbability, type LogisticModel } from './logistic';
import { classificationReport } from './metrics';

const modelDir = '/opt/ml/processing/model';
execFileSync('tar', ['-xzf', `${modelDir}/model.tar.gz`, '-C', modelDir]);
const model = JSON.parse(readFileSync(`${modelDir}/model.json`, 'utf8')) as LogisticModel;
const test = readLabelled(readFileSync('/opt/ml/processing/test/test.csv', 'utf8'));
const report = classificationReport(test.labels, test.features.map((row) => predictProbability(model, row)));
mkdirSync('/opt/ml/processing/evaluation', { recursive: true });
writeFileSync('/opt/ml/processing/evaluation/evaluation.json', JSON.stringify(report, null, 2));
const { accuracy, auc } = report.binary_classification_metrics;
console.log(`degree ${model.degree}: test accuracy ${accuracy.value.toFixed(4)} (standard deviation ${accuracy.standard_deviation.toFixed(4)}), AUC ${auc.value.toFixed(4)}`);
