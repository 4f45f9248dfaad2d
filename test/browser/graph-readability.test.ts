// The panel's graph as a user reads it at 1440×900: whole step names, nodes big enough to read, the step pane
// beside the graph rather than over it, "Find a step" bringing the step into view, and a condition's untaken
// branch greyed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Browser, Locator, Page } from 'playwright-core';
import { ConditionEquals, ConditionStep, FailStep, ParameterString, Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { codeFiles } from '../engine/engine-harness.js';
import { createPipeline, role, startExecution, waitForExecution } from '../service/execution-harness.js';
import { testOutputDir } from '../harness/workspace.js';
import { seedAbalonePipeline } from './abalone-in-panel.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { clickExecutionRow } from './execution-rows.js';

const screenshots = join(testOutputDir, 'screenshots');
const abaloneSteps = ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation', 'RegisterAbaloneModel-RegisterModel'];

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x >= outer.x - 1 &&
  inner.y >= outer.y - 1 &&
  inner.x + inner.width <= outer.x + outer.width + 1 &&
  inner.y + inner.height <= outer.y + outer.height + 1;
const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** A pipeline whose condition takes its true branch by default, so its else branch (a Fail step) is not taken. */
function branchingPipeline(): Pipeline {
  const code = codeFiles({ 'ok.ts': `console.log('done');` });
  const quality = new ParameterString({ name: 'Quality', defaultValue: 'good' });
  const measure = new ProcessingStep({ name: 'MeasureQuality', imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1, code: code['ok.ts'] });
  const ship = new ProcessingStep({ name: 'ShipTheModel', imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1, code: code['ok.ts'] });
  const stop = new FailStep({ name: 'StopBecauseQualityIsLow', errorMessage: 'quality is low' });
  const check = new ConditionStep({
    name: 'CheckQuality',
    conditions: [new ConditionEquals({ left: quality, right: 'good' })],
    ifSteps: [ship],
    elseSteps: [stop],
    dependsOn: [measure],
  });
  return new Pipeline({ name: 'BranchingPipeline', parameters: [quality], steps: [measure, check], defaultBucket: 'sluice-local' });
}

describe('the graph of an execution, read at 1440×900', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let client: SageMakerClient;

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(screenshots, `${name}.png`) });
  const panel = (): Locator => page.locator('#sluice-pipelines');
  const view = (): Locator => page.locator('.sluice-ExecutionView:visible');
  const node = (step: string): Locator => view().locator(`.sluice-StepNode[data-step="${step}"]`);
  const box = async (locator: Locator): Promise<Rect> => (await locator.boundingBox())!;
  /** Waits for React Flow's fitting animation to end: the viewport transform stops changing. */
  const settled = async (): Promise<void> => {
    let previous = '';
    for (;;) {
      await page.waitForTimeout(250);
      const transform = (await view().locator('.react-flow__viewport').getAttribute('style')) ?? '';
      if (transform === previous) return;
      previous = transform;
    }
  };

  async function openExecution(pipeline: string, step: string): Promise<void> {
    await panel().locator(`.sluice-PipelineItem[data-pipeline="${pipeline}"]`).click();
    const row = page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-ExecutionsTable .sluice-Table-row').first();
    await row.waitFor({ timeout: 30000 });
    await clickExecutionRow(row);
    await view().locator(`.sluice-StepNode[data-step="${step}"]`).waitFor({ timeout: 30000 });
    await view().locator('.sluice-Banner.sluice-mod-succeeded').waitFor({ timeout: 30000 });
    await settled();
  }

  beforeAll(async () => {
    lab = await startLabWithService('graph-readability', { startService: true });
    const clients = lab.clients();
    client = clients.client;
    await seedAbalonePipeline(lab, { name: 'AbalonePipeline', modelPackageGroupName: 'AbalonePackageGroup' });
    await createPipeline(client, clients.extras, branchingPipeline());
    const abalone = await waitForExecution(client, await startExecution(client, 'AbalonePipeline'), 300000);
    expect(abalone.status).toBe('Succeeded');
    const branching = await waitForExecution(client, await startExecution(client, 'BranchingPipeline'), 120000);
    expect(branching.status).toBe('Succeeded');

    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(lab.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await panel().locator('.sluice-PipelineItem[data-pipeline="AbalonePipeline"]').waitFor({ timeout: 60000 });
    await openExecution('AbalonePipeline', 'RegisterAbaloneModel-RegisterModel');
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('shows every step’s whole name, none cut or ellipsized, in nodes at least 120 px wide, all inside the graph', async () => {
    await shot('graph-readability-fit');
    const graph = await box(view().locator('.sluice-Graph'));
    for (const step of abaloneSteps) {
      const name = node(step).locator('.sluice-StepNode-name');
      await expect(name.textContent()).resolves.toBe(step);
      const fits = await name.evaluate((element) => {
        const nodeBox = element.closest('.sluice-StepNode')!.getBoundingClientRect();
        const lines = Array.from(element.children).map((line) => line.getBoundingClientRect());
        return {
          unclipped: element.scrollWidth <= element.clientWidth && getComputedStyle(element).textOverflow !== 'ellipsis',
          linesInsideNode: lines.every((line) => line.left >= nodeBox.left && line.right <= nodeBox.right),
        };
      });
      expect({ step, ...fits }).toEqual({ step, unclipped: true, linesInsideNode: true });
      const rendered = await box(node(step));
      expect(rendered.width).toBeGreaterThanOrEqual(120);
      expect({ step, inside: inside(rendered, graph) }).toEqual({ step, inside: true });
    }
  });

  it('fits the graph beside the step pane when the pane opens, no step hidden under it', async () => {
    await node('EvaluateAbaloneModel').click();
    const pane = view().locator('.sluice-StepPane[data-step="EvaluateAbaloneModel"]');
    await pane.waitFor({ timeout: 10000 });
    await settled();
    await shot('graph-readability-pane-open');
    const paneBox = await box(pane);
    const graph = await box(view().locator('.sluice-Graph'));
    // The graph's own area ends where the pane begins, so fitting fits what the user can see.
    expect(graph.x + graph.width).toBeLessThanOrEqual(paneBox.x + 1);
    for (const step of abaloneSteps) {
      const rendered = await box(node(step));
      expect({ step, underPane: overlaps(rendered, paneBox) }).toEqual({ step, underPane: false });
    }
    // The open step itself is in view, and no step is shrunk below the zoom at which names can be read.
    expect(inside(await box(node('EvaluateAbaloneModel')), graph)).toBe(true);
    const zoom = await view()
      .locator('.react-flow__viewport')
      .evaluate((element) => new DOMMatrix(getComputedStyle(element).transform).a);
    expect(zoom).toBeGreaterThanOrEqual(0.5);
    await pane.locator('.sluice-StepPane-header button').first().click();
    await settled();
  });

  it('brings the step “Find a step” finds into view when it was out of view', async () => {
    const zoomIn = view().locator('.react-flow__controls-zoomin');
    const graph = await box(view().locator('.sluice-Graph'));
    for (let click = 0; click < 6 && inside(await box(node('RegisterAbaloneModel-RegisterModel')), graph); click++) {
      await zoomIn.click();
      await settled();
    }
    expect(inside(await box(node('RegisterAbaloneModel-RegisterModel')), graph)).toBe(false);
    await view().locator('.sluice-Graph-search').fill('register');
    await settled();
    await shot('graph-readability-find');
    await expect(node('RegisterAbaloneModel-RegisterModel').getAttribute('class')).resolves.toContain('sluice-mod-highlighted');
    const found = await box(node('RegisterAbaloneModel-RegisterModel'));
    expect(inside(found, graph)).toBe(true);
    await view().locator('.sluice-Graph-search').fill('');
  });

  it('greys the branch the condition did not take, and its step, and not the branch it took', async () => {
    await openExecution('BranchingPipeline', 'StopBecauseQualityIsLow');
    await shot('graph-readability-untaken-branch');
    const stop = node('StopBecauseQualityIsLow');
    await expect(stop.getAttribute('class')).resolves.toContain('sluice-mod-untaken');
    await expect(stop.textContent()).resolves.toContain('Branch not taken');
    expect(Number(await stop.evaluate((element) => getComputedStyle(element).opacity))).toBeLessThan(0.6);
    await expect(node('ShipTheModel').getAttribute('class')).resolves.not.toContain('sluice-mod-untaken');
    await expect(node('ShipTheModel').getAttribute('data-state')).resolves.toBe('succeeded');

    const untaken = view().locator('.react-flow__edge[data-id="CheckQuality->StopBecauseQualityIsLow:false"]');
    const taken = view().locator('.react-flow__edge[data-id="CheckQuality->ShipTheModel:true"]');
    await expect(untaken.locator('[data-branch="untaken"]').count()).resolves.toBe(1);
    await expect(taken.locator('[data-branch="taken"]').count()).resolves.toBe(1);
    const stroke = (edge: Locator): Promise<string> => edge.locator('path.react-flow__edge-path').evaluate((path) => getComputedStyle(path).stroke);
    expect(await stroke(untaken)).not.toBe(await stroke(taken));
    await expect(untaken.getAttribute('class')).resolves.toContain('sluice-mod-untaken');
  });
});
