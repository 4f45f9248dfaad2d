// @ts-check
// Benchmark (figures, not a test): the Pipelines panel in real JupyterLab and Debian's Chromium against a real
// service. A 300-step pipeline's graph laid out and interactive (goal ≤ 1.5 s); a pipeline with 10,000
// executions opening on its first page (goal ≤ 1 s); requests a live execution view makes (goal ≤ 1 per s).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreatePipelineCommand, SageMakerClient, StartPipelineExecutionCommand, StopPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { FailStep, Pipeline, ProcessingStep } from 'sluice';
import { Store } from '../kernel-lib/dist/store/index.js';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { exitWithoutChromium, openLabInChromium, threeHundredSteps } from './lib/lab-browser.mjs';
import { median } from './lib/stats.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
exitWithoutChromium('panel');
const role = 'arn:aws:iam::000000000000:role/Bench';
const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
const home = mkdtempSync(join(tmpdir(), 'sluice-bench-panel-'));
const workspace = mkdtempSync(join(repoRoot, 'test-output', 'bench-panel-'));
const sluice = (/** @type {string[]} */ ...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

const started = sluice('service', 'start', '--home', home);
if (started.status !== 0) throw new Error(`sluice service start: ${started.stderr}`);
const state = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8'));
const credentials = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8'));
const client = new SageMakerClient({ endpoint: state.endpoint, region: credentials.region, credentials });

/** @param {Pipeline} pipeline */
const create = (pipeline) =>
  client.send(
    new CreatePipelineCommand({ PipelineName: pipeline.name, PipelineDefinition: pipeline.definition(), RoleArn: role, ClientRequestToken: randomUUID() }),
  );
await create(new Pipeline({ name: 'ThreeHundredSteps', steps: threeHundredSteps(role) }));
await create(new Pipeline({ name: 'TenThousandRuns', steps: [new FailStep({ name: 'Nothing', errorMessage: 'never run' })] }));
await create(
  new Pipeline({
    name: 'Live',
    steps: [
      new ProcessingStep({
        name: 'Wait',
        imageUri: 'node',
        roleArn: role,
        instanceType: 'local',
        instanceCount: 1,
        entrypoint: ['node', '-e', 'setTimeout(() => {}, 60000)'],
      }),
    ],
  }),
);

// 10,000 finished executions, written straight into the service's database (running them would take an hour).
const store = Store.open(join(home, 'sluice.db'));
const now = Date.now();
store.transaction(() => {
  for (let index = 0; index < 10000; index++) {
    const id = `bench${String(index).padStart(7, '0')}`;
    store.executions.create({
      arn: `arn:aws:sagemaker:${credentials.region}:000000000000:pipeline/tenthousandruns/execution/${id}`,
      id,
      pipelineName: 'TenThousandRuns',
      pipelineVersion: 1,
      displayName: `run-${index}`,
      description: null,
      status: index % 7 === 0 ? 'Failed' : 'Succeeded',
      parameters: '{}',
      maxParallelSteps: null,
      selectiveConfig: null,
      createdAt: now - (10000 - index) * 1000,
    });
  }
});
store.close();

const { page, close } = await openLabInChromium({ name: 'panel', workspace, port: 19900, env: { SLUICE_HOME: home } });
try {
  await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
  const panel = page.locator('#sluice-pipelines');
  await panel.locator('.sluice-PipelineItem[data-pipeline="ThreeHundredSteps"]').waitFor({ timeout: 60000 });

  /** @param {string} name */
  const openPipeline = async (name) => {
    await panel.locator(`.sluice-PipelineItem[data-pipeline="${name}"]`).click();
    const view = page.locator('.sluice-MainArea:not(.lm-mod-hidden)');
    await view.locator('.sluice-View-title', { hasText: name }).waitFor();
    return view;
  };

  // Graph: from the tab click to every node drawn, then a click that selects a step and a zoom that answers.
  const graphTimes = [];
  for (let round = 0; round < 3; round++) {
    const view = await openPipeline('ThreeHundredSteps');
    await view.locator('.sluice-Tab', { hasText: 'Executions' }).click();
    await view.locator('.sluice-Tab', { hasText: 'Graph' }).waitFor();
    const begin = performance.now();
    await view.locator('.sluice-Tab', { hasText: 'Graph' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.sluice-MainArea:not(.lm-mod-hidden) .react-flow__node').length === 300, undefined, {
      timeout: 30000,
    });
    const drawn = performance.now();
    await view.locator('.react-flow__controls-zoomin').click();
    await view.locator('.sluice-Graph-search').fill('Step-29-9');
    await view.locator('.sluice-StepNode.sluice-mod-highlighted').waitFor();
    graphTimes.push({ drawn: drawn - begin, interactive: performance.now() - begin });
    await view.locator('.sluice-Graph-search').fill('');
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon').click();
  }

  // Executions: from the sidebar click to the first page's rows, then the next page.
  const listTimes = [];
  for (let round = 0; round < 3; round++) {
    const begin = performance.now();
    const view = await openPipeline('TenThousandRuns');
    await view.locator('.sluice-ExecutionsTable .sluice-Table-row').first().waitFor();
    const firstPage = performance.now() - begin;
    const nextBegin = performance.now();
    await view.getByText('Next').click();
    await view.locator('.sluice-Pager', { hasText: 'Page 2' }).waitFor();
    await view.locator('.sluice-ExecutionsTable .sluice-Table-row', { hasText: 'run-9979' }).waitFor();
    listTimes.push({ firstPage, nextPage: performance.now() - nextBegin });
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabCloseIcon').click();
  }

  // A live execution view: requests to the service per second while a step runs.
  const { PipelineExecutionArn } = await client.send(
    new StartPipelineExecutionCommand({ PipelineName: 'Live', PipelineExecutionDisplayName: 'live-one', ClientRequestToken: randomUUID() }),
  );
  const view = await openPipeline('Live');
  await view.locator('.sluice-ExecutionsTable .sluice-Table-row', { hasText: 'live-one' }).click();
  await page.locator('.sluice-ExecutionView:visible .sluice-StepNode[data-state="executing"]').waitFor({ timeout: 60000 });
  // Only the execution view is left open and shown: close the pipeline's tab and the sidebar.
  await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
  let requests = 0;
  page.on('request', (request) => {
    // Jupyter's requests carry a cache-busting query: compare paths.
    if (new URL(request.url()).pathname.endsWith('/sluice/')) requests += 1;
  });
  const windowSeconds = 20;
  await new Promise((resolve) => setTimeout(resolve, windowSeconds * 1000));
  const perSecond = requests / windowSeconds;
  await client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn, ClientRequestToken: randomUUID() }));

  const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;
  console.log('Pipelines panel in Chromium (median of 3):');
  console.log(`  300-step graph drawn                 ${ms(median(graphTimes.map((t) => t.drawn)))}`);
  console.log(`  300-step graph interactive           ${ms(median(graphTimes.map((t) => t.interactive)))}   (goal ≤ 1500 ms: zoomed and searched)`);
  console.log(`  10,000 executions, first page shown  ${ms(median(listTimes.map((t) => t.firstPage)))}   (goal ≤ 1000 ms)`);
  console.log(`  10,000 executions, next page         ${ms(median(listTimes.map((t) => t.nextPage)))}`);
  console.log(`  live execution view                  ${perSecond.toFixed(2)} requests/s over ${windowSeconds} s   (goal ≤ 1)`);
} finally {
  await close();
  sluice('service', 'stop', '--home', home);
  client.destroy();
  rmSync(home, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
}
