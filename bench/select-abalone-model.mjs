// @ts-check
// Benchmark (figures, not a test): the abalone template's model quality, measured on splits nobody chose on (issue
// #19). 1. Choose the model's family and settings on the validation part of shuffle seeds 0–19 (abalone-selection.mjs).
// 2. Train the chosen model on the train part of seeds 100–139 and score it on their test part, with the template's
// own code; the same files go to scikit-learn and XGBoost (abalone-baselines.py, in .venv-test), printed beside it.
// Data: ../shared/data/abalone.csv beside the repository. `node bench/select-abalone-model.mjs`
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  candidateGrid,
  chooseModel,
  heldOutSplit,
  loadTemplate,
  preprocessedRows,
  scoreHeldOut,
  selectionSeeds,
  selectionSplit,
  summarize,
  testSeeds,
  validationMseOfTemplate,
  writeHeldOutSplit,
} from './abalone-selection.mjs';
import { runSetup } from '../scripts/lib/setup-steps.mjs';

const repo = join(import.meta.dirname, '..');
const abaloneCsv = join(repo, '..', 'shared', 'data', 'abalone.csv');
const python = join(repo, '.venv-test', 'bin', 'python');
if (!existsSync(abaloneCsv)) {
  console.error(`bench/select-abalone-model: no data at ${abaloneCsv}`);
  process.exit(1);
}
// The baselines run in the tests' venv (test/requirements.txt); `npm run bench`'s set-up does not make it.
if (spawnSync(python, ['-c', 'import sklearn, xgboost']).status !== 0) await runSetup({ forTests: true, log: (line) => process.stderr.write(`${line}\n`) });

const loadAtStart = loadavg()[0] ?? 0;
const work = mkdtempSync(join(tmpdir(), 'sluice-bench-abalone-'));
try {
  const template = await loadTemplate(work);
  const rows = preprocessedRows(template, readFileSync(abaloneCsv, 'utf8'));
  const range = (/** @type {readonly number[]} */ seeds) => `${seeds[0]}–${seeds.at(-1)}`;
  const fixed = (/** @type {number} */ value, digits = 3) => value.toFixed(digits);

  // 1. Choosing: validation parts of the selection seeds only.
  const selectionStarted = performance.now();
  const splits = selectionSeeds.map((seed) => selectionSplit(template, rows, seed));
  let lastReport = 0;
  const { chosen, ranked, fits } = chooseModel(template, splits, candidateGrid, (done, total) => {
    if (performance.now() - lastReport < 15000 && done < total) return;
    lastReport = performance.now();
    process.stderr.write(`  choosing: ${done}/${total} fits\n`);
  });
  const selectionSeconds = (performance.now() - selectionStarted) / 1000;
  // The template's fitModel/predict must score the winner as the blend of cached predictions did.
  const confirmed = validationMseOfTemplate(template, /** @type {import('./abalone-selection.mjs').SelectionSplit} */ (splits[0]), chosen.options);
  const blended = chooseModel(template, splits.slice(0, 1), {
    forests: [chosen.options.forest],
    kernelRidges: [chosen.options.kernelRidge],
    forestWeights: [chosen.options.forestWeight],
  }).chosen.validationMse;
  if (Math.abs(confirmed - blended) > 1e-9) throw new Error(`the template's model scores ${confirmed} where the selection computed ${blended}`);

  /** @param {import('./abalone-selection.mjs').ModelOptions} o */
  const describe = (o) =>
    `forest weight ${o.forestWeight}; forest: ${o.forest.trees} trees, depth ≤ ${o.forest.maxDepth}, leaves ≥ ${o.forest.minSamplesLeaf}, ` +
    `${o.forest.maxFeatures} of the features per split; kernel ridge: ${o.kernelRidge.components} features, γ ${o.kernelRidge.gamma}, α ${o.kernelRidge.alpha}`;
  const familyBest = (/** @type {string} */ name, /** @type {(w: number) => boolean} */ inFamily) => {
    const best = ranked.find((entry) => inFamily(entry.options.forestWeight));
    return best === undefined ? `${name} —` : `${name} ${fixed(best.validationMse)}`;
  };
  const defaults = template.model.defaultModelOptions;
  const defaultsAreChosen = JSON.stringify(defaults) === JSON.stringify(chosen.options);

  // 2. Scoring: the held-out seeds, written once as the preprocessing step writes them.
  const files = testSeeds.map((seed) => writeHeldOutSplit(template, heldOutSplit(template, rows, seed), work));
  const texts = files.map((file) => ({ train: readFileSync(file.train, 'utf8'), test: readFileSync(file.test, 'utf8') }));
  process.stderr.write(`  scoring the chosen model on ${files.length} held-out splits, then the baselines\n`);
  const ours = texts.map((text) => scoreHeldOut(template, chosen.options, text));
  const oursAsShipped = defaultsAreChosen ? undefined : texts.map((text) => scoreHeldOut(template, defaults, text));
  writeFileSync(join(work, 'splits.json'), JSON.stringify(files));
  const baselineRun = spawnSync(python, [join(repo, 'bench', 'abalone-baselines.py'), join(work, 'splits.json')], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (baselineRun.status !== 0) throw new Error(`abalone-baselines.py failed:\n${baselineRun.stderr}`);
  /** @type {{ versions: Record<string, string>, models: { name: string, mse: number[], fitSeconds: number[] }[] }} */
  const baselines = JSON.parse(baselineRun.stdout);

  const rowsShown = [
    { name: 'Sluice template, the chosen model (model.ts)', mse: ours.map((r) => r.mse), fitSeconds: ours.map((r) => r.fitSeconds) },
    ...(oursAsShipped === undefined
      ? []
      : [{ name: "Sluice template, model.ts's defaults", mse: oursAsShipped.map((r) => r.mse), fitSeconds: oursAsShipped.map((r) => r.fitSeconds) }]),
    ...baselines.models,
  ];
  const train = files.length > 0 ? template.features.readLabelled(texts[0]?.train ?? '').labels.length : 0;
  const test = files.length > 0 ? template.features.readLabelled(texts[0]?.test ?? '').labels.length : 0;
  // Times depend on what else runs: the machine's load is printed with them (the MSE figures do not depend on it).
  const load = `${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)} at the start and ${(loadavg()[0] ?? 0).toFixed(1)} at the end`;
  console.log(`Abalone model quality (${new Date().toISOString()}; ${load}):`);
  console.log(
    `  chosen on the validation part of shuffle seeds ${range(selectionSeeds)}: ${ranked.length} candidates ` +
      `(${candidateGrid.forests.length} forests × ${candidateGrid.kernelRidges.length} kernel ridges × ${candidateGrid.forestWeights.length} weights), ` +
      `${fits} fits in ${selectionSeconds.toFixed(0)} s`,
  );
  console.log(`  chosen: ${describe(chosen.options)}`);
  console.log(
    `  mean validation MSE: chosen ${fixed(chosen.validationMse)}; best ${familyBest('forest alone', (w) => w === 1)}, ` +
      `${familyBest('kernel ridge alone', (w) => w === 0)}, ${familyBest('average', (w) => w > 0 && w < 1)}`,
  );
  console.log(`  model.ts's defaults: ${defaultsAreChosen ? 'the chosen model' : `DIFFER from the choice (${describe(defaults)})`}`);
  console.log(
    `  test MSE on the test part of shuffle seeds ${range(testSeeds)} (never used for choosing): ${files.length} splits of ${train} train / ${test} test rows, ` +
      `the same preprocessed files for every model; one thread each; SE = standard deviation / √${files.length}`,
  );
  console.log(`    ${'model'.padEnd(56)} ${'mean'.padStart(6)} ${'SE'.padStart(6)}   ${'min–max'.padEnd(11)}  fit (mean)`);
  for (const row of rowsShown) {
    const s = summarize(row.mse);
    const fit = summarize(row.fitSeconds);
    console.log(
      `    ${row.name.padEnd(56)} ${fixed(s.mean).padStart(6)} ${fixed(s.standardError).padStart(6)}   ${`${fixed(s.min, 2)}–${fixed(s.max, 2)}`.padEnd(11)}  ${fixed(fit.mean, 2)} s`,
    );
  }
  // The goal: ours ≤ the best of them, with the per-split difference (the splits share rows, so pairs say more).
  const best = [...baselines.models].sort((a, b) => summarize(a.mse).mean - summarize(b.mse).mean)[0];
  if (best !== undefined) {
    const difference = summarize(ours.map((r, i) => r.mse - (best.mse[i] ?? Number.NaN)));
    const met = summarize(ours.map((r) => r.mse)).mean <= summarize(best.mse).mean;
    console.log(
      `  ours − the best of them (${best.name}), per split: mean ${difference.mean >= 0 ? '+' : ''}${fixed(difference.mean)}, SE ${fixed(difference.standardError)}, ` +
        `${fixed(difference.min, 2)} to ${fixed(difference.max, 2)}   goal: ours ≤ the best of them (${met ? 'met' : 'NOT met'})`,
    );
  }
  const fitOurs = summarize(ours.map((r) => r.fitSeconds));
  console.log(`  our training time: ${fixed(fitOurs.mean, 2)} s mean, ${fixed(fitOurs.max, 2)} s max (goal ≤ 1 s)`);
  console.log(
    `  ${Object.entries(baselines.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}; node ${process.versions.node}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
