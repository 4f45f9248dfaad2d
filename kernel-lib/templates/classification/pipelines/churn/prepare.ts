// The processing step PrepareChurnData: generate the data set (SampleCount rows from DataSeed), keep a copy with
// a header in `dataset`, and write the train, validation and test splits, scaled, the label first, no header.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCustomers, toDatasetCsv } from './dataset';
import { encode, fitScaler, shuffle, split, toCsv } from './features';

/** `--samples N --seed S`, as the pipeline passes them. */
function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? undefined : Number(process.argv[at + 1]);
  if (value !== undefined && !Number.isInteger(value)) throw new Error(`--${name} must be a whole number, not ${process.argv[at + 1]}`);
  return value ?? fallback;
}

const base = '/opt/ml/processing';
const customers = generateCustomers(argument('samples', 5000), argument('seed', 0));
const parts = split(shuffle(customers, 42));
// Scaled with the training split's statistics only, so nothing of the test split leaks into training.
const scaler = fitScaler(parts.train);
mkdirSync(join(base, 'dataset'), { recursive: true });
writeFileSync(join(base, 'dataset', 'customers.csv'), toDatasetCsv(customers));
for (const [name, part] of Object.entries(parts)) {
  mkdirSync(join(base, name), { recursive: true });
  writeFileSync(join(base, name, `${name}.csv`), toCsv(part.map((customer) => encode(scaler, customer))));
}
const churned = customers.filter((customer) => customer.churned === 1).length;
console.log(`${customers.length} customers, ${((100 * churned) / customers.length).toFixed(1)}% churned: ${parts.train.length} train, ${parts.validation.length} validation, ${parts.test.length} test`);
