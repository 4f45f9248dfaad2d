// The evaluation step: unpack the model, score the test split, write evaluation.json (the pipeline's property file).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { meanSquaredError, readRows } from './linear';

execFileSync('tar', ['-xzf', '/opt/ml/processing/model/model.tar.gz', '-C', '/opt/ml/processing/model']);
const { weights } = JSON.parse(readFileSync('/opt/ml/processing/model/model.json', 'utf8')) as { weights: number[] };
const test = readRows(readFileSync('/opt/ml/processing/test/test.csv', 'utf8'));
const mse = meanSquaredError(weights, test);
mkdirSync('/opt/ml/processing/evaluation', { recursive: true });
writeFileSync('/opt/ml/processing/evaluation/evaluation.json', JSON.stringify({ regression_metrics: { mse: { value: mse } } }, null, 2));
console.log(`test mse ${mse.toFixed(6)}`);
