// A random forest regressor (bagged regression trees), written here so the seed needs no package beyond sluice.
// Features are binned into quantiles first: a split is chosen from per-bin sums, so a tree costs O(rows × features) per level.
import { seededRandom } from './random';

export interface ForestOptions {
  readonly trees: number;
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** The fraction of features each split considers. */
  readonly maxFeatures: number;
  readonly maxBins: number;
  readonly seed: number;
}

// The model's forest (model.ts): chosen with it by bench/select-abalone-model.mjs, on validation splits only.
export const defaultForestOptions: ForestOptions = { trees: 100, maxDepth: 14, minSamplesLeaf: 16, maxFeatures: 0.7, maxBins: 255, seed: 0 };

/** A tree as flat arrays (JSON-friendly): node i is a leaf when feature[i] < 0. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface Forest {
  readonly kind: 'random-forest';
  readonly trees: Tree[];
}

/** Upper edges of each feature's bins: midpoints between distinct values, or quantiles when there are many. */
function binEdges(column: number[], maxBins: number): number[] {
  const distinct = [...new Set(column)].sort((a, b) => a - b);
  if (distinct.length <= maxBins) return distinct.slice(0, -1).map((value, i) => (value + distinct[i + 1]!) / 2);
  const edges: number[] = [];
  for (let b = 1; b < maxBins; b++) {
    const edge = distinct[Math.floor((b * distinct.length) / maxBins)]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/** The bin of a value: the first edge it does not exceed. */
function binOf(edges: number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value <= edges[middle]!) high = middle;
    else low = middle + 1;
  }
  return low;
}

export function fitForest(features: number[][], labels: number[], options: Partial<ForestOptions> = {}): Forest {
  const o = { ...defaultForestOptions, ...options };
  const width = features[0]?.length ?? 0;
  const edges = Array.from({ length: width }, (_, f) => binEdges(features.map((row) => row[f]!), o.maxBins));
  const bins = Array.from({ length: width }, (_, f) => Uint16Array.from(features, (row) => binOf(edges[f]!, row[f]!)));
  const random = seededRandom(o.seed);
  const perSplit = Math.max(1, Math.round(o.maxFeatures * width));
  const targets = Float64Array.from(labels);
  const histograms: Histograms = { counts: new Float64Array(o.maxBins + 1), sums: new Float64Array(o.maxBins + 1), touched: new Uint16Array(o.maxBins + 1) };
  const trees: Tree[] = [];
  for (let t = 0; t < o.trees; t++) {
    const sample = Int32Array.from({ length: labels.length }, () => Math.floor(random() * labels.length));
    trees.push(growTree(sample, targets, bins, edges, o, perSplit, random, histograms));
  }
  return { kind: 'random-forest', trees };
}

/** Per-bin row counts and label sums, and the bins a node's rows fall in: reused by every split search. */
interface Histograms {
  readonly counts: Float64Array;
  readonly sums: Float64Array;
  readonly touched: Uint16Array;
}

/** A node's rows are rows[start, end) of one array; a split partitions that range in place, keeping the order. */
function growTree(rows: Int32Array, labels: Float64Array, bins: Uint16Array[], edges: number[][], o: ForestOptions, perSplit: number, random: () => number, histograms: Histograms): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const scratch = new Int32Array(rows.length);
  const grow = (start: number, end: number, depth: number): number => {
    const node = tree.value.length;
    let total = 0;
    for (let i = start; i < end; i++) total += labels[rows[i]!]!;
    const count = end - start;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push(total / count);
    if (depth >= o.maxDepth || count < 2 * o.minSamplesLeaf) return node;
    const best = bestSplit(rows.subarray(start, end), labels, bins, edges, o.minSamplesLeaf, candidateFeatures(bins.length, perSplit, random), total, histograms);
    if (best === undefined) return node;
    const column = bins[best.feature]!;
    let left = start;
    let right = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i]!;
      if (column[r]! <= best.bin) rows[left++] = r;
      else scratch[right++] = r;
    }
    rows.set(scratch.subarray(0, right), left);
    tree.feature[node] = best.feature;
    tree.threshold[node] = edges[best.feature]![best.bin]!;
    tree.left[node] = grow(start, left, depth + 1);
    tree.right[node] = grow(left, end, depth + 1);
    return node;
  };
  grow(0, rows.length, 0);
  return tree;
}

function candidateFeatures(width: number, count: number, random: () => number): number[] {
  const all = Array.from({ length: width }, (_, i) => i);
  for (let i = width - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}

/** The split with the largest drop in squared error: maximises sumL²/nL + sumR²/nR. */
function bestSplit(rows: Int32Array, labels: Float64Array, bins: Uint16Array[], edges: number[][], minLeaf: number, features: number[], total: number, histograms: Histograms): { feature: number; bin: number } | undefined {
  let best: { feature: number; bin: number; score: number } | undefined;
  const parentScore = (total * total) / rows.length;
  const { counts, sums, touched } = histograms;
  for (const f of features) {
    if (edges[f]!.length === 0) continue;
    const column = bins[f]!;
    // One pass fills the histogram and lists the bins in use; only those are scanned (in order), and cleared afterwards.
    let used = 0;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const bin = column[r]!;
      if (counts[bin] === 0) touched[used++] = bin;
      counts[bin]! += 1;
      sums[bin]! += labels[r]!;
    }
    const inUse = touched.subarray(0, used).sort();
    let leftCount = 0;
    let leftSum = 0;
    // A split after the last bin in use would leave the right side empty.
    for (let k = 0; k < used - 1; k++) {
      const b = inUse[k]!;
      leftCount += counts[b]!;
      leftSum += sums[b]!;
      const rightCount = rows.length - leftCount;
      if (leftCount < minLeaf || rightCount < minLeaf) continue;
      const score = (leftSum * leftSum) / leftCount + ((total - leftSum) * (total - leftSum)) / rightCount;
      if (score > parentScore + 1e-12 && (best === undefined || score > best.score)) best = { feature: f, bin: b, score };
    }
    for (let k = 0; k < used; k++) {
      counts[inUse[k]!] = 0;
      sums[inUse[k]!] = 0;
    }
  }
  return best;
}

function predictTree(tree: Tree, row: readonly number[]): number {
  let node = 0;
  while (tree.feature[node]! >= 0) node = row[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

export function predict(forest: Forest, row: readonly number[]): number {
  return forest.trees.reduce((sum, tree) => sum + predictTree(tree, row), 0) / forest.trees.length;
}

export const meanSquaredError = (labels: readonly number[], predictions: readonly number[]): number =>
  labels.reduce((sum, label, i) => sum + (label - predictions[i]!) ** 2, 0) / labels.length;
