// The data set: customers of a made-up subscription service and whether they left (churned), generated from a
// seed, so every run and every test sees the same rows without a download. Churn depends on the features through
// a known formula with a curved age effect and an interaction of calls and charges, so a model with quadratic
// terms can beat a linear one, which is what the tuning step finds out.
import { seededRandom } from './random';

export const contracts = ['month-to-month', 'one-year', 'two-year'] as const;
export type Contract = (typeof contracts)[number];

export interface Customer {
  readonly tenureMonths: number;
  readonly monthlyCharges: number;
  readonly supportCalls: number;
  readonly age: number;
  readonly contract: Contract;
  /** 1 when the customer left. */
  readonly churned: 0 | 1;
}

/** The CSV header of the data set, in the order toDatasetCsv writes the columns. */
export const datasetColumns = ['tenure_months', 'monthly_charges', 'support_calls', 'age', 'contract', 'churned'] as const;

/** The log-odds of churn for a customer: what the model has to learn. */
export function churnLogOdds(c: Omit<Customer, 'churned'>): number {
  const contractEffect = { 'month-to-month': 0, 'one-year': -1.1, 'two-year': -2.3 }[c.contract];
  const charges = (c.monthlyCharges - 70) / 10;
  return -0.3 - 0.045 * c.tenureMonths + 0.3 * charges + 0.45 * c.supportCalls + contractEffect + 0.0015 * (c.age - 45) ** 2 + 0.12 * c.supportCalls * charges;
}

export function generateCustomers(count: number, seed: number): Customer[] {
  const random = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Knuth's method: fine for a small mean.
  const poisson = (mean: number): number => {
    const limit = Math.exp(-mean);
    let k = 0;
    for (let p = random(); p > limit; p *= random()) k += 1;
    return k;
  };
  const customers: Customer[] = [];
  for (let i = 0; i < count; i++) {
    const draw = random();
    const contract: Contract = draw < 0.55 ? 'month-to-month' : draw < 0.8 ? 'one-year' : 'two-year';
    const customer = {
      tenureMonths: 1 + Math.floor(random() * 72),
      monthlyCharges: Math.round(Math.min(130, Math.max(18, 70 + 25 * normal())) * 100) / 100,
      supportCalls: poisson(1.5),
      age: 18 + Math.floor(random() * 63),
      contract,
    };
    customers.push({ ...customer, churned: random() < 1 / (1 + Math.exp(-churnLogOdds(customer))) ? 1 : 0 });
  }
  return customers;
}

/** The data set as CSV with a header line. */
export function toDatasetCsv(customers: readonly Customer[]): string {
  const lines = customers.map((c) => [c.tenureMonths, c.monthlyCharges, c.supportCalls, c.age, c.contract, c.churned].join(','));
  return [datasetColumns.join(','), ...lines].join('\n') + '\n';
}
