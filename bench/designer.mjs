// @ts-check
// Benchmark (figures, not a test): the pipeline designer (issue 21) in real JupyterLab and Debian's Chromium. A
// 300-step definition as the SDK writes it (no layout yet) opens editable (goal ≤ 2 s: the steps in view drawn and
// one chosen, its form shown), and the frame times while a step is dragged across the canvas (goal: a 60 Hz frame, 17 ms).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pipeline } from 'sluice';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { exitWithoutChromium, openLabInChromium, showFileBrowser, threeHundredSteps } from './lib/lab-browser.mjs';
import { median } from './lib/stats.mjs';

exitWithoutChromium('designer');
const rounds = 3;
const workspace = mkdtempSync(join(repoRoot, 'test-output', 'bench-designer-'));

// bench/panel.mjs's 300 steps, each reading nothing.
const text = new Pipeline({ name: 'ThreeHundredSteps', steps: threeHundredSteps('arn:aws:iam::000000000000:role/Bench') }).definition();
for (let round = 0; round < rounds; round++) writeFileSync(join(workspace, `big-${round}.pipeline.json`), text);

const { page, close } = await openLabInChromium({ name: 'designer', workspace, port: 19950, env: {} });
try {
  const designer = page.locator('.sluice-DesignerWidget:not(.lm-mod-hidden)');

  /** @type {{ open: number, frames: number[], drawn: number }[]} */
  const results = [];
  for (let round = 0; round < rounds; round++) {
    // Open: from the double-click in the file browser to all 300 steps drawn and a chosen step's form shown.
    await showFileBrowser(page);
    const item = page.locator(`.jp-DirListing-item[title^="Name: big-${round}.pipeline.json"]`);
    await item.waitFor({ timeout: 30000 });
    const begin = performance.now();
    await item.dblclick();
    // React Flow draws the steps in view (all 300 once zoomed out): the canvas is ready when they are there.
    await designer.locator('.react-flow__node').first().waitFor({ timeout: 60000 });
    // A step in the middle of the canvas (the zoomed-out graph runs under the palette and the pane at its ends).
    const name = await page.evaluate(() => {
      const canvas = document.querySelector('.sluice-DesignerWidget:not(.lm-mod-hidden) .sluice-Designer-canvas')?.getBoundingClientRect();
      const middle = canvas ? canvas.left + canvas.width / 2 : 0;
      const nodes = Array.from(document.querySelectorAll('.sluice-DesignerWidget:not(.lm-mod-hidden) .react-flow__node'));
      const distance = (/** @type {Element} */ item) => Math.abs(item.getBoundingClientRect().left - middle);
      return nodes.sort((a, b) => distance(a) - distance(b))[0]?.getAttribute('data-id') ?? '';
    });
    const node = designer.locator(`.react-flow__node[data-id="${name}"]`);
    await node.click();
    await designer.locator(`.sluice-Designer-stepForm[data-step="${name}"]`).waitFor();
    const open = performance.now() - begin;

    // Drag: a step moved 300 px in 60 mouse moves; every frame's interval recorded by the page itself.
    const drawn = await designer.locator('.react-flow__node').count();
    const box = await node.boundingBox();
    if (box === null) throw new Error(`${name} is not on the canvas`);
    await page.evaluate(() => {
      const frames = /** @type {number[]} */ ([]);
      let last = performance.now();
      const tick = (/** @type {number} */ now) => {
        frames.push(now - last);
        last = now;
        if (/** @type {any} */ (window).sluiceBenchFrames === frames) requestAnimationFrame(tick);
      };
      /** @type {any} */ (window).sluiceBenchFrames = frames;
      requestAnimationFrame(tick);
    });
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let step = 1; step <= 60; step++) await page.mouse.move(box.x + box.width / 2 + step * 5, box.y + box.height / 2 + step * 2);
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      const recorded = /** @type {number[]} */ (/** @type {any} */ (window).sluiceBenchFrames);
      /** @type {any} */ (window).sluiceBenchFrames = undefined;
      return recorded.slice(1);
    });
    results.push({ open, frames, drawn });
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon').click();
    // Moving a step made the file dirty: close without saving.
    const discard = page.locator('.jp-Dialog-button', { hasText: /Discard|Don't save/ });
    if (await discard.isVisible().catch(() => false)) await discard.click();
    else await page.waitForTimeout(300);
    if (await discard.isVisible().catch(() => false)) await discard.click();
  }

  const sorted = (/** @type {number[]} */ values) => [...values].sort((a, b) => a - b);
  const percentile = (/** @type {number[]} */ values, /** @type {number} */ p) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * p))];
  const frames = results.flatMap((result) => result.frames);
  const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;
  console.log(`Pipeline designer in Chromium, a 300-step definition (median of ${rounds}):`);
  console.log(
    `  opened editable (drawn, a step's form shown)  ${ms(median(results.map((result) => result.open)))}   (goal ≤ 2000 ms; ${results[0]?.drawn} steps in view)`,
  );
  console.log(
    `  frame time while dragging a step             median ${ms(median(frames))}, p95 ${ms(percentile(frames, 0.95))}, max ${ms(Math.max(...frames))} over ${frames.length} frames   (goal: 17 ms, 60 Hz)`,
  );
} finally {
  await close();
  rmSync(workspace, { recursive: true, force: true });
}
