import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { listeningAddresses } from '../harness/network.js';
import { testOutputDir } from '../harness/workspace.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { abaloneCsv } from '../projects/project-harness.js';

const screenshots = join(testOutputDir, 'screenshots');

describe('JupyterLab in Chromium', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    // No service yet: opening the panel starts one, in a temporary SLUICE_HOME.
    lab = await startLabWithService('browser', { startService: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(lab.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('serves on 127.0.0.1 only', () => {
    expect(listeningAddresses(lab!.port)).toEqual(['127.0.0.1']);
  });

  it('has a Pipelines entry in the left sidebar that opens the Pipelines panel, empty for a new home', async () => {
    const tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]');
    await expect(tab.count()).resolves.toBe(1);
    await tab.click();
    const panel = page.locator('#sluice-pipelines');
    await panel.waitFor({ state: 'visible' });
    await expect(panel.locator('.sluice-PipelinesPanel-header').textContent()).resolves.toBe('Pipelines');
    await expect(panel.locator('.jp-AccordionPanel-title').allTextContents()).resolves.toEqual(['Pipelines', 'Model groups', 'Endpoints', 'Projects']);
    await panel.getByText('No pipelines yet').waitFor({ timeout: 60000 });
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'pipelines-panel.png') });
  });

  it('offers the tslab kernel "TypeScript (Sluice)" in the launcher', async () => {
    const card = page.locator('.jp-LauncherCard', { hasText: 'TypeScript (Sluice)' });
    await card.first().waitFor({ state: 'visible' });
    // One notebook card and one console card.
    await expect(card.count()).resolves.toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(screenshots, 'launcher.png') });
  });

  it('has Launcher cards for a new Pipeline (the designer), Pipelines and Create project; Pipelines shows the panel', async () => {
    const sluiceCards = page
      .locator('.jp-Launcher-section')
      .filter({ has: page.locator('.jp-Launcher-sectionTitle', { hasText: /^Sluice$/ }) })
      .locator('.jp-LauncherCard');
    await expect(sluiceCards.allTextContents()).resolves.toEqual(['Pipeline', 'Pipelines', 'Create project']);
    // Collapse the sidebar first, so the card has something to show.
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await page.locator('#sluice-pipelines').waitFor({ state: 'hidden' });
    await sluiceCards.filter({ hasText: 'Pipelines' }).click();
    await page.locator('#sluice-pipelines').waitFor({ state: 'visible' });
  });

  it('creates the abalone project from the Launcher card, and shows its repository, pipeline and model group', async () => {
    await page.locator('.jp-LauncherCard', { hasText: 'Create project' }).first().click();
    const dialog = page.locator('.sluice-CreateProjectDialog');
    await dialog.locator('.sluice-TemplateCard[data-template="model-building-and-training"]').waitFor();
    await expect(dialog.locator('.sluice-TemplateCard').count()).resolves.toBeGreaterThanOrEqual(2);
    // A name the service would refuse is caught before sending.
    await dialog.locator('input[name="projectName"]').fill('../escape');
    await expect(dialog.locator('.jp-Dialog-button.jp-mod-accept').isDisabled()).resolves.toBe(true);
    await dialog.locator('input[name="projectName"]').fill('abalone-demo');
    await dialog.locator('input[name="projectDescription"]').fill('Abalone age from shell measurements');
    await dialog.locator('.sluice-TemplateCard[data-template="model-building-and-training"]').click();
    await page.screenshot({ path: join(screenshots, 'create-project-dialog.png') });
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();

    const view = page.locator('.sluice-ProjectView');
    await view.locator('.sluice-View-title', { hasText: 'abalone-demo' }).waitFor({ timeout: 60000 });
    const repository = join(lab!.workspace, 'abalone-demo-modelbuild');
    await expect(view.locator('.sluice-RepositoryPath').textContent()).resolves.toBe(repository);
    expect(existsSync(join(repository, 'pipelines', 'abalone', 'pipeline.ts'))).toBe(true);
    await expect(view.locator('.sluice-Commits').textContent()).resolves.toContain('Initial');
    await page.screenshot({ path: join(screenshots, 'project-repository.png') });

    // Open in file browser shows the repository's files.
    await view.locator('.sluice-OpenFolderButton').click();
    await page.locator('.jp-DirListing-item[title*="pipelines"]').first().waitFor({ timeout: 30000 });

    // The seed code's own CLI, as a user runs it in a terminal: it upserts the project's pipeline and runs it.
    const run = spawnSync(
      process.execPath,
      [
        'scripts/ts.mjs',
        'pipelines/run-pipeline.ts',
        '--module-name',
        'pipelines.abalone.pipeline',
        '--kwargs',
        JSON.stringify({ inputDataUrl: pathToFileURL(abaloneCsv).href }),
      ],
      {
        cwd: repository,
        encoding: 'utf8',
        timeout: 180000,
        env: { ...process.env, SLUICE_HOME: lab!.home },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    await view.locator('.sluice-Tab', { hasText: 'Pipelines' }).click();
    const pipeline = view.locator('.sluice-ProjectPipeline');
    await pipeline.waitFor({ timeout: 30000 });
    await expect(pipeline.getAttribute('data-pipeline')).resolves.toMatch(/^abalone-demo-p-[a-z0-9]{12}$/);
    await view.locator('.sluice-Tab', { hasText: 'Model groups' }).click();
    await view.locator('.sluice-ProjectModelGroup', { hasText: '1 version' }).waitFor({ timeout: 30000 });
    await page.screenshot({ path: join(screenshots, 'project-model-groups.png') });

    // The sidebar lists the project, and the pipeline under its project.
    const panel = page.locator('#sluice-pipelines');
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await panel.locator('.sluice-ProjectItem[data-project="abalone-demo"]').waitFor({ timeout: 30000 });
    await expect(panel.locator('.sluice-PipelineItem').first().textContent()).resolves.toContain('project abalone-demo');
    expect(readdirSync(lab!.workspace)).toContain('abalone-demo-modelbuild');
  });

  it("refuses a project name that is taken, with the service's message, and keeps the dialog open", async () => {
    await page.locator('#sluice-pipelines .sluice-CreateProjectButton').click();
    const dialog = page.locator('.sluice-CreateProjectDialog');
    await dialog.locator('.sluice-TemplateCard').first().waitFor();
    await dialog.locator('input[name="projectName"]').fill('abalone-demo');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await expect(dialog.locator('[role="alert"]').textContent()).resolves.toContain('abalone-demo already exists');
    await dialog.getByText('Cancel').click();
    await expect(dialog.count()).resolves.toBe(0);
  });
});
