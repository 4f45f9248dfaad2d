import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { prepareWorkspace, starterNotebooks } from '../../scripts/lib/workspace.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';
import { runNotebook, type CellOutput, type NotebookRun } from './run-notebook.js';

/** Notebooks that end with an error on purpose (tslab aborts the cells after one, so each is its own notebook). */
const failingOnPurpose = new Set(['failing-step.ipynb']);
const notebooks = readdirSync(starterNotebooks).filter((name) => name.endsWith('.ipynb'));

const runs = new Map<string, NotebookRun>();

/** Each notebook runs (once per suite) in a new workspace, as `npm start` makes one, on its own fresh SLUICE_HOME. */
function runStarter(name: string): NotebookRun {
  const done = runs.get(name);
  if (done !== undefined) return done;
  const workspace = join(makeTestWorkspace('starter'), 'workspace');
  prepareWorkspace(workspace);
  const { home, remove } = temporaryHome();
  try {
    const run = runNotebook(join(workspace, name), { SLUICE_HOME: home });
    runs.set(name, run);
    return run;
  } finally {
    sluice('service', 'stop', '--home', home);
    remove();
  }
}

const displays = (cells: readonly CellOutput[], mime: string, marker: string): string[] =>
  cells.flatMap((cell) => cell.displays.filter((d) => d.mime === mime && d.body.includes(marker)).map((d) => d.body));
const cellOf = (run: NotebookRun, code: string): CellOutput => {
  const cell = run.cells.find((candidate) => candidate.source.includes(code));
  if (cell === undefined) throw new Error(`no cell with ${code}`);
  return cell;
};

describe('the notebooks a new workspace starts with', () => {
  it('are copied with the step code next to them', () => {
    const workspace = join(makeTestWorkspace('starter'), 'workspace');
    expect(prepareWorkspace(workspace)).toEqual(expect.arrayContaining(['getting-started.ipynb', 'getting-started', 'failing-step.ipynb']));
    expect(existsSync(join(workspace, 'getting-started', 'prepare.ts'))).toBe(true);
    expect(existsSync(join(workspace, 'failing-step', 'check-input.ts'))).toBe(true);
  });

  it.each(notebooks.filter((name) => !failingOnPurpose.has(name)))('%s runs top to bottom on a fresh SLUICE_HOME in under 2 minutes', (name) => {
    const run = runStarter(name);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.seconds).toBeLessThan(120);
    expect(run.cells.map((cell) => cell.stderr).join('')).toBe('');
  });

  describe('getting-started.ipynb', () => {
    let run: NotebookRun;
    beforeAll(() => {
      run = runStarter('getting-started.ipynb');
    });

    it('draws the pipeline as a DAG that names every step', () => {
      const [dag] = displays(run.cells, 'image/svg+xml', 'sluice-dag');
      for (const step of ['Prepare', 'Train', 'Evaluate', 'CheckMse', 'Register-RegisterModel', 'MseTooHigh']) expect(dag).toContain(`data-step="${step}"`);
      expect(dag).toContain('class="edge edge-true"');
      expect(dag).toContain('class="edge edge-false"');
      expect(displays([cellOf(run, 'show(parameters)')], 'text/html', '<table>')[0]).toContain('MseThreshold');
    });

    it('watches each run to a final picture that says Succeeded, with the cache hit of the second run', () => {
      const first = displays([cellOf(run, 'const execution = await pipeline.start()')], 'text/html', 'sluice-execution');
      expect(first).toHaveLength(1);
      expect(first[0]).toMatch(/: Succeeded after/);
      expect(first[0]).toContain('data-step="Register-RegisterModel" data-type="RegisterModel" data-status="Succeeded"');
      // The condition shows what it compared, not only its outcome.
      expect(first[0]).toMatch(/regression_metrics\.mse\.value 0\.0\d+ ≤ MseThreshold \d+(\.\d+)? → true/);
      // The pipeline's name as written, and the execution's id beside its display name.
      expect(first[0]).toMatch(/Execution execution-\d+ \([a-z0-9]{12}\) of GettingStarted: Succeeded/);
      const second = displays([cellOf(run, 'Ridge: 1')], 'text/html', 'sluice-execution')[0];
      expect(second).toMatch(/: Succeeded after/);
      expect(second).toMatch(/cache hit from [a-z0-9]{12}/);
      const rerun = displays([cellOf(run, 'runSteps(["Evaluate"])')], 'text/html', 'sluice-execution')[0];
      expect(rerun).toMatch(/: Succeeded after/);
      expect(rerun).toContain('data-step="Evaluate" data-type="Processing" data-status="Succeeded"');
      // The selective run says what it ran, what it reused from where, and with which values those steps ran.
      expect(rerun).toMatch(/Selective run of Evaluate, reusing the other steps&#39; outputs from execution [a-z0-9]{12}\./);
      expect(rerun).toContain('The reused steps ran with Ridge = 1 (this run: Ridge = 0.01)');
      expect(rerun).toContain('data-step="Train" data-type="Training" data-status="Reused"');
      expect(rerun).toMatch(/<td[^>]*>Train<\/td><td[^>]*>↺ Reused<\/td><td[^>]*><\/td><td[^>]*><\/td><td[^>]*>reused from [a-z0-9]{12}<\/td>/);
    });

    it("shows each rich output once, with its text as the same display's fallback, and upsert as one line", () => {
      for (const code of ['steps: [prepare, train, evaluate, check]', 'const execution = await pipeline.start()', 'await metrics(execution, "Train")']) {
        const cell = cellOf(run, code);
        expect(cell.stdout).toBe('');
        expect(cell.displays.filter((display) => display.mime === 'text/plain')).toHaveLength(
          cell.displays.filter((display) => display.mime !== 'text/plain').length,
        );
      }
      expect(displays([cellOf(run, 'await metrics(execution, "Train")')], 'text/plain', 'Metrics of Train')[0]).toMatch(/validation:mse\s+0\.0\d+/);
      expect(cellOf(run, 'await pipeline.upsert()').stdout.trim()).toMatch(
        /^Pipeline GettingStarted (created|updated): arn:aws:sagemaker:us-east-1:\d{12}:pipeline\/gettingstarted$/,
      );
    });

    it('reads the evaluation metric, the training metric and the log back', () => {
      expect(cellOf(run, 'stepOutputs(execution, "Evaluate")').stdout).toMatch(/test MSE read back: 0\.0\d+/);
      expect(cellOf(run, 'logs(execution, "Train")').stdout).toMatch(/validation-mse:0\.0\d+/);
    });

    it('approves the registered model version', () => {
      const registry = cellOf(run, 'UpdateModelPackageCommand');
      // The table's text form travels with it as the display's text/plain; nothing repeats it on stdout.
      expect(registry.stdout).toBe('');
      const table = displays([registry], 'text/plain', 'Model package group GettingStartedModels')[0];
      expect(table).toMatch(/^1\s+PendingManualApproval\s/m);
      expect(table).toMatch(/^2\s+Approved\s/m);
      expect(displays([registry], 'text/html', 'GettingStartedModels')[0]).toMatch(/regression_metrics\.mse\.value=0\.0\d+/);
    });
  });

  it('failing-step.ipynb shows the failed step, its reason and the end of its log', () => {
    const run = runStarter('failing-step.ipynb');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('ExecutionFailedError');
    const [failure] = displays(run.cells, 'text/html', 'sluice-execution');
    expect(failure).toContain('data-step="CheckInput" data-type="Processing" data-status="Failed"');
    expect(failure).toContain('<b>Step CheckInput failed:</b> AlgorithmError');
    expect(failure).toMatch(/<pre class="sluice-log-tail">[^<]*checking the input before training[^<]*Error: the input has no rows: nothing to train on/);
  });
});
