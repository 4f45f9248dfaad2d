// The abalone data as the seed's preprocess.py shapes it: impute, scale the 7 numeric columns, one-hot
// `sex`, a seeded shuffle, a 70/15/15 split, the label (rings) first and no header.
import { seededRandom } from './random';

export const numericColumns = ['length', 'diameter', 'height', 'whole_weight', 'shucked_weight', 'viscera_weight', 'shell_weight'] as const;

export interface AbaloneRecord {
  readonly sex: string | undefined;
  /** The 7 numeric features; undefined where the file has no value. */
  readonly numbers: readonly (number | undefined)[];
  readonly rings: number;
}

const valueOf = (text: string | undefined): number | undefined => {
  const trimmed = text?.trim() ?? '';
  const value = Number(trimmed);
  return trimmed === '' || trimmed === '?' || !Number.isFinite(value) ? undefined : value;
};

/** Reads the CSV: `sex, 7 numbers, rings`. A header line (as in a copy with column names) is skipped. */
export function parseAbalone(text: string): AbaloneRecord[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const records: AbaloneRecord[] = [];
  for (const [index, line] of lines.entries()) {
    const fields = line.split(',');
    const rings = valueOf(fields[8]);
    if (rings === undefined) {
      if (index === 0) continue; // the header
      throw new Error(`line ${index + 1} has no rings value: ${line}`);
    }
    const sex = fields[0]?.trim();
    records.push({ sex: sex === '' || sex === '?' ? undefined : sex, numbers: numericColumns.map((_, i) => valueOf(fields[i + 1])), rings });
  }
  return records;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** What the transform learned from the data: medians, means, standard deviations and the `sex` categories. */
export interface Transform {
  readonly medians: number[];
  readonly means: number[];
  readonly deviations: number[];
  readonly categories: string[];
}

/** SimpleImputer(median) → StandardScaler on the numbers; SimpleImputer("missing") → OneHotEncoder on sex. */
export function fitTransform(records: readonly AbaloneRecord[]): Transform {
  const medians = numericColumns.map((_, column) => median(records.flatMap((r) => (r.numbers[column] === undefined ? [] : [r.numbers[column]!]))));
  const imputed = records.map((r) => r.numbers.map((value, column) => value ?? medians[column]!));
  const means = numericColumns.map((_, column) => imputed.reduce((sum, row) => sum + row[column]!, 0) / Math.max(imputed.length, 1));
  const deviations = numericColumns.map((_, column) => {
    const variance = imputed.reduce((sum, row) => sum + (row[column]! - means[column]!) ** 2, 0) / Math.max(imputed.length, 1);
    // A constant column is left unscaled, as StandardScaler does.
    return variance === 0 ? 1 : Math.sqrt(variance);
  });
  const categories = [...new Set(records.map((r) => r.sex ?? 'missing'))].sort();
  return { medians, means, deviations, categories };
}

/** One output row: rings, the 7 scaled numbers, then one column per category (all 0 for an unseen one). */
export function applyTransform(transform: Transform, record: AbaloneRecord): number[] {
  const scaled = record.numbers.map((value, column) => ((value ?? transform.medians[column]!) - transform.means[column]!) / transform.deviations[column]!);
  const sex = record.sex ?? 'missing';
  return [record.rings, ...scaled, ...transform.categories.map((category) => (category === sex ? 1 : 0))];
}

/** Fisher–Yates with a seeded generator: the same seed gives the same split. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const shuffled = [...items];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled;
}

/** 70% / 15% / 15% at int(0.7n) and int(0.85n), as the seed splits. */
export function split<T>(rows: readonly T[]): { train: T[]; validation: T[]; test: T[] } {
  const trainEnd = Math.floor(rows.length * 0.7);
  const validationEnd = Math.floor(rows.length * 0.85);
  return { train: rows.slice(0, trainEnd), validation: rows.slice(trainEnd, validationEnd), test: rows.slice(validationEnd) };
}

/** Rows as CSV without a header. */
export const toCsv = (rows: readonly (readonly number[])[]): string => rows.map((row) => row.join(',')).join('\n') + '\n';

/** Rows written by toCsv → label and features. */
export function readLabelled(text: string): { labels: number[]; features: number[][] } {
  const rows = text.split('\n').filter((line) => line.trim() !== '').map((line) => line.split(',').map(Number));
  return { labels: rows.map((row) => row[0]!), features: rows.map((row) => row.slice(1)) };
}
