// The panel after a tour of one pipeline's executions: one execution tab per pipeline, reused unless kept, and
// an executions table that fits a 1440 px screen.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ParameterInteger, ParameterString, Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { codeFiles } from '../engine/engine-harness.js';
import { testOutputDir } from '../harness/workspace.js';
import { createPipeline, role, waitForExecution } from '../service/execution-harness.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { clickExecutionRow } from './execution-rows.js';

const screenshots = join(testOutputDir, 'screenshots');
const inputData = 's3://sluice-local-000000000000-us-east-1/datasets/abalone/raw/2026-12-03/abalone.csv';
const runs = [
  { name: 'run-a', epochs: '5' },
  { name: 'run-b', epochs: '10' },
  { name: 'run-c', epochs: '20' },
  { name: 'run-d', epochs: '40' },
];

describe('main-area tabs and the executions table, after a tour of one pipeline', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  const arns: Record<string, string> = {};

  const pipelineTab = (): Locator => page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: /^TabsTour$/ });
  const executionTabs = (): Locator => page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab[data-sluice-view^="sluice-execution-"]');
  const table = (): Locator => page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-ExecutionsTable');
  const row = (name: string): Locator => table().locator('.sluice-Table-row', { hasText: name });
  const banner = (): Locator => page.locator('.sluice-ExecutionView:visible .sluice-Banner-title');
  const idOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

  beforeAll(async () => {
    lab = await startLabWithService('panel-tabs', { startService: true });
    const { client, extras } = lab.clients();
    const code = codeFiles({ 'train.ts': `console.log('trained');` });
    const data = new ParameterString({ name: 'InputData', defaultValue: inputData });
    const epochs = new ParameterInteger({ name: 'Epochs', defaultValue: 5 });
    const train = new ProcessingStep({
      name: 'Train',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      code: code['train.ts'],
      arguments: ['--data', data, '--epochs', epochs],
    });
    await createPipeline(client, extras, new Pipeline({ name: 'TabsTour', steps: [train], parameters: [data, epochs], defaultBucket: 'sluice-local' }));
    for (const run of runs) {
      const started = await client.send(
        new StartPipelineExecutionCommand({
          PipelineName: 'TabsTour',
          PipelineExecutionDisplayName: run.name,
          PipelineParameters: [{ Name: 'Epochs', Value: run.epochs }],
          ClientRequestToken: `tour-${run.name}-${Date.now()}`,
        }),
      );
      arns[run.name] = started.PipelineExecutionArn!;
      await waitForExecution(client, arns[run.name]);
    }

    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(lab.labUrl).origin });
    page = await context.newPage();
    await page.goto(lab.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await page.locator('#sluice-pipelines .sluice-PipelineItem[data-pipeline="TabsTour"]').click();
    await row('run-d').waitFor({ timeout: 60000 });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('keeps the filter row on one line at 1440 × 900', async () => {
    await table().locator('xpath=..').locator('select[name="parameterName"]').selectOption('InputData');
    const filters = page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-Filters');
    await filters.locator('input[name="parameterValue"]').fill(inputData);
    await filters.getByText('Clear filters').waitFor();
    await row('run-a').waitFor({ timeout: 15000 });
    const layout = await filters.evaluate((element) => ({
      middles: Array.from(element.children).map((child) => {
        const box = child.getBoundingClientRect();
        return Math.round((box.top + box.bottom) / 2);
      }),
      // Each control starts after the one before it ends (none drawn over another).
      overlaps: [Array.from(element.children), Array.from(element.querySelectorAll('select, input, button'))]
        .map(
          (boxes) => boxes.filter((box, index) => index > 0 && box.getBoundingClientRect().left < boxes[index - 1].getBoundingClientRect().right - 0.5).length,
        )
        .reduce((sum, count) => sum + count, 0),
      overflow: element.scrollWidth - element.clientWidth,
      height: element.getBoundingClientRect().height,
      width: element.getBoundingClientRect().width,
      widths: Array.from(element.querySelectorAll('label, select, input, button')).map((box) => Math.round(box.getBoundingClientRect().width)),
      used:
        Array.from(element.children).reduce((right, child) => Math.max(right, child.getBoundingClientRect().right), 0) - element.getBoundingClientRect().left,
    }));
    // What the report quotes: the row's height, its width and how much of it the controls use.
    process.stdout.write(`filter row at 1440×900: ${JSON.stringify(layout)}\n`);
    // Every control (Clear filters included, now a parameter is chosen) on the same line, none scrolled out of view.
    expect(Math.max(...layout.middles) - Math.min(...layout.middles)).toBeLessThanOrEqual(2);
    expect(layout.middles.length).toBe(5);
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.overlaps).toBe(0);
    await page.screenshot({ path: join(screenshots, 'executions-table-1440.png') });
    await page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-Filters').getByText('Clear filters').click();
  });

  it('shortens a long parameter value in the middle, with the full value on hover, and shows differing parameters first', async () => {
    const cell = row('run-a').locator('td[data-parameter="InputData"]');
    const shown = (await cell.textContent()) ?? '';
    expect(shown).toMatch(/^s3:\/\/sluice-.*….*\/abalone\.csv$/);
    expect(shown.length).toBeLessThan(inputData.length);
    await expect(cell.getAttribute('title')).resolves.toBe(inputData);
    // Epochs differs between the runs; InputData does not.
    await expect(
      table()
        .locator('th[data-parameter]')
        .evaluateAll((headers) => headers.map((header) => header.getAttribute('data-parameter'))),
    ).resolves.toEqual(['Epochs', 'InputData']);
    // A column narrows when its header's corner is dragged; the cells follow with their own ellipsis.
    const header = table().locator('th[data-parameter="InputData"] .sluice-Resizable');
    const before = (await header.boundingBox())!;
    await page.mouse.move(before.x + before.width - 2, before.y + before.height - 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width - 122, before.y + before.height - 2, { steps: 6 });
    await page.mouse.up();
    const narrowed = (await cell.boundingBox())!;
    expect(narrowed.width).toBeLessThan(before.width - 80);
    await expect(cell.locator('.sluice-ParameterCell-value').evaluate((value) => value.scrollWidth > value.clientWidth)).resolves.toBe(true);
    // The whole table fits: no parameter pushed off screen.
    const fits = await table().evaluate((element) => element.getBoundingClientRect().right <= window.innerWidth);
    expect(fits).toBe(true);
  });

  it("shows each execution's id beside its display name, with a button that copies it", async () => {
    const id = idOf(arns['run-a']);
    const name = row('run-a').locator('.sluice-ExecutionName');
    await expect(name.locator('.sluice-ExecutionName-display').textContent()).resolves.toBe('run-a');
    await expect(name.locator('.sluice-ExecutionId').textContent()).resolves.toBe(id);
    const copy = name.locator('.sluice-CopyButton');
    await expect(copy.getAttribute('title')).resolves.toBe(`Copy execution id ${id}`);
    await copy.click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(id);
    await expect(copy.getAttribute('title')).resolves.toBe(`Copied ${id}`);
    // Copying is not opening.
    await expect(executionTabs().count()).resolves.toBe(0);
  });

  it('reuses one execution tab for the pipeline as executions are clicked one after another', async () => {
    await clickExecutionRow(row('run-a'));
    await banner().filter({ hasText: 'run-a' }).waitFor({ timeout: 30000 });
    await pipelineTab().click();
    await clickExecutionRow(row('run-b'));
    await banner().filter({ hasText: 'run-b' }).waitFor({ timeout: 30000 });
    await pipelineTab().click();
    await clickExecutionRow(row('run-c'));
    await banner().filter({ hasText: 'run-c' }).waitFor({ timeout: 30000 });
    await expect(executionTabs().count()).resolves.toBe(1);
    const tab = executionTabs().first();
    await expect(tab.textContent()).resolves.toBe('run-c · TabsTour');
    await expect(tab.getAttribute('title')).resolves.toContain(`Execution run-c (id ${idOf(arns['run-c'])}) of pipeline TabsTour`);
    await expect(tab.getAttribute('class')).resolves.toContain('sluice-mod-preview');
  });

  it('opens a second execution tab once the first is kept, or when asked for a tab of its own', async () => {
    await page.locator('.sluice-MainArea:not(.lm-mod-hidden)').getByRole('button', { name: 'Keep open' }).click();
    await expect(executionTabs().first().getAttribute('class')).resolves.not.toContain('sluice-mod-preview');
    await pipelineTab().click();
    await clickExecutionRow(row('run-a'));
    await banner().filter({ hasText: 'run-a' }).waitFor({ timeout: 30000 });
    await expect(executionTabs().count()).resolves.toBe(2);

    // Ctrl-click: a tab of its own, while the preview tab (run-a) stays.
    await pipelineTab().click();
    await clickExecutionRow(row('run-b'), { modifiers: ['Control'] });
    await banner().filter({ hasText: 'run-b' }).waitFor({ timeout: 30000 });
    await expect(executionTabs().allTextContents()).resolves.toEqual(expect.arrayContaining(['run-c · TabsTour', 'run-a · TabsTour', 'run-b · TabsTour']));
    await expect(executionTabs().count()).resolves.toBe(3);

    // The row's new-tab button: a fourth.
    await pipelineTab().click();
    await row('run-d').locator('.sluice-OpenInNewTab').click();
    await banner().filter({ hasText: 'run-d' }).waitFor({ timeout: 30000 });
    await expect(executionTabs().count()).resolves.toBe(4);

    // Double-clicking the preview tab keeps it too.
    const preview = executionTabs().filter({ hasText: 'run-a' });
    await expect(preview.getAttribute('class')).resolves.toContain('sluice-mod-preview');
    await preview.dblclick();
    await expect(preview.getAttribute('class')).resolves.not.toContain('sluice-mod-preview');
    await page.screenshot({ path: join(screenshots, 'execution-tabs.png') });
  });
});
