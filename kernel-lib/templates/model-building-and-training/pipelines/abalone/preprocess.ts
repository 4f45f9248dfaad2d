// The processing step PreprocessAbaloneData: /opt/ml/processing/data (InputDataUrl) → train, validation, test.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyTransform, fitTransform, parseAbalone, shuffle, split, toCsv } from './features';

const base = '/opt/ml/processing';
const inputDir = join(base, 'data');
const file = readdirSync(inputDir).find((name) => !name.startsWith('.'));
if (file === undefined) throw new Error(`No data in ${inputDir}: set the InputDataUrl parameter to a copy of the abalone CSV`);

const records = parseAbalone(readFileSync(join(inputDir, file), 'utf8'));
const transform = fitTransform(records);
// Seeded (the original shuffles unseeded), so a run can be repeated and compared.
const rows = shuffle(records.map((record) => applyTransform(transform, record)), Number(process.env.SHUFFLE_SEED ?? '42'));
const parts = split(rows);
for (const [name, part] of Object.entries(parts)) {
  mkdirSync(join(base, name), { recursive: true });
  writeFileSync(join(base, name, `${name}.csv`), toCsv(part));
}
console.log(`${records.length} rows, sex categories ${transform.categories.join('/')}: ${parts.train.length} train, ${parts.validation.length} validation, ${parts.test.length} test`);
