// Abalone as the built-in XGBoost algorithm reads it: rings (the label) first, sex one-hot, no header.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

export const abaloneFile = join(repoRoot, '..', 'shared', 'data', 'abalone.csv');

/** Rows as numbers: [rings, male, female, infant, length, …, shell weight]. */
export function abaloneRows(): number[][] {
  return readFileSync(abaloneFile, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .map(([sex, ...rest]) => [Number(rest[7]), sex === 'M' ? 1 : 0, sex === 'F' ? 1 : 0, sex === 'I' ? 1 : 0, ...rest.slice(0, 7).map(Number)]);
}

export const toCsv = (rows: number[][]): string => rows.map((row) => row.join(',')).join('\n') + '\n';

/** libsvm: `label index:value …`, zero-valued features left out. */
export const toLibsvm = (rows: number[][]): string =>
  rows.map(([label, ...features]) => [label, ...features.flatMap((value, index) => (value === 0 ? [] : [`${index}:${value}`]))].join(' ')).join('\n') + '\n';

/** Train, validation and test splits, in the file's order (the seed code shuffles; a fixed split keeps tests repeatable). */
export function abaloneSplits(): { train: number[][]; validation: number[][]; test: number[][] } {
  const rows = abaloneRows();
  return { train: rows.slice(0, 2900), validation: rows.slice(2900, 3500), test: rows.slice(3500) };
}
