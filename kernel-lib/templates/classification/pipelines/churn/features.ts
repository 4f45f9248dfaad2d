// The data set as the training step reads it: a seeded shuffle, a 70/15/15 split, the 4 numeric columns scaled
// with the training split's means and standard deviations, `contract` one-hot, the label (churned) first, no header.
import { contracts, type Customer } from './dataset';
import { seededRandom } from './random';

/** Means and standard deviations of the numeric columns, learned from the training split. */
export interface Scaler {
  readonly means: number[];
  readonly deviations: number[];
}

const numbers = (c: Customer): number[] => [c.tenureMonths, c.monthlyCharges, c.supportCalls, c.age];

export function fitScaler(customers: readonly Customer[]): Scaler {
  const rows = customers.map(numbers);
  const width = 4;
  const count = Math.max(rows.length, 1);
  const means = Array.from({ length: width }, (_, f) => rows.reduce((sum, row) => sum + row[f]!, 0) / count);
  const deviations = means.map((mean, f) => {
    const variance = rows.reduce((sum, row) => sum + (row[f]! - mean) ** 2, 0) / count;
    return variance === 0 ? 1 : Math.sqrt(variance);
  });
  return { means, deviations };
}

/** One output row: churned, the 4 scaled numbers, then one column per contract. */
export function encode(scaler: Scaler, customer: Customer): number[] {
  const scaled = numbers(customer).map((value, f) => (value - scaler.means[f]!) / scaler.deviations[f]!);
  return [customer.churned, ...scaled, ...contracts.map((contract) => (contract === customer.contract ? 1 : 0))];
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

/** 70% / 15% / 15% at int(0.7n) and int(0.85n). */
export function split<T>(rows: readonly T[]): { train: T[]; validation: T[]; test: T[] } {
  const trainEnd = Math.floor(rows.length * 0.7);
  const validationEnd = Math.floor(rows.length * 0.85);
  return { train: rows.slice(0, trainEnd), validation: rows.slice(trainEnd, validationEnd), test: rows.slice(validationEnd) };
}

/** Rows as CSV without a header. */
export const toCsv = (rows: readonly (readonly number[])[]): string => rows.map((row) => row.join(',')).join('\n') + '\n';

/** Rows written by toCsv → labels and features. */
export function readLabelled(text: string): { labels: number[]; features: number[][] } {
  const rows = text.split('\n').filter((line) => line.trim() !== '').map((line) => line.split(',').map(Number));
  return { labels: rows.map((row) => row[0]!), features: rows.map((row) => row.slice(1)) };
}
