// The step pane of a notebook step shows the executed notebook, its outputs drawn by JupyterLab's renderers, and
// opens it in the workspace with one click.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { NotebookStep, Pipeline } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { testOutputDir } from '../harness/workspace.js';
import { createPipeline, role, runToEnd } from '../service/execution-harness.js';
import { openStepPane } from './abalone-in-panel.js';
import { openJupyterLab } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { clickExecutionRow } from './execution-rows.js';

const screenshots = join(testOutputDir, 'screenshots');

describe('a notebook step in the panel', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    lab = await startLabWithService('notebook-step-pane', { startService: true });
    const { client, extras } = lab.clients();
    const step = new NotebookStep({
      name: 'Explore',
      notebook: join(repoRoot, 'test', 'fixtures', 'notebook-steps', 'explore-py.ipynb'),
      kernel: 'python3',
      imageUri: '542918446943.dkr.ecr.us-west-2.amazonaws.com/sagemaker-distribution-prod:1-cpu',
      roleArn: role,
      parameters: { ratio: 0.25, label: 'shown-in-the-pane' },
      env: { SERVICE_HOME: lab.home },
    });
    await createPipeline(client, extras, new Pipeline({ name: 'NotebookPane', steps: [step], defaultBucket: 'sluice-local' }));
    expect((await runToEnd(client, 'NotebookPane')).status).toBe('Succeeded');
    mkdirSync(screenshots, { recursive: true });
    ({ browser, page } = await openJupyterLab(lab.labUrl));
  }, 180000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('renders the executed notebook read-only in the Output tab and opens it in the workspace', async () => {
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await page.locator('#sluice-pipelines .sluice-PipelineItem[data-pipeline="NotebookPane"]').click();
    const row = page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-ExecutionsTable .sluice-Table-row').first();
    await row.waitFor({ timeout: 30000 });
    await clickExecutionRow(row);
    const view: Locator = page.locator('.sluice-ExecutionView:visible');
    const pane = await openStepPane(view, 'Explore');
    await pane.locator('.sluice-Tab', { hasText: 'Output' }).click();

    const notebook = pane.locator('.sluice-ExecutedNotebook');
    await notebook.waitFor({ timeout: 30000 });
    await expect(notebook.getAttribute('data-notebook')).resolves.toBe('explore-py-ipynb.ipynb');
    // The injected cell after the parameters cell, and the output the injected values gave, drawn by rendermime.
    await expect(notebook.locator('.sluice-NotebookCell[data-tags="injected-parameters"] .sluice-NotebookSource').textContent()).resolves.toContain(
      'label = "shown-in-the-pane"',
    );
    const rendered = notebook.locator('.jp-RenderedText', { hasText: 'ratio*2=0.5 label=shown-in-the-pane' });
    await rendered.waitFor({ timeout: 10000 });
    // Markdown cells go through the app's markdown parser: the heading is a heading, not its `#` source as text.
    await notebook.locator('.jp-RenderedMarkdown h1', { hasText: 'Explore in Python' }).waitFor({ timeout: 10000 });
    await expect(notebook.locator('.jp-RenderedMarkdown code', { hasText: 'explore-ts.ipynb' }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(screenshots, 'notebook-step-pane.png') });

    await notebook.getByRole('button', { name: 'Open in the workspace' }).click();
    const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: 'explore-py-ipynb.ipynb' });
    await tab.waitFor({ timeout: 30000 });
    await page
      .locator('.jp-NotebookPanel:visible .jp-OutputArea-output', { hasText: 'ratio*2=0.5 label=shown-in-the-pane' })
      .first()
      .waitFor({ timeout: 30000 });
    expect(existsSync(join(lab!.workspace, 'executed-notebooks'))).toBe(true);
  }, 120000);
});
