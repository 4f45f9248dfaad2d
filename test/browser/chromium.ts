import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserType, Page } from 'playwright-core';

// Loaded as CommonJS: jest's ESM loader trips over the circular imports of playwright-core's index.mjs.
const { chromium } = createRequire(import.meta.url)('playwright-core') as { chromium: BrowserType };

/** Debian's Chromium: a test tool's own browser download does not work on these machines. */
export const chromiumPath = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it with \`apt-get install chromium\` (CI's .ci/run does), or set SLUICE_CHROMIUM`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // Root needs --no-sandbox; the rest keep Chromium from calling home on a closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Chromium with one 1440×900 page on JupyterLab at `url`, once its main area shows. */
export async function openJupyterLab(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
  return { browser, page };
}
