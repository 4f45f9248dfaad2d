// The processing step: read the CSV the notebook uploaded, shuffle it the same way every time, split 70/15/15.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const inputDir = '/opt/ml/processing/input';
const file = readdirSync(inputDir).find((name) => name.endsWith('.csv'));
if (!file) throw new Error(`no CSV file in ${inputDir}`);
const [header, ...rows] = readFileSync(join(inputDir, file), 'utf8').trim().split('\n');
console.log(`read ${rows.length} rows with columns ${header}`);

let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
for (let i = rows.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  [rows[i], rows[j]] = [rows[j], rows[i]];
}
const trainEnd = Math.floor(rows.length * 0.7);
const validationEnd = Math.floor(rows.length * 0.85);
const splits: Record<string, string[]> = { train: rows.slice(0, trainEnd), validation: rows.slice(trainEnd, validationEnd), test: rows.slice(validationEnd) };
for (const [name, part] of Object.entries(splits)) {
  mkdirSync(`/opt/ml/processing/${name}`, { recursive: true });
  writeFileSync(`/opt/ml/processing/${name}/${name}.csv`, part.join('\n') + '\n');
  console.log(`${name}: ${part.length} rows`);
}
