// The contract behind the abalone model's quality figure (issue #19, bench/select-abalone-model.mjs): choosing sees
// the validation part of the selection seeds only, the reported figure comes from test parts nobody chose on, and
// the template's own model is what gets scored. The full 40-split benchmark is not run here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chooseModel,
  heldOutSplit,
  preprocessedRows,
  scoreHeldOut,
  selectionSeeds,
  selectionSplit,
  testSeeds,
  validationMseOfTemplate,
  type Row,
  type Template,
} from '../../bench/abalone-selection.mjs';
import * as features from '../../kernel-lib/templates/model-building-and-training/pipelines/abalone/features.js';
import * as forest from '../../kernel-lib/templates/model-building-and-training/pipelines/abalone/forest.js';
import * as kernelRidge from '../../kernel-lib/templates/model-building-and-training/pipelines/abalone/kernel-ridge.js';
import * as metrics from '../../kernel-lib/templates/model-building-and-training/pipelines/abalone/metrics.js';
import * as model from '../../kernel-lib/templates/model-building-and-training/pipelines/abalone/model.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const template: Template = { features, forest, kernelRidge, model, metrics };
const rows = preprocessedRows(template, readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv'), 'utf8'));
/** Small settings, so a fit takes milliseconds. */
const small = {
  forest: { ...model.defaultModelOptions.forest, trees: 10 },
  kernelRidge: { ...model.defaultModelOptions.kernelRidge, components: 60 },
};

/** A seed's three parts as the preprocessing step writes them. */
const partsOf = (seed: number) => features.split(features.shuffle(rows, seed));

describe('choosing the abalone model: validation of the selection seeds only', () => {
  it('the selection seeds (0–19) and the test seeds (100–139) are disjoint, and each kind of split refuses the other kind of seed', () => {
    expect(selectionSeeds).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(testSeeds).toEqual(Array.from({ length: 40 }, (_, i) => 100 + i));
    expect(selectionSeeds.filter((seed) => testSeeds.includes(seed))).toEqual([]);
    expect(() => selectionSplit(template, rows, 100)).toThrow('seed 100 is not a selection seed (0–19)');
    expect(() => heldOutSplit(template, rows, 0)).toThrow('seed 0 is not a test seed (100–139)');
  });

  it("a seed's train, validation and test parts are the preprocessing step's 70/15/15, disjoint and covering every row", () => {
    const parts = partsOf(3);
    const chosenOn = selectionSplit(template, rows, 3);
    expect(Object.keys(chosenOn).sort()).toEqual(['seed', 'train', 'validation']);
    expect([chosenOn.train.length, chosenOn.validation.length, parts.test.length]).toEqual([2923, 627, 627]);
    expect(chosenOn.train).toEqual(parts.train);
    expect(chosenOn.validation).toEqual(parts.validation);
    // Rows are the same objects after the shuffle: membership by identity, so equal rows cannot hide a leak.
    const all = [...chosenOn.train, ...chosenOn.validation, ...parts.test];
    expect(new Set(all).size).toBe(rows.length);
    const original = new Set(rows);
    expect(all.every((row) => original.has(row))).toBe(true);
    const scoredOn = heldOutSplit(template, rows, 117);
    expect(Object.keys(scoredOn).sort()).toEqual(['seed', 'test', 'train']);
    const train = new Set(scoredOn.train);
    expect(scoredOn.test.filter((row) => train.has(row))).toEqual([]);
    expect(scoredOn.test).toEqual(partsOf(117).test);
  });

  it('chooseModel fits on train rows and predicts on validation rows of each selection seed, never on a test row', () => {
    // Each row carries its index as a last feature, and the template's fit/predict are wrapped to record what they get.
    const tagged = rows.map((row, index) => [...row, index]);
    const seen = { fit: [] as number[], predict: [] as number[] };
    const idsOf = (x: readonly (readonly number[])[]) => x.map((row) => row[row.length - 1]!);
    const recording: Template = {
      ...template,
      forest: {
        ...forest,
        fitForest: (x, y, options) => (seen.fit.push(...idsOf(x)), forest.fitForest(x.slice(0, 50), y.slice(0, 50), { ...options, trees: 1 })),
        predict: (fitted, row) => (seen.predict.push(...idsOf([row])), forest.predict(fitted, row)),
      },
      kernelRidge: {
        ...kernelRidge,
        fitKernelRidge: (x, y, options) => (
          seen.fit.push(...idsOf(x)),
          kernelRidge.fitKernelRidge(x.slice(0, 50), y.slice(0, 50), { ...options, components: 5 })
        ),
        predictKernelRidge: (fitted, row) => (seen.predict.push(...idsOf([row])), kernelRidge.predictKernelRidge(fitted, row)),
      },
    };
    const grid = { forests: [small.forest], kernelRidges: [small.kernelRidge], forestWeights: [0, 0.5, 1] };
    for (const seed of selectionSeeds) {
      seen.fit = [];
      seen.predict = [];
      chooseModel(recording, [selectionSplit(recording, tagged, seed)], grid);
      const { train, validation, test } = features.split(features.shuffle(tagged, seed));
      const testIds = new Set(idsOf(test));
      expect(seen.fit.filter((id) => testIds.has(id))).toEqual([]);
      expect(seen.predict.filter((id) => testIds.has(id))).toEqual([]);
      // Both families were fitted on exactly the train part and scored on exactly the validation part.
      // (As text: jest's deep equality is slow on arrays of thousands.)
      expect(seen.fit.join()).toBe([...idsOf(train), ...idsOf(train)].join());
      expect(seen.predict.join()).toBe([...idsOf(validation), ...idsOf(validation)].join());
    }
  });

  it('chooseModel refuses a split that carries a test part or belongs to a test seed', () => {
    const withTest = { ...selectionSplit(template, rows, 0), test: partsOf(0).test };
    expect(() => chooseModel(template, [withTest])).toThrow('split of seed 0 is not a selection split');
    const { train, test } = heldOutSplit(template, rows, 100);
    expect(() => chooseModel(template, [{ seed: 100, train, validation: test }])).toThrow('split of seed 100 is not a selection split');
  });

  it("the winner is the smallest mean validation MSE, and that score is the template's own fitModel/predict on the split", () => {
    const split = selectionSplit(template, rows, 0);
    const grid = { forests: [small.forest], kernelRidges: [small.kernelRidge], forestWeights: [0, 0.3, 1] };
    const { chosen, ranked, fits } = chooseModel(template, [split], grid);
    expect(fits).toBe(2);
    expect(ranked.map((entry) => entry.options.forestWeight).sort()).toEqual([0, 0.3, 1]);
    expect(chosen).toBe(ranked[0]);
    expect(ranked.every((entry) => chosen.validationMse <= entry.validationMse)).toBe(true);
    for (const entry of ranked) expect(validationMseOfTemplate(template, split, entry.options)).toBeCloseTo(entry.validationMse, 9);
  });
});

describe("scoring on a held-out split: the template's model", () => {
  it('trains on the train file and predicts the test file better than the mean of the training labels', () => {
    const { train, test } = heldOutSplit(template, rows, 100);
    const sample: Row[] = train.slice(0, 600);
    const text = { train: features.toCsv(sample), test: features.toCsv(test) };
    const { mse, fitSeconds } = scoreHeldOut(template, model.defaultModelOptions, text);
    const trainMean = sample.reduce((sum, row) => sum + row[0]!, 0) / sample.length;
    const meanMse = metrics.regressionReport(
      test.map((row) => row[0]!),
      test.map(() => trainMean),
    ).regression_metrics.mse.value;
    expect(fitSeconds).toBeGreaterThan(0);
    expect(mse).toBeLessThan(0.7 * meanMse);
  });
});
