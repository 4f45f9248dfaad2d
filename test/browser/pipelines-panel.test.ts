import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { listeningAddresses } from '../harness/network.js';
import { testOutputDir } from '../harness/workspace.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';

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
    await expect(panel.locator('.jp-AccordionPanel-title').allTextContents()).resolves.toEqual(['Pipelines', 'Model groups', 'Projects']);
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
});
