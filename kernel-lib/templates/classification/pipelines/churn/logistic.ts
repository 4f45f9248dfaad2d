// Logistic regression on polynomial features, fitted by Newton's method (iteratively reweighted least squares)
// with an L2 penalty. `degree` 1 is a linear model; 2 adds squares and pairwise products, and so on.

export interface LogisticOptions {
  /** The highest degree of the polynomial terms. */
  readonly degree: number;
  /** The L2 penalty on the weights (not on the intercept). */
  readonly l2: number;
  readonly maxIterations: number;
}

export const defaultLogisticOptions: LogisticOptions = { degree: 2, l2: 1, maxIterations: 25 };

export interface LogisticModel {
  readonly kind: 'logistic-regression';
  readonly degree: number;
  /** Each term is a product of input columns, e.g. [0, 0] is x0², [1, 3] is x1·x3. */
  readonly terms: number[][];
  /** The intercept, then one weight per term. */
  readonly weights: number[];
}

/** Every product of 1 to `degree` input columns (with repeats, in ascending column order). */
export function polynomialTerms(width: number, degree: number): number[][] {
  const terms: number[][] = [];
  const extend = (term: number[], from: number): void => {
    if (term.length > 0) terms.push(term);
    if (term.length === degree) return;
    for (let column = from; column < width; column++) extend([...term, column], column);
  };
  extend([], 0);
  return terms.sort((a, b) => a.length - b.length);
}

/** 1, then each term's value for the row. */
function expand(terms: readonly number[][], row: readonly number[], into: Float64Array): Float64Array {
  into[0] = 1;
  for (const [i, term] of terms.entries()) {
    let value = 1;
    for (const column of term) value *= row[column]!;
    into[i + 1] = value;
  }
  return into;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** Solves A·x = b for a symmetric positive definite A (n×n, row-major, upper triangle filled); A is overwritten. */
function solveCholesky(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k]! ** 2;
    if (diagonal <= 0) throw new Error('logistic regression: the Hessian is not positive definite (raise l2)');
    const pivot = Math.sqrt(diagonal);
    a[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = a[j * n + i]!;
      for (let k = 0; k < j; k++) sum -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = sum / pivot;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) x[i]! -= a[i * n + k]! * x[k]!;
    x[i]! /= a[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) x[i]! -= a[k * n + i]! * x[k]!;
    x[i]! /= a[i * n + i]!;
  }
  return x;
}

export function fitLogistic(features: readonly (readonly number[])[], labels: readonly number[], options: Partial<LogisticOptions> = {}): LogisticModel {
  const o = { ...defaultLogisticOptions, ...options };
  const terms = polynomialTerms(features[0]?.length ?? 0, o.degree);
  const n = terms.length + 1;
  const rows = features.map((row) => expand(terms, row, new Float64Array(n)));
  const weights = new Float64Array(n);
  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    // Gradient and Hessian of the penalised negative log-likelihood.
    const gradient = new Float64Array(n);
    const hessian = new Float64Array(n * n);
    for (const [r, x] of rows.entries()) {
      let z = 0;
      for (let i = 0; i < n; i++) z += weights[i]! * x[i]!;
      const p = sigmoid(z);
      const error = p - labels[r]!;
      const curvature = Math.max(p * (1 - p), 1e-10);
      for (let i = 0; i < n; i++) {
        const xi = x[i]!;
        if (xi === 0) continue;
        gradient[i]! += error * xi;
        const scaled = curvature * xi;
        const base = i * n;
        for (let j = i; j < n; j++) hessian[base + j]! += scaled * x[j]!;
      }
    }
    for (let i = 1; i < n; i++) {
      gradient[i]! += o.l2 * weights[i]!;
      hessian[i * n + i]! += o.l2;
    }
    hessian[0]! += 1e-9; // keeps the intercept's pivot positive when every label is the same
    const step = solveCholesky(hessian, gradient, n);
    let largest = 0;
    for (let i = 0; i < n; i++) {
      weights[i]! -= step[i]!;
      largest = Math.max(largest, Math.abs(step[i]!));
    }
    if (largest < 1e-8) break;
  }
  return { kind: 'logistic-regression', degree: o.degree, terms, weights: Array.from(weights) };
}

/** The probability that the row's label is 1. */
export function predictProbability(model: LogisticModel, row: readonly number[]): number {
  const x = expand(model.terms, row, new Float64Array(model.weights.length));
  return sigmoid(model.weights.reduce((sum, weight, i) => sum + weight * x[i]!, 0));
}
