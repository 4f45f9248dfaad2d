// Function steps in a tslab notebook, executed headless: three steps defined across cells (one importing an npm
// package, one a local .ts file next to the notebook) run to Succeeded on a fresh SLUICE_HOME, the last one's return
// value is read back into the notebook (after a second, cached run too), a function whose result JSON cannot carry
// fails its step saying so, and a function closing over another cell's variable is refused, named.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tslabKernelName } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';
import { runNotebook, type NotebookRun } from './run-notebook.js';

const cells = [
  `import { CacheConfig, ParameterString, Pipeline, step } from "sluice";
const inputData = new ParameterString({ name: "InputData", defaultValue: "s3://data/words" });
const threshold = 3;
const cached = { cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: "P1D" }) };`,
  `const prepare = step(async function prepare(input: string, ratio: number) {
  const { distance } = await import("fastest-levenshtein");
  return { rows: Math.round(10 * ratio), path: \`\${input}/prepared\`, edits: distance("kitten", "sitting") };
}, cached);`,
  `const train = step(async function train(path: string, rows: number) {
  const { scale } = await import("./features");
  return { model: \`\${path}/model\`, weights: Float64Array.from(scale([1, 2, rows], 0.5)), when: new Date("2026-01-02T03:04:05Z") };
}, cached);`,
  `const evaluate = step(async function evaluate(model: { model: string; weights: Float64Array; when: Date }, edits: number) {
  return { model: model.model, score: model.weights.reduce((sum, weight) => sum + weight, 0) + edits, year: model.when.getUTCFullYear() };
}, cached);
const prepared = prepare(inputData, 0.7);
const evaluated = evaluate(train(prepared.path, prepared.rows), prepared.edits);
const pipeline = new Pipeline({ name: "NotebookFunctions", parameters: [inputData], steps: [evaluated] });
await pipeline.upsert();
const execution = await pipeline.start({ parameters: { InputData: "s3://data/notebook" } });
await execution.wait();
console.log(JSON.stringify((await execution.listSteps()).map((s) => [s.StepName, s.StepStatus])));`,
  `console.log(JSON.stringify(await evaluated.output(execution)));`,
  `const again = await pipeline.start({ parameters: { InputData: "s3://data/notebook" } });
await again.wait();
console.log(JSON.stringify((await again.listSteps()).map((s) => [s.StepName, s.CacheHitResult?.SourcePipelineExecutionArn === execution.arn])));
console.log(JSON.stringify(await evaluated.output(again)));`,
  `const broken = step(async function broken(n: number) {
  return { index: new Map([["n", n]]) };
});
const failing = new Pipeline({ name: "NotebookFunctionsFailing", steps: [broken(1)] });
await failing.upsert();
const failed = await failing.start();
await failed.wait().catch(() => undefined);
console.log((await failed.listSteps())[0]?.FailureReason);`,
  `try {
  step(async function leaky(value: number) { return value > threshold; });
} catch (error) {
  console.log((error as Error).message);
}`,
];

describe('function steps in a tslab notebook', () => {
  let run: NotebookRun;
  beforeAll(() => {
    const workspace = makeTestWorkspace('function-steps');
    copyFileSync(join(repoRoot, 'test', 'fixtures', 'function-steps', 'features.ts'), join(workspace, 'features.ts'));
    const notebook = join(workspace, 'functions.ipynb');
    writeFileSync(
      notebook,
      JSON.stringify({
        cells: cells.map((source, index) => ({ id: `cell-${index}`, cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })),
        metadata: { kernelspec: { name: tslabKernelName, display_name: 'TypeScript (Sluice)', language: 'typescript' } },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    const { home, remove } = temporaryHome();
    try {
      run = runNotebook(notebook, { SLUICE_HOME: home });
    } finally {
      sluice('service', 'stop', '--home', home);
      remove();
    }
  });

  it('runs the three steps to Succeeded', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const statuses = JSON.parse(run.cells[3]!.stdout.trim().split('\n').at(-1)!) as [string, string][];
    expect(statuses.sort()).toEqual([
      ['evaluate', 'Succeeded'],
      ['prepare', 'Succeeded'],
      ['train', 'Succeeded'],
    ]);
  });

  it("reads the last step's return value back, computed from the parameter, the npm package and the local module", () => {
    // rows = round(10 × 0.7) = 7; weights = scale([1, 2, 7], 0.5); edits = distance(kitten, sitting) = 3
    expect(JSON.parse(run.cells[4]!.stdout)).toEqual({ model: 's3://data/notebook/prepared/model', score: 0.5 + 1 + 3.5 + 3, year: 2026 });
  });

  it('reuses all three on a second run with caching on, and reads the result through the cache hit', () => {
    const [hits, value] = run.cells[5]!.stdout.trim().split('\n');
    expect((JSON.parse(hits!) as [string, boolean][]).sort()).toEqual([
      ['evaluate', true],
      ['prepare', true],
      ['train', true],
    ]);
    expect(JSON.parse(value!)).toEqual(JSON.parse(run.cells[4]!.stdout));
  });

  it('fails the step with what the function did wrong, here a return value JSON cannot carry', () => {
    expect(run.cells[6]!.stdout).toContain('The value broken returned, at .index: an instance of Map cannot be serialised as JSON');
  });

  it("refuses a function that closes over another cell's variable, naming it", () => {
    expect(run.cells[7]!.stdout).toContain('Function step "leaky" uses a variable from outside the function: threshold (line 1).');
  });
});
