// Kernel ridge regression with an RBF kernel, approximated by random Fourier features (Rahimi & Recht, 2007):
// z(x) = √(2/D)·cos(Wx + b) with W ~ N(0, 2γ), b ~ U[0, 2π), then ridge regression on z. A smooth model, so
// it complements the forest's steps; training is one D×D solve, whatever the number of rows.
import { seededRandom } from './random';

export interface KernelRidgeOptions {
  /** D, the number of random features. */
  readonly components: number;
  /** γ of the RBF kernel exp(-γ‖x - x'‖²). */
  readonly gamma: number;
  /** The ridge penalty (not applied to the intercept). */
  readonly alpha: number;
  readonly seed: number;
}

// The model's kernel ridge (model.ts): γ and α chosen with it by bench/select-abalone-model.mjs, on validation splits
// only; D stays 400, so that training takes about a second.
export const defaultKernelRidgeOptions: KernelRidgeOptions = { components: 400, gamma: 0.1, alpha: 0.3, seed: 0 };

export interface KernelRidge {
  readonly kind: 'kernel-ridge';
  /** components × inputs, row-major. */
  readonly projection: number[];
  readonly offset: number[];
  /** One weight per component, then the intercept. */
  readonly weights: number[];
}

/** The random features of one row, with 1 appended for the intercept. */
function randomFeatures(model: Pick<KernelRidge, 'projection' | 'offset'>, row: readonly number[], into: Float64Array): Float64Array {
  const components = model.offset.length;
  const width = row.length;
  const scale = Math.sqrt(2 / components);
  for (let c = 0; c < components; c++) {
    let dot = model.offset[c]!;
    for (let f = 0; f < width; f++) dot += model.projection[c * width + f]! * row[f]!;
    into[c] = scale * Math.cos(dot);
  }
  into[components] = 1;
  return into;
}

/** Solves A·x = y in place for a symmetric positive definite A (n×n, row-major; only the upper triangle is read). */
function solveCholesky(a: Float64Array, y: Float64Array, n: number): Float64Array {
  // A = LLᵀ, L stored in the lower triangle.
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k]! ** 2;
    if (diagonal <= 0) throw new Error('kernel ridge: the system is not positive definite (raise alpha)');
    const pivot = Math.sqrt(diagonal);
    a[j * n + j] = pivot;
    for (let i = j + 1; i < n; i++) {
      let sum = a[j * n + i]!; // the upper triangle holds A's value
      for (let k = 0; k < j; k++) sum -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = sum / pivot;
    }
  }
  const x = Float64Array.from(y);
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

export function fitKernelRidge(features: readonly (readonly number[])[], labels: readonly number[], options: Partial<KernelRidgeOptions> = {}): KernelRidge {
  const o = { ...defaultKernelRidgeOptions, ...options };
  const width = features[0]?.length ?? 0;
  const random = seededRandom(o.seed);
  // Box–Muller: standard normals from the seeded uniform generator.
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const spread = Math.sqrt(2 * o.gamma);
  const projection = Array.from({ length: o.components * width }, () => spread * normal());
  const offset = Array.from({ length: o.components }, () => 2 * Math.PI * random());

  // The normal equations (ZᵀZ + αI)w = Zᵀy. Z is kept column by column so each entry of ZᵀZ is a dot product of
  // two contiguous columns; the upper triangle is filled two by two columns, which halves the reads.
  const n = o.components + 1;
  const rows = features.length;
  const columns = new Float64Array(n * rows);
  const z = new Float64Array(n);
  for (const [r, row] of features.entries()) {
    randomFeatures({ projection, offset }, row, z);
    for (let i = 0; i < n; i++) columns[i * rows + r] = z[i]!;
  }
  const gram = new Float64Array(n * n);
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += columns[i * rows + r]! * labels[r]!;
    target[i] = sum;
  }
  for (let i = 0; i < n; i += 2) {
    const a = i * rows;
    const b = Math.min(i + 1, n - 1) * rows;
    for (let j = i; j < n; j += 2) {
      const c = j * rows;
      const d = Math.min(j + 1, n - 1) * rows;
      let ac = 0;
      let ad = 0;
      let bc = 0;
      let bd = 0;
      for (let r = 0; r < rows; r++) {
        const x = columns[a + r]!;
        const y = columns[b + r]!;
        const u = columns[c + r]!;
        const v = columns[d + r]!;
        ac += x * u;
        ad += x * v;
        bc += y * u;
        bd += y * v;
      }
      gram[i * n + j] = ac;
      if (j + 1 < n) gram[i * n + j + 1] = ad;
      if (i + 1 < n) {
        if (j > i) gram[(i + 1) * n + j] = bc; // below the diagonal when j = i: not needed
        if (j + 1 < n) gram[(i + 1) * n + j + 1] = bd;
      }
    }
  }
  for (let i = 0; i < o.components; i++) gram[i * n + i]! += o.alpha;
  return { kind: 'kernel-ridge', projection, offset, weights: Array.from(solveCholesky(gram, target, n)) };
}

export function predictKernelRidge(model: KernelRidge, row: readonly number[]): number {
  const z = randomFeatures(model, row, new Float64Array(model.weights.length));
  return model.weights.reduce((sum, weight, i) => sum + weight * z[i]!, 0);
}
