// Charts of training metrics (issue 22): a training step that logs 20 epochs shows a 20-point line in its pane's
// Metrics tab and in a notebook cell (metrics(execution, step), the same spec drawn as SVG), and the compare view
// draws the metric with one line per selected execution.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { metrics, PipelineExecution, Session, setDisplayBackend, show, type DisplaySink } from '../../kernel-lib/src/index.js';
import { epochs, epochsPipeline } from '../fixtures/epochs/pipeline.js';
import { testOutputDir } from '../harness/workspace.js';
import { createPipeline, startExecution, waitForExecution } from '../service/execution-harness.js';
import { openStepPane } from './abalone-in-panel.js';
import { openJupyterLab } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { clickExecutionRow } from './execution-rows.js';

const screenshots = join(testOutputDir, 'screenshots');
/** The points of a line chart: vega draws each as a path in the symbol mark's group. */
const symbolPaths = (svg: string): number => (/<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '').match(/<path /g)?.length ?? 0;

describe("a training step's metric over its run", () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const arns: Record<string, string> = {};

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(screenshots, `${name}.png`) });
  const panel = (): Locator => page.locator('#sluice-pipelines');
  const currentView = (): Locator => page.locator('.sluice-MainArea:not(.lm-mod-hidden)');

  beforeAll(async () => {
    lab = await startLabWithService('metric-charts', { startService: true });
    const { client, extras } = lab.clients();
    await createPipeline(client, extras, epochsPipeline({ name: 'Epochs', bucket: 'sluice-local' }));
    // Both run at once: each is one short training job.
    const started = await Promise.all([startExecution(client, 'Epochs', { Rate: '0.05' }), startExecution(client, 'Epochs', { Rate: '0.3' })]);
    for (const [index, name] of ['slow-descent', 'fast-descent'].entries()) {
      const run = await waitForExecution(client, started[index]);
      expect(run.status).toBe('Succeeded');
      arns[name] = run.arn;
    }
    mkdirSync(screenshots, { recursive: true });
    ({ browser, page } = await openJupyterLab(lab.labUrl));
  });

  afterAll(async () => {
    setDisplayBackend(undefined);
    await browser?.close();
    await lab?.stopAll();
  });

  it('shows 20 points in a notebook cell: an SVG with its text as the fallback', async () => {
    const execution = new PipelineExecution(arns['fast-descent'], Session.local({ home: lab!.home }));
    const result = await metrics(execution, 'Train');
    expect(result.points('loss')).toHaveLength(epochs);
    const bundles: Record<string, string>[] = [];
    const sink: DisplaySink = { html: () => undefined, svg: () => undefined, text: () => undefined, bundle: (data) => void bundles.push({ ...data }) };
    setDisplayBackend({ display: sink, newDisplay: () => sink });
    show(result);
    expect(bundles).toHaveLength(1);
    expect(Object.keys(bundles[0]).sort()).toEqual(['image/svg+xml', 'text/plain']);
    expect(symbolPaths(bundles[0]['image/svg+xml'])).toBe(epochs);
    expect(bundles[0]['text/plain']).toMatch(/^loss: 20 values, 1\.4816 → 0\.005 /m);
  });

  it("shows 20 points in the step pane's Metrics tab", async () => {
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await panel().locator('.sluice-PipelineItem[data-pipeline="Epochs"]').click();
    const row = currentView()
      .locator('.sluice-ExecutionsTable .sluice-Table-row')
      .filter({ hasText: arns['fast-descent'].split('/').pop()! });
    await row.waitFor({ timeout: 30000 });
    await clickExecutionRow(row);
    const view = page.locator('.sluice-ExecutionView:visible');
    const pane = await openStepPane(view, 'Train');
    await pane.locator('.sluice-Tab', { hasText: 'Metrics' }).click();
    const chart = pane.locator('.sluice-MetricChart[data-metric="loss"]');
    await chart
      .locator('svg .mark-symbol.role-mark path')
      .nth(epochs - 1)
      .waitFor({ timeout: 30000 });
    await expect(chart.locator('svg .mark-symbol.role-mark path').count()).resolves.toBe(epochs);
    await expect(chart.getAttribute('data-points')).resolves.toBe(String(epochs));
    // The axis text takes JupyterLab's font colour, not vega's default black.
    const fill = await chart.locator('svg .role-axis-label text').first().getAttribute('fill');
    expect(fill).not.toBe('#000');
    await shot('metric-chart-step-pane');
  });

  it('compares the metric across the selected executions, one line each', async () => {
    await panel().locator('.sluice-PipelineItem[data-pipeline="Epochs"]').click();
    const view = currentView();
    await view.locator('.sluice-Tab', { hasText: 'Executions' }).click();
    const rows = view.locator('.sluice-ExecutionsTable .sluice-Table-row');
    await rows.nth(1).waitFor({ timeout: 30000 });
    await expect(rows.count()).resolves.toBe(2);
    for (let index = 0; index < 2; index++) await rows.nth(index).locator('.sluice-CompareTick').check();
    await view.locator('.sluice-CompareButton').click();
    const chart = page.locator('.sluice-CompareView:visible .sluice-CompareSeries[data-metric="Train · loss"]');
    await chart.locator('svg .mark-line path').nth(1).waitFor({ timeout: 30000 });
    await expect(chart.locator('svg .mark-line path').count()).resolves.toBe(2);
    await expect(chart.locator('svg .mark-symbol.role-mark path').count()).resolves.toBe(2 * epochs);
    await shot('metric-chart-compare');
  });

  it("draws again in the dark theme's colours when JupyterLab switches theme", async () => {
    const chart = page.locator('.sluice-CompareView:visible .sluice-CompareSeries');
    const labelColour = (): Promise<string | null> => chart.locator('svg .role-axis-label text').first().getAttribute('fill');
    const light = await labelColour();
    await page.locator('.lm-MenuBar-item', { hasText: 'Settings' }).click();
    await page.locator('.lm-Menu-item', { hasText: 'Theme' }).first().hover();
    await page.getByRole('menuitem', { name: 'JupyterLab Dark', exact: true }).click();
    await page.locator('body[data-jp-theme-light="false"]').waitFor({ state: 'attached', timeout: 30000 });
    const dark = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--jp-ui-font-color1').trim());
    await chart.locator(`svg .role-axis-label text[fill="${dark}"]`).first().waitFor({ timeout: 15000 });
    expect(dark).not.toBe(light);
    await shot('metric-chart-compare-dark');
  });
});
