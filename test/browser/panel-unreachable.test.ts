// When the proxy cannot reach a service, the panel says so and how to fix it, and recovers by itself.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { testOutputDir } from '../harness/workspace.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';

const screenshots = join(testOutputDir, 'screenshots');

describe('the Pipelines panel without a service', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    lab = await startLabWithService('panel-unreachable', { startService: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('says the service cannot be reached and how to fix it', async () => {
    // Unreadable credentials: the service cannot start, so the proxy has nothing to reach.
    writeFileSync(join(lab!.home, 'credentials.json'), 'not json');
    await page.goto(lab!.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    const clicked = Date.now();
    const problem = page.locator('#sluice-pipelines .sluice-ServiceProblem');
    await problem.waitFor({ timeout: 90000 });
    // At once, not after jupyter-server-proxy's 30 s timeout: the proxy listens and says why the service did not start.
    expect(Date.now() - clicked).toBeLessThan(15000);
    await expect(problem.textContent()).resolves.toContain('The Sluice service cannot be reached');
    await expect(problem.textContent()).resolves.toContain('did not start: Unexpected token');
    await expect(problem.textContent()).resolves.toContain('service.log');
    await expect(problem.textContent()).resolves.toContain('npm start');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'panel-service-unreachable.png') });
  });

  it('recovers once the cause is gone', async () => {
    rmSync(join(lab!.home, 'credentials.json'));
    await page.locator('#sluice-pipelines .sluice-ServiceProblem button', { hasText: 'Retry now' }).click();
    await page.locator('#sluice-pipelines').getByText('No pipelines yet').waitFor({ timeout: 90000 });
    await expect(page.locator('#sluice-pipelines .sluice-ServiceProblem').count()).resolves.toBe(0);
  });
});
