// @ts-check
// How the abalone template's model is chosen and scored (issue #19), as functions `select-abalone-model.mjs` runs and
// test/projects/abalone-model-selection.test.ts checks. The contract: settings are chosen on the validation part of
// shuffle seeds 0–19 only; the test part of seeds 100–139, never seen while choosing, gives the reported figure.
// Everything runs the template's own code (pipelines/abalone/*.ts): its preprocessing, split, model and MSE.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * The template's modules, as the pipeline's steps import them.
 * @typedef {{
 *   features: typeof import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/features'),
 *   forest: typeof import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/forest'),
 *   kernelRidge: typeof import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/kernel-ridge'),
 *   model: typeof import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/model'),
 *   metrics: typeof import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/metrics'),
 * }} Template
 * @typedef {import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/model').ModelOptions} ModelOptions
 * @typedef {import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/forest').ForestOptions} ForestOptions
 * @typedef {import('../kernel-lib/templates/model-building-and-training/pipelines/abalone/kernel-ridge').KernelRidgeOptions} KernelRidgeOptions
 * @typedef {number[]} Row  the label (rings) first, then the features: a line of the preprocessed CSV
 * @typedef {{ seed: number, train: Row[], validation: Row[] }} SelectionSplit  what choosing may see: no test part
 * @typedef {{ seed: number, train: Row[], test: Row[] }} HeldOutSplit  what scoring sees: validation is not used
 * @typedef {{ forests: ForestOptions[], kernelRidges: KernelRidgeOptions[], forestWeights: number[] }} CandidateGrid
 * @typedef {{ options: ModelOptions, validationMse: number }} Scored
 */

export const templateDir = fileURLToPath(new URL('../kernel-lib/templates/model-building-and-training/pipelines/abalone', import.meta.url));
const range = (/** @type {number} */ from, /** @type {number} */ count) => Object.freeze(Array.from({ length: count }, (_, i) => from + i));
/** The shuffle seeds whose validation part chooses the model. */
export const selectionSeeds = range(0, 20);
/** The shuffle seeds whose test part scores it: never used while choosing. */
export const testSeeds = range(100, 40);
if (selectionSeeds.some((seed) => testSeeds.includes(seed))) throw new Error('abalone selection: the selection and test seeds overlap');

/**
 * Bundles the template's modules with esbuild (as the pipeline bundles a step's code) and imports them.
 * @param {string} outDir  where the bundle is written
 * @returns {Promise<Template>}
 */
export async function loadTemplate(outDir) {
  const outfile = join(outDir, 'abalone-template.mjs');
  const modules = { features: 'features', forest: 'forest', kernelRidge: 'kernel-ridge', model: 'model', metrics: 'metrics' };
  await build({
    stdin: {
      contents: Object.entries(modules)
        .map(([name, file]) => `export * as ${name} from ${JSON.stringify(join(templateDir, `${file}.ts`))};`)
        .join('\n'),
      resolveDir: templateDir,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

/**
 * The CSV as the template's preprocessing step shapes it, before its shuffle: one Row per record.
 * @param {Template} template @param {string} csv
 * @returns {Row[]}
 */
export function preprocessedRows(template, csv) {
  const records = template.features.parseAbalone(csv);
  const transform = template.features.fitTransform(records);
  return records.map((record) => template.features.applyTransform(transform, record));
}

/**
 * The 70/15/15 split of one shuffle seed, as PreprocessAbaloneData writes it with SHUFFLE_SEED=seed.
 * @param {Template} template @param {readonly Row[]} rows @param {number} seed
 */
const splitOf = (template, rows, seed) => template.features.split(template.features.shuffle(rows, seed));

/**
 * A selection seed's train and validation parts; its test part is dropped here, so choosing cannot see it.
 * @param {Template} template @param {readonly Row[]} rows @param {number} seed
 * @returns {SelectionSplit}
 */
export function selectionSplit(template, rows, seed) {
  if (!selectionSeeds.includes(seed))
    throw new Error(`abalone selection: seed ${seed} is not a selection seed (${selectionSeeds[0]}–${selectionSeeds.at(-1)})`);
  const { train, validation } = splitOf(template, rows, seed);
  return { seed, train, validation };
}

/**
 * A test seed's train and test parts (the pipeline trains on train and evaluates on test; validation only reports).
 * @param {Template} template @param {readonly Row[]} rows @param {number} seed
 * @returns {HeldOutSplit}
 */
export function heldOutSplit(template, rows, seed) {
  if (!testSeeds.includes(seed)) throw new Error(`abalone selection: seed ${seed} is not a test seed (${testSeeds[0]}–${testSeeds.at(-1)})`);
  const { train, test } = splitOf(template, rows, seed);
  return { seed, train, test };
}

/**
 * Writes a held-out split as the preprocessing step does (`train/train.csv`, `test/test.csv`, no header, label
 * first), so that our model and the baselines read the very same files.
 * @param {Template} template @param {HeldOutSplit} split @param {string} dir
 * @returns {{ seed: number, train: string, test: string }}
 */
export function writeHeldOutSplit(template, split, dir) {
  const files = { seed: split.seed, train: join(dir, `seed-${split.seed}`, 'train', 'train.csv'), test: join(dir, `seed-${split.seed}`, 'test', 'test.csv') };
  for (const part of /** @type {const} */ (['train', 'test'])) {
    mkdirSync(join(dir, `seed-${split.seed}`, part), { recursive: true });
    writeFileSync(files[part], template.features.toCsv(split[part]));
  }
  return files;
}

/** The settings tried. The forest keeps 100 trees and depth 14, the kernel ridge 400 features (training ≤ 1 s). */
export const candidateGrid = /** @type {CandidateGrid} */ ({
  forests: [4, 8, 16, 32].flatMap((minSamplesLeaf) =>
    [0.3, 0.5, 0.7].map((maxFeatures) => ({ trees: 100, maxDepth: 14, minSamplesLeaf, maxFeatures, maxBins: 255, seed: 0 })),
  ),
  kernelRidges: [0.03, 0.1, 0.2].flatMap((gamma) => [0.3, 1, 3].map((alpha) => ({ components: 400, gamma, alpha, seed: 0 }))),
  // 0 is the kernel ridge alone, 1 the forest alone: the family is chosen with the weight.
  forestWeights: range(0, 11).map((tenths) => tenths / 10),
});

/**
 * The test MSE as EvaluateAbaloneModel computes it (metrics.ts).
 * @param {Template} template @param {readonly number[]} labels @param {readonly number[]} predictions
 */
export const mseOf = (template, labels, predictions) => template.metrics.regressionReport(labels, predictions).regression_metrics.mse.value;

/** @param {readonly Row[]} rows */
const labelsOf = (rows) => rows.map((row) => /** @type {number} */ (row[0]));
/** @param {readonly Row[]} rows */
const featuresOf = (rows) => rows.map((row) => row.slice(1));

/**
 * Chooses the model's family and settings: every candidate of the grid is fitted on each split's train part and
 * scored on its validation part; the smallest mean validation MSE wins (the first in grid order on a tie). The
 * forest and the kernel ridge are fitted once per setting and split, and their validation predictions blended for
 * each weight, as model.ts's predict does; `confirmBlend` checks that equivalence on the winner.
 * @param {Template} template
 * @param {readonly SelectionSplit[]} splits  validation parts only: a split that carries a test part is refused
 * @param {CandidateGrid} [grid]
 * @param {(done: number, total: number) => void} [progress]
 * @returns {{ chosen: Scored, ranked: Scored[], fits: number }}
 */
export function chooseModel(template, splits, grid = candidateGrid, progress = () => {}) {
  for (const split of splits) {
    if ('test' in split || !selectionSeeds.includes(split.seed)) throw new Error(`abalone selection: split of seed ${split.seed} is not a selection split`);
  }
  const total = splits.length * (grid.forests.length + grid.kernelRidges.length);
  let fits = 0;
  /** Per split, per setting: the validation predictions. */
  const forestPredictions = /** @type {number[][][]} */ ([]);
  const kernelPredictions = /** @type {number[][][]} */ ([]);
  for (const split of splits) {
    const x = featuresOf(split.train);
    const y = labelsOf(split.train);
    const validation = featuresOf(split.validation);
    forestPredictions.push(
      grid.forests.map((options) => {
        const forest = template.forest.fitForest(x, y, options);
        progress(++fits, total);
        return validation.map((row) => template.forest.predict(forest, row));
      }),
    );
    kernelPredictions.push(
      grid.kernelRidges.map((options) => {
        const kernelRidge = template.kernelRidge.fitKernelRidge(x, y, options);
        progress(++fits, total);
        return validation.map((row) => template.kernelRidge.predictKernelRidge(kernelRidge, row));
      }),
    );
  }
  /** @type {Scored[]} */
  const scored = [];
  for (const [f, forest] of grid.forests.entries()) {
    for (const [k, kernelRidge] of grid.kernelRidges.entries()) {
      for (const forestWeight of grid.forestWeights) {
        const mses = splits.map((split, s) => {
          const [fromForest, fromKernel] = [forestPredictions[s]?.[f] ?? [], kernelPredictions[s]?.[k] ?? []];
          const blended = fromKernel.map((value, i) => forestWeight * (fromForest[i] ?? 0) + (1 - forestWeight) * value);
          return mseOf(template, labelsOf(split.validation), blended);
        });
        scored.push({ options: { forest, kernelRidge, forestWeight }, validationMse: mean(mses) });
      }
    }
  }
  const ranked = scored.map((entry, order) => ({ entry, order })).sort((a, b) => a.entry.validationMse - b.entry.validationMse || a.order - b.order);
  return { chosen: /** @type {Scored} */ (ranked[0]?.entry), ranked: ranked.map(({ entry }) => entry), fits };
}

/**
 * The template's own fitModel/predict on a split's validation part, against the score chooseModel gave: they must
 * agree, or the selection scored something the template does not compute.
 * @param {Template} template @param {SelectionSplit} split @param {ModelOptions} options
 */
export function validationMseOfTemplate(template, split, options) {
  const fitted = template.model.fitModel(featuresOf(split.train), labelsOf(split.train), options);
  return mseOf(
    template,
    labelsOf(split.validation),
    featuresOf(split.validation).map((row) => template.model.predict(fitted, row)),
  );
}

/**
 * Trains the template's model on a held-out split's train file and scores it on its test file, as the pipeline's
 * TrainAbaloneModel and EvaluateAbaloneModel do.
 * @param {Template} template @param {ModelOptions} options @param {{ train: string, test: string }} text  the files' contents
 * @returns {{ mse: number, fitSeconds: number }}
 */
export function scoreHeldOut(template, options, text) {
  const train = template.features.readLabelled(text.train);
  const test = template.features.readLabelled(text.test);
  const started = performance.now();
  const fitted = template.model.fitModel(train.features, train.labels, options);
  const fitSeconds = (performance.now() - started) / 1000;
  return {
    mse: mseOf(
      template,
      test.labels,
      test.features.map((row) => template.model.predict(fitted, row)),
    ),
    fitSeconds,
  };
}

/** @param {readonly number[]} values */
export const mean = (values) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Mean, standard error of the mean (sample standard deviation / √n), min and max.
 * @param {readonly number[]} values
 */
export function summarize(values) {
  const average = mean(values);
  const variance = values.reduce((sum, value) => sum + (value - average) ** 2, 0) / Math.max(values.length - 1, 1);
  return { mean: average, standardError: Math.sqrt(variance / values.length), min: Math.min(...values), max: Math.max(...values) };
}
