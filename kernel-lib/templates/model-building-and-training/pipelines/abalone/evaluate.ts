// The processing step EvaluateAbaloneModel: unpack model.tar.gz, score the test split, write evaluation.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readLabelled } from './features';
import { predict, type AbaloneModel } from './model';
import { regressionReport } from './metrics';

const modelDir = '/opt/ml/processing/model';
execFileSync('tar', ['-xzf', `${modelDir}/model.tar.gz`, '-C', modelDir]);
const model = JSON.parse(readFileSync(`${modelDir}/model.json`, 'utf8')) as AbaloneModel;
const test = readLabelled(readFileSync('/opt/ml/processing/test/test.csv', 'utf8'));
const report = regressionReport(test.labels, test.features.map((row) => predict(model, row)));
mkdirSync('/opt/ml/processing/evaluation', { recursive: true });
writeFileSync('/opt/ml/processing/evaluation/evaluation.json', JSON.stringify(report, null, 2));
console.log(`test mse ${report.regression_metrics.mse.value.toFixed(4)} (standard deviation ${report.regression_metrics.mse.standard_deviation.toFixed(4)})`);
