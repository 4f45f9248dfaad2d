// Least-squares linear regression with a small ridge, shared by train.ts and evaluate.ts.
export type Row = { label: number; features: number[] };

/** CSV rows with the label first, as prepare.ts writes them. */
export function readRows(text: string): Row[] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number))
    .map(([label, ...features]) => ({ label, features }));
}

export function fit(rows: Row[], ridge: number): number[] {
  const width = rows[0].features.length + 1;
  const a = Array.from({ length: width }, () => new Array<number>(width + 1).fill(0));
  for (const { label, features } of rows) {
    const x = [1, ...features];
    for (let i = 0; i < width; i++) {
      for (let j = 0; j < width; j++) a[i][j] += x[i] * x[j];
      a[i][width] += x[i] * label;
    }
  }
  for (let i = 1; i < width; i++) a[i][i] += ridge;
  // Gauss-Jordan elimination with partial pivoting.
  for (let col = 0; col < width; col++) {
    let pivot = col;
    for (let row = col + 1; row < width; row++) if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let row = 0; row < width; row++) {
      if (row === col) continue;
      const factor = a[row][col] / a[col][col];
      for (let k = col; k <= width; k++) a[row][k] -= factor * a[col][k];
    }
  }
  return a.map((row, i) => row[width] / row[i]);
}

export const predict = (weights: number[], features: number[]): number => weights[0] + features.reduce((sum, x, i) => sum + x * weights[i + 1], 0);

export function meanSquaredError(weights: number[], rows: Row[]): number {
  return rows.reduce((sum, row) => sum + (predict(weights, row.features) - row.label) ** 2, 0) / rows.length;
}
