import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { abaloneCsv } from '../projects/project-harness.js';
import { testOutputDir } from '../harness/workspace.js';
import { repositoryFolderName } from '../../kernel-lib/src/projects/names.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';

const screenshots = join(testOutputDir, 'screenshots');
const notebookName = 'sagemaker-pipelines-project.ipynb';

/** The main area's tab titled `label`, e.g. a notebook's file name. */
const mainTab = (page: Page, label: string) =>
  page.locator('#jp-main-dock-panel .lm-TabBar-tab', { has: page.locator('.lm-TabBar-tabLabel', { hasText: new RegExp(`^${label.replace(/\./g, '\\.')}$`) }) });

describe('the first project: Create project, then what next', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    lab = await startLabWithService('first-project', { startService: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
    await page.goto(lab.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    mkdirSync(screenshots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('preselects Model building and training, says it downloads its data, and refuses a data file that is not there', async () => {
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await page.locator('#sluice-pipelines .sluice-CreateProjectButton').click();
    const dialog = page.locator('.sluice-CreateProjectDialog');
    await dialog.locator('.sluice-TemplateCard').first().waitFor();
    await expect(dialog.locator('.sluice-TemplateCard.sluice-mod-selected .sluice-TemplateCard-name').textContent()).resolves.toBe(
      'Model building and training (abalone)',
    );
    await expect(dialog.locator('.sluice-DataSource-note').textContent()).resolves.toMatch(
      /This template downloads its data: the UCI Abalone data set .* archive\.ics\.uci\.edu/,
    );
    // A template that downloads nothing asks for no data.
    await dialog.locator('.sluice-TemplateCard[data-template="classification"]').click();
    await expect(dialog.locator('input[name="inputDataSource"]').count()).resolves.toBe(0);
    await dialog.locator('.sluice-TemplateCard[data-template="model-building-and-training"]').click();

    await dialog.locator('input[name="projectName"]').fill('first');
    await dialog.locator('input[name="inputDataSource"]').fill('/nowhere/abalone.csv');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await expect(dialog.locator('[role="alert"]').textContent()).resolves.toContain('Data source /nowhere/abalone.csv: no such file');
    await dialog.locator('input[name="inputDataSource"]').fill('ftp://example.com/abalone.csv');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await dialog.locator('[role="alert"]', { hasText: '"ftp:" is not a scheme Sluice can read' }).waitFor();
    await page.screenshot({ path: join(screenshots, 'create-project-data-source.png') });
  });

  it('creates the project with a local copy of the data and opens its notebook beside the project page', async () => {
    const dialog = page.locator('.sluice-CreateProjectDialog');
    await dialog.locator('input[name="inputDataSource"]').fill(abaloneCsv);
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await dialog.waitFor({ state: 'detached', timeout: 60000 });

    await mainTab(page, notebookName).waitFor({ timeout: 60000 });
    await page.locator('.jp-NotebookPanel .jp-Cell').first().waitFor({ timeout: 60000 });
    await expect(page.locator('.jp-NotebookPanel:visible .jp-MarkdownCell').first().textContent()).resolves.toContain('Orchestrating jobs, model registration');
    // The project page stays in sight beside it.
    const view = page.locator('.sluice-ProjectView');
    await view.locator('.sluice-View-title', { hasText: 'first' }).waitFor({ state: 'visible' });
    await page.screenshot({ path: join(screenshots, 'first-project-created.png') });
  });

  it('opens the README and the notebook from the project page, and the Pipelines tab links to the notebook', async () => {
    const view = page.locator('.sluice-ProjectView');
    await view.locator('.sluice-OpenReadmeButton').click();
    await mainTab(page, 'README.md').waitFor({ timeout: 30000 });
    // The notebook's rendered markdown is visible until the README's tab draws: wait for the README's own words.
    await page
      .locator('.jp-FileEditor:visible, .jp-RenderedMarkdown:visible', { hasText: 'Model building and training: the abalone pipeline' })
      .first()
      .waitFor();

    // The README opens as a tab over the project page: back to the page.
    await mainTab(page, 'Project first').click();
    await mainTab(page, notebookName).locator('.lm-TabBar-tabCloseIcon').click();
    // A kernel was started for it: JupyterLab may ask nothing, but wait for the tab to go.
    await mainTab(page, notebookName).waitFor({ state: 'detached', timeout: 30000 });
    await view.locator('.sluice-OpenNotebookButton').click();
    await mainTab(page, notebookName).waitFor({ timeout: 30000 });
    await mainTab(page, 'Project first').click();

    await view.locator('.sluice-Tab', { hasText: 'Pipelines' }).click();
    const link = view.locator('.sluice-OpenNotebookLink');
    await expect(view.locator('.sluice-Empty').textContent()).resolves.toContain('No pipeline yet');
    await expect(link.textContent()).resolves.toBe(`its notebook ${notebookName}`);
    await mainTab(page, 'README.md').click();
    await expect(mainTab(page, notebookName).getAttribute('class')).resolves.not.toContain('lm-mod-current');
    await mainTab(page, 'Project first').click();
    await link.click();
    await page
      .locator('#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current', { has: page.locator('.lm-TabBar-tabLabel', { hasText: notebookName }) })
      .waitFor({ timeout: 30000 });
  });

  it('with "Open the notebook after Create project" off, creating a project opens only its page', async () => {
    const response = await page.evaluate(async (token) => {
      const answer = await fetch('/lab/api/settings/sluice-labextension:pipelines-panel', {
        method: 'PUT',
        headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ raw: '{ "openNotebookAfterCreate": false }' }),
      });
      return answer.status;
    }, lab!.token);
    expect(response).toBe(204);
    await page.reload();
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    const sidebarTab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]');
    await sidebarTab.waitFor();
    // The layout is restored a moment after the page shows, and may open or close the sidebar then: open the
    // panel (its tab toggles it) until it stays open.
    for (let attempt = 1; ; attempt++) {
      if (!(await sidebarTab.getAttribute('class'))?.includes('lm-mod-current')) await sidebarTab.click();
      try {
        await page.locator('#sluice-pipelines .sluice-CreateProjectButton').waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (error) {
        if (attempt === 4) throw error;
      }
    }
    // The restored layout may hold (or bring back, a moment later on a loaded machine) the first project's notebook:
    // only a tab of the second's notebook counts, told by its path in the tab's tooltip.
    const secondNotebook = mainTab(page, notebookName).and(page.locator(`[title*="Path: ${repositoryFolderName('second')}/"]`));
    await page.locator('#sluice-pipelines .sluice-CreateProjectButton').click();
    const dialog = page.locator('.sluice-CreateProjectDialog');
    await dialog.locator('.sluice-TemplateCard').first().waitFor();
    await dialog.locator('input[name="projectName"]').fill('second');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await page.locator('.sluice-ProjectView .sluice-View-title', { hasText: 'second' }).waitFor({ state: 'visible', timeout: 60000 });
    await page.waitForTimeout(3000);
    await expect(secondNotebook.count()).resolves.toBe(0);
    const second = page.locator('.sluice-ProjectView', { has: page.locator('.sluice-View-title', { hasText: /^second$/ }) });
    // On a loaded machine the restored layout can bring the first project's tab forward after the second's opened:
    // the second's page is a tab of its own, and its button is there.
    await mainTab(page, 'Project second').click();
    await second.locator('.sluice-OpenNotebookButton').waitFor({ state: 'visible', timeout: 60000 });
    // Its button opens it, and the tab is found by the same path.
    await second.locator('.sluice-OpenNotebookButton').click();
    await secondNotebook.waitFor({ timeout: 30000 });
  });
});
