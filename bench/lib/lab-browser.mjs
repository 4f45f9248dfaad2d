// @ts-check
// What the browser benches share: Debian's Chromium (or a skip line when it is missing), JupyterLab over a workspace
// with Chromium on its page, and the 300-step pipeline they draw.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ProcessingStep } from 'sluice';
import { findFreePort, startJupyterLab } from '../../scripts/lib/jupyter-server.mjs';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const { chromium } = /** @type {{ chromium: import('playwright-core').BrowserType }} */ (createRequire(import.meta.url)('playwright-core'));
const chromiumPath = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Ends the bench with a line saying why when there is no Chromium.
 * @param {string} bench
 */
export function exitWithoutChromium(bench) {
  if (existsSync(chromiumPath)) return;
  console.log(`${bench} bench skipped: no Chromium at ${chromiumPath} (apt-get install chromium)`);
  process.exit(0);
}

/**
 * JupyterLab over `workspace` and a 1440×900 Chromium page on it, the main area drawn.
 * @param {{ name: string, workspace: string, port: number, env: Record<string, string> }} options
 */
export async function openLabInChromium(options) {
  const lab = await startJupyterLab({
    workspace: options.workspace,
    port: await findFreePort(options.port),
    logFile: join(repoRoot, 'test-output', 'logs', `bench-${options.name}-jupyterlab.log`),
    env: options.env,
  });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(lab.labUrl);
  await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
  return {
    lab,
    browser,
    page,
    close: async () => {
      await browser.close();
      await lab.stop();
    },
  };
}

/**
 * Shows the file browser (its sidebar tab toggles it, so the tab is clicked only while it is hidden) with the
 * workspace's files as they are now.
 * @param {import('playwright-core').Page} page
 */
export async function showFileBrowser(page) {
  if (!(await page.locator('.jp-FileBrowser').isVisible())) await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title^="File Browser"]').click();
  await page.locator('.jp-FileBrowser .jp-ToolbarButtonComponent[title="Refresh the file browser."]').click();
}

/**
 * 30 layers of 10 processing steps; each waits for two of the layer before it.
 * @param {string} roleArn
 */
export function threeHundredSteps(roleArn) {
  /** @type {ProcessingStep[]} */
  const steps = [];
  for (let layer = 0; layer < 30; layer++) {
    for (let index = 0; index < 10; index++) {
      steps.push(
        new ProcessingStep({
          name: `Step-${layer}-${index}`,
          imageUri: 'node',
          roleArn,
          instanceType: 'local',
          instanceCount: 1,
          entrypoint: ['node', '-e', '0'],
          dependsOn: layer === 0 ? [] : [`Step-${layer - 1}-${index}`, `Step-${layer - 1}-${(index + 3) % 10}`],
        }),
      );
    }
  }
  return steps;
}
