// The panel against a real local service: seeded pipelines, then what a user does in JupyterLab.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeModelPackageCommand,
  ListModelPackagesCommand,
  StartPipelineExecutionCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Browser, Locator, Page } from 'playwright-core';
import { Pipeline, ParameterInteger, ProcessingStep } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { codeFiles } from '../engine/engine-harness.js';
import { createPipeline, role, waitForExecution } from '../service/execution-harness.js';
import { testOutputDir } from '../harness/workspace.js';
import { openStepPane, seedAbalonePipeline } from './abalone-in-panel.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { clickExecutionRow } from './execution-rows.js';

const screenshots = join(testOutputDir, 'screenshots');
const abaloneSteps = ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation', 'RegisterAbaloneModel-RegisterModel'];

describe('the Pipelines panel with a running service', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let client: SageMakerClient;

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(screenshots, `${name}.png`) });
  const panel = (): Locator => page.locator('#sluice-pipelines');
  const currentView = (): Locator => page.locator('.sluice-MainArea:not(.lm-mod-hidden)');
  const node = (step: string): Locator => currentView().locator(`.sluice-StepNode[data-step="${step}"]`);

  beforeAll(async () => {
    lab = await startLabWithService('pipeline-views', { startService: true });
    const clients = lab.clients();
    client = clients.client;
    await seedAbalonePipeline(lab, {
      name: 'AbalonePipeline',
      modelPackageGroupName: 'AbalonePackageGroup',
      inferenceCode: join(repoRoot, 'test', 'fixtures', 'abalone', 'inference.ts'),
    });
    const code = codeFiles({
      'slow.ts': `console.log('working, slowly'); setInterval(() => console.log('still working'), 1000);`,
      // Fails the first time it runs, succeeds when retried.
      'flaky.ts': `
        import { existsSync, writeFileSync } from 'node:fs';
        if (!existsSync(process.env.MARKER as string)) { writeFileSync(process.env.MARKER as string, 'x'); console.error('not this time'); process.exit(1); }
        console.log('second time lucky');
      `,
    });
    const flaky = new ProcessingStep({
      name: 'Flaky',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      code: code['flaky.ts'],
      env: { MARKER: join(lab.scratch, 'flaky-marker') },
    });
    await createPipeline(client, clients.extras, new Pipeline({ name: 'FlakyPipeline', steps: [flaky], defaultBucket: 'sluice-local' }));
    const seconds = new ParameterInteger({ name: 'Seconds', defaultValue: 600 });
    const slow = new ProcessingStep({
      name: 'TakeYourTime',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      code: code['slow.ts'],
      arguments: ['--seconds', seconds],
    });
    await createPipeline(client, clients.extras, new Pipeline({ name: 'SlowPipeline', steps: [slow], parameters: [seconds], defaultBucket: 'sluice-local' }));

    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(lab.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('lists the seeded pipelines in the sidebar, and filters them by name', async () => {
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await panel().locator('.sluice-PipelineItem[data-pipeline="SlowPipeline"]').waitFor({ timeout: 60000 });
    await shot('sidebar-pipelines');
    await expect(panel().locator('.sluice-PipelineItem .sluice-List-name').allTextContents()).resolves.toEqual([
      'AbalonePipeline',
      'FlakyPipeline',
      'SlowPipeline',
    ]);
    await expect(panel().locator('.sluice-PipelineItem[data-pipeline="AbalonePipeline"]').textContent()).resolves.toContain('Never run');
    await panel().locator('.sluice-Search').fill('abal');
    await expect(panel().locator('.sluice-PipelineItem .sluice-List-name').allTextContents()).resolves.toEqual(['AbalonePipeline']);
    await panel().locator('.sluice-Search').fill('');
  });

  it('opens a pipeline in a main-area tab whose graph has every step, with the condition branch labelled', async () => {
    await panel().locator('.sluice-PipelineItem[data-pipeline="AbalonePipeline"]').click();
    await currentView().locator('.sluice-View-title', { hasText: 'AbalonePipeline' }).waitFor();
    await currentView().locator('.sluice-Tab', { hasText: 'Graph' }).click();
    for (const step of abaloneSteps) await node(step).waitFor();
    await expect(currentView().locator('.react-flow__node').count()).resolves.toBe(5);
    await expect(currentView().locator('.react-flow__edge').count()).resolves.toBe(7);
    await expect(currentView().locator('.react-flow__edge-text').allTextContents()).resolves.toEqual(['true']);
    await expect(node('TrainAbaloneModel').textContent()).resolves.toContain('Training');
    await expect(currentView().locator('.react-flow__minimap').count()).resolves.toBe(1);
    await shot('pipeline-graph');
    // The plan: nothing has run and nothing caches, so every step will run; the registration only if the check passes.
    await currentView().locator('.sluice-PlanToggle').click();
    await currentView().locator('.sluice-StepNode[data-plan="run"]').first().waitFor();
    await expect(currentView().locator('.sluice-PlanSummary').textContent()).resolves.toBe('5 steps will run, 0 cached (hover a step for why)');
    await expect(node('TrainAbaloneModel').getAttribute('title')).resolves.toBe('will run: caching off');
    await expect(node('RegisterAbaloneModel-RegisterModel').getAttribute('title')).resolves.toBe(
      'will run if CheckMSEAbaloneEvaluation is true: RegisterModel steps are not cached',
    );
    await shot('pipeline-graph-plan');
    await currentView().locator('.sluice-PlanToggle').click();
    await expect(currentView().locator('.sluice-StepNode[data-plan]').count()).resolves.toBe(0);

    await currentView().locator('.sluice-Tab', { hasText: 'Parameters' }).click();
    await expect(currentView().locator('.sluice-ParametersTable tbody tr td:first-child').allTextContents()).resolves.toEqual([
      'ProcessingInstanceCount',
      'ModelApprovalStatus',
      'InputDataUrl',
      'MseThreshold',
    ]);
    await currentView().locator('.sluice-Tab', { hasText: 'Settings' }).click();
    await expect(currentView().locator('.sluice-Facts').textContent()).resolves.toContain('arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalonepipeline');
    await shot('pipeline-settings');
    const [download] = await Promise.all([page.waitForEvent('download'), currentView().getByText('Download definition (JSON)').click()]);
    expect(download.suggestedFilename()).toBe('AbalonePipeline.json');
    const saved = join(testOutputDir, 'downloads', 'AbalonePipeline.json');
    await download.saveAs(saved);
    expect(JSON.parse(readFileSync(saved, 'utf8'))).toMatchObject({ Version: '2020-12-01', Steps: [{ Name: 'PreprocessAbaloneData' }, {}, {}, {}] });
  });

  it('starts an execution with an override from the dialog and watches every step turn succeeded', async () => {
    await currentView().locator('.sluice-StartButton').click();
    const dialog = page.locator('.sluice-StartDialog');
    await dialog.waitFor();
    await expect(dialog.locator('input[name="MseThreshold"]').inputValue()).resolves.toBe('6.0');
    await dialog.locator('input[name="ProcessingInstanceCount"]').fill('1.5');
    await expect(dialog.locator('.sluice-Form-problems').textContent()).resolves.toBe('ProcessingInstanceCount must be a whole number');
    await expect(dialog.locator('.jp-Dialog-button.jp-mod-accept').isDisabled()).resolves.toBe(true);
    await dialog.locator('input[name="ProcessingInstanceCount"]').fill('1');
    await dialog.locator('input[name="MseThreshold"]').fill('20');
    await dialog.locator('input[name="displayName"]').fill('loose-threshold');
    await shot('start-execution-dialog');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();

    const view = page.locator('.sluice-ExecutionView');
    await view.waitFor({ timeout: 30000 });
    await expect(view.locator('.sluice-ParameterValue[data-parameter="MseThreshold"]').textContent()).resolves.toBe('MseThreshold = 20');
    await expect(view.locator('.sluice-Banner-title').textContent()).resolves.toBe('loose-threshold');
    for (const step of abaloneSteps) {
      await view.locator(`.sluice-StepNode[data-step="${step}"][data-state="succeeded"]`).waitFor({ timeout: 180000 });
    }
    await view.locator('.sluice-Banner.sluice-mod-succeeded').waitFor({ timeout: 30000 });
    await shot('execution-succeeded');
  });

  it("opens a step's logs and outputs from the graph", async () => {
    const view = page.locator('.sluice-ExecutionView');
    const pane = await openStepPane(view, 'PreprocessAbaloneData');
    await expect(pane.locator('.sluice-StepPane-status').textContent()).resolves.toBe('Succeeded');
    await pane.locator('.sluice-Tab', { hasText: 'Logs' }).click();
    await pane.locator('.sluice-Logs-line', { hasText: 'split 4177 rows: 2923 train, 627 validation, 627 test' }).waitFor({ timeout: 30000 });
    await shot('step-logs');
    await pane.locator('.sluice-Tab', { hasText: 'Output' }).click();
    await expect(pane.locator('.sluice-Outputs').textContent()).resolves.toContain('processing-job/');

    const training = await openStepPane(view, 'TrainAbaloneModel');
    await training.locator('.sluice-Tab', { hasText: 'Metrics' }).click();
    await training.locator('td', { hasText: 'validation:mse' }).waitFor({ timeout: 30000 });
    await shot('step-metrics');
    await training.locator('.sluice-Tab', { hasText: 'Input' }).click();
    await expect(training.locator('.sluice-Inputs tr[data-input="train"]').textContent()).resolves.toMatch(/s3:\/\/.*train/);
    await expect(training.locator('.sluice-StepInput .sluice-Facts').textContent()).resolves.toContain('Hyperparameter');

    const preprocess = await openStepPane(view, 'PreprocessAbaloneData');
    await preprocess.locator('.sluice-Tab', { hasText: 'Input' }).click();
    await expect(preprocess.locator('.sluice-Inputs').textContent()).resolves.toContain('s3://sluice-data/abalone/abalone.csv');
    await preprocess.locator('.sluice-Tab', { hasText: 'Output' }).click();
    const trainFiles = preprocess.locator('.sluice-OutputFiles[data-output="train"] .sluice-DownloadFile');
    await trainFiles.first().waitFor({ timeout: 30000 });
    const [download] = await Promise.all([page.waitForEvent('download'), trainFiles.first().click()]);
    const saved = join(testOutputDir, 'downloads', download.suggestedFilename());
    await download.saveAs(saved);
    // The training split: 2923 rows of label then features, no header.
    expect(readFileSync(saved, 'utf8').trim().split('\n')).toHaveLength(2923);

    const evaluate = await openStepPane(view, 'EvaluateAbaloneModel');
    await evaluate.locator('.sluice-Tab', { hasText: 'Output' }).click();
    const report = evaluate.locator('.sluice-PropertyFile[data-property-file="AbaloneEvaluationReport"] .sluice-Json');
    await report.waitFor({ timeout: 30000 });
    expect(JSON.parse((await report.textContent()) ?? '')).toMatchObject({ regression_metrics: { mse: { value: expect.any(Number) } } });
    await shot('step-property-file');
  });

  it('runs selected steps again, refusing a selection that is not connected', async () => {
    const view = page.locator('.sluice-ExecutionView:visible');
    await view.locator('.sluice-RunSelected').waitFor();
    await view.locator('.sluice-StepNode[data-step="TrainAbaloneModel"]').click({ modifiers: ['Shift'] });
    await view.locator('.sluice-StepNode[data-step="CheckMSEAbaloneEvaluation"]').click({ modifiers: ['Shift'] });
    await expect(view.locator('.sluice-SelectionProblem').textContent()).resolves.toContain('“EvaluateAbaloneModel” lies between');
    await expect(view.locator('.sluice-RunSelectedButton').isDisabled()).resolves.toBe(true);
    await view.locator('.sluice-StepNode[data-step="CheckMSEAbaloneEvaluation"]').click({ modifiers: ['Shift'] });
    await view.getByText('Clear', { exact: true }).click();
    await expect(view.locator('.sluice-StepNode.sluice-mod-chosen').count()).resolves.toBe(0);

    // A shift-drag box (lasso) around the training and evaluation steps chooses both.
    const train = (await view.locator('.sluice-StepNode[data-step="TrainAbaloneModel"]').boundingBox())!;
    const evaluate = (await view.locator('.sluice-StepNode[data-step="EvaluateAbaloneModel"]').boundingBox())!;
    const left = Math.min(train.x, evaluate.x) - 4;
    const top = Math.min(train.y, evaluate.y) - 4;
    await page.keyboard.down('Shift');
    await page.mouse.move(left, top);
    await page.mouse.down();
    await page.mouse.move(
      Math.max(train.x + train.width, evaluate.x + evaluate.width) + 4,
      Math.max(train.y + train.height, evaluate.y + evaluate.height) + 4,
      { steps: 8 },
    );
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await expect(
      view.locator('.sluice-StepNode.sluice-mod-chosen').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-step')).sort()),
    ).resolves.toEqual(['EvaluateAbaloneModel', 'TrainAbaloneModel']);
    await expect(view.locator('.sluice-SelectionProblem').count()).resolves.toBe(0);
    await expect(view.locator('.sluice-StepNode.sluice-mod-chosen').count()).resolves.toBe(2);
    await shot('run-selected');
    await view.locator('.sluice-RunSelectedButton').click();

    const rerun = page.locator('.sluice-ExecutionView:visible').filter({ hasNot: page.locator('.sluice-Banner-title', { hasText: 'loose-threshold' }) });
    await rerun.locator('.sluice-Banner.sluice-mod-succeeded').waitFor({ timeout: 120000 });
    await rerun.locator('.sluice-StepNode[data-step="EvaluateAbaloneModel"][data-state="succeeded"]').waitFor({ timeout: 30000 });
    // Only the chosen steps ran; the register step was not part of it.
    await expect(rerun.locator('.sluice-StepNode[data-step="RegisterAbaloneModel-RegisterModel"]').getAttribute('data-state')).resolves.toBe('notRun');
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: 'loose-threshold' }).click();
  });

  it('stops a long execution and shows it Stopped', async () => {
    await client.send(
      new StartPipelineExecutionCommand({ PipelineName: 'SlowPipeline', PipelineExecutionDisplayName: 'slow-one', ClientRequestToken: `slow-${Date.now()}` }),
    );
    await panel().locator('.sluice-PipelineItem[data-pipeline="SlowPipeline"]').click();
    const row = currentView().locator('.sluice-ExecutionsTable .sluice-Table-row', { hasText: 'slow-one' });
    await row.waitFor({ timeout: 30000 });
    await clickExecutionRow(row);
    const view = page.locator('.sluice-ExecutionView:visible');
    await view.locator('.sluice-StepNode[data-step="TakeYourTime"][data-state="executing"]').waitFor({ timeout: 60000 });
    await shot('execution-running');
    await view.locator('.sluice-StopButton').click();
    await view.locator('.sluice-Banner.sluice-mod-stopped').waitFor({ timeout: 60000 });
    await view.locator('.sluice-StepNode[data-step="TakeYourTime"][data-state="stopped"]').waitFor({ timeout: 30000 });
    await expect(view.locator('.sluice-RerunButton').count()).resolves.toBe(1);
    await shot('execution-stopped');
  });

  it('retries a failed execution from the banner, and it succeeds', async () => {
    await client.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'FlakyPipeline',
        PipelineExecutionDisplayName: 'flaky-one',
        ClientRequestToken: `flaky-${Date.now()}`,
      }),
    );
    await panel().locator('.sluice-PipelineItem[data-pipeline="FlakyPipeline"]').click();
    const row = currentView().locator('.sluice-ExecutionsTable .sluice-Table-row', { hasText: 'flaky-one' });
    await row.waitFor({ timeout: 30000 });
    await clickExecutionRow(row);
    const view = page.locator('.sluice-ExecutionView:visible');
    await view.locator('.sluice-Banner.sluice-mod-failed').waitFor({ timeout: 60000 });
    await view.locator('.sluice-StepNode[data-step="Flaky"][data-state="failed"]').waitFor();
    await openStepPane(view, 'Flaky');
    await expect(view.locator('.sluice-StepPane .sluice-FailureReason').textContent()).resolves.toMatch(/exit|code|1/i);
    await shot('execution-failed');
    await view.locator('.sluice-RetryButton').click();
    await view.locator('.sluice-Banner.sluice-mod-succeeded').waitFor({ timeout: 60000 });
    await view.locator('.sluice-StepNode[data-step="Flaky"][data-state="succeeded"]').waitFor();
  });

  it('approves a model version with a comment', async () => {
    const group = panel().locator('.sluice-ModelGroupItem[data-group="AbalonePackageGroup"]');
    await group.waitFor({ timeout: 30000 });
    await group.click();
    const view = page.locator('.sluice-ModelGroupView:visible');
    const version = view.locator('tr[data-version="1"]');
    await version.waitFor({ timeout: 30000 });
    await expect(version.locator('.sluice-StatusChip').textContent()).resolves.toBe('PendingManualApproval');
    await version.locator('.sluice-UpdateStatusButton').click();
    const dialog = page.locator('.sluice-UpdateStatusDialog');
    await dialog.locator('select[name="status"]').selectOption('Rejected');
    await expect(dialog.locator('.jp-Dialog-button.jp-mod-accept').isDisabled()).resolves.toBe(true);
    await dialog.locator('select[name="status"]').selectOption('Approved');
    await dialog.locator('textarea[name="comment"]').fill('MSE under 20, approved for staging');
    await shot('update-model-status');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await version.locator('.sluice-StatusChip', { hasText: /^Approved$/ }).waitFor({ timeout: 30000 });
    await expect(version.locator('.sluice-ApprovalComment').textContent()).resolves.toBe('MSE under 20, approved for staging');
    await shot('model-group-approved');

    const listed = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'AbalonePackageGroup' }));
    const described = await client.send(new DescribeModelPackageCommand({ ModelPackageName: listed.ModelPackageSummaryList![0].ModelPackageArn! }));
    expect(described).toMatchObject({ ModelApprovalStatus: 'Approved', ApprovalDescription: 'MSE under 20, approved for staging' });
  });

  it("opens the version's page: metrics from its report, lineage to the execution, the approval in Activity", async () => {
    const view = page.locator('.sluice-ModelGroupView:visible');
    await view.locator('tr[data-version="1"] td', { hasText: /^1$/ }).click();
    const version = page.locator('.sluice-ModelVersionView:visible');
    await version.locator('.sluice-View-title', { hasText: 'AbalonePackageGroup v1' }).waitFor({ timeout: 30000 });
    await expect(version.locator('.sluice-Facts').textContent()).resolves.toContain('MSE under 20, approved for staging');

    await version.locator('.sluice-Tab', { hasText: 'Metrics' }).click();
    const mse = version.locator('tr[data-metric="regression_metrics.mse.value"] td.sluice-Mono');
    await mse.waitFor({ timeout: 30000 });
    expect(Number(await mse.textContent())).toBeGreaterThan(1);
    await shot('model-version-metrics');

    await version.locator('.sluice-Tab', { hasText: 'Lineage' }).click();
    await expect(version.locator('.sluice-Lineage').textContent()).resolves.toMatch(/AbalonePipeline.*loose-threshold.*RegisterAbaloneModel-RegisterModel/s);
    // The lineage graph: back from the version to its training job, the data it came from and each step's code, with its digest.
    const lineage = version.locator('.sluice-LineageGraph');
    const entity = (type: string, text?: string): Locator => lineage.locator(`.sluice-LineageNode[data-lineage-type="${type}"]`, text ? { hasText: text } : {});
    await entity('ModelPackage', 'v1').waitFor({ timeout: 30000 });
    await expect(entity('TrainingJob').count()).resolves.toBe(1);
    await expect(entity('ProcessingJob').count()).resolves.toBe(1);
    await expect(entity('DataSet', 'abalone.csv').count()).resolves.toBe(1);
    const code = await entity('Code').allTextContents();
    expect(code).toEqual(
      expect.arrayContaining([expect.stringMatching(/preprocess\.mjs.*sha256 [0-9a-f]{12}/), expect.stringMatching(/train\.mjs.*sha256 [0-9a-f]{12}/)]),
    );
    await shot('model-version-lineage');
    // Forward from the raw data set: every job and model version made from it.
    await entity('DataSet', 'abalone.csv').locator('.sluice-LineageNode-forward').click();
    await version.locator('.sluice-LineageView-header', { hasText: 'What was made from' }).waitFor({ timeout: 30000 });
    await entity('ModelPackage', 'v1').waitFor({ timeout: 30000 });
    // Both models trained on it: the execution's (registered as v1) and the one the selective run trained again.
    await expect(entity('Model').count()).resolves.toBe(2);
    await version.locator('.sluice-LineageView-home').click();
    await version.locator('.sluice-LineageView-header', { hasText: 'was made from: data sets' }).waitFor({ timeout: 30000 });

    await version.locator('.sluice-Tab', { hasText: 'Activity' }).click();
    const approved = version.locator('tr[data-event="ApprovalStatusChanged"]');
    await approved.waitFor({ timeout: 30000 });
    await expect(approved.textContent()).resolves.toContain('PendingManualApproval → Approved');
    await expect(approved.locator('.sluice-ActivityComment').textContent()).resolves.toBe('MSE under 20, approved for staging');
    await expect(version.locator('tr[data-event="Registered"]').count()).resolves.toBe(1);
    await shot('model-version-activity');

    // Lineage opens the execution that registered the version.
    await version.locator('.sluice-Tab', { hasText: 'Lineage' }).click();
    await version.locator('.sluice-LineageExecution').click();
    await page.locator('.sluice-ExecutionView:visible .sluice-Banner-title', { hasText: 'loose-threshold' }).waitFor({ timeout: 30000 });
  });

  it('lists an endpoint serving the approved version in the sidebar, and opens that version from it', async () => {
    const listed = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: 'AbalonePackageGroup', ModelApprovalStatus: 'Approved' }));
    const approved = listed.ModelPackageSummaryList![0].ModelPackageArn!;
    await client.send(new CreateModelCommand({ ModelName: 'abalone-v1', PrimaryContainer: { ModelPackageName: approved }, ExecutionRoleArn: role }));
    await client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'abalone-v1',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'abalone-v1', InitialInstanceCount: 1 }],
      }),
    );
    await client.send(new CreateEndpointCommand({ EndpointName: 'abalone-staging', EndpointConfigName: 'abalone-v1' }));
    try {
      const endpoint = panel().locator('.sluice-EndpointItem[data-endpoint="abalone-staging"]');
      await endpoint.locator('.sluice-StatusChip', { hasText: 'InService' }).waitFor({ timeout: 60000 });
      await expect(endpoint.locator('.sluice-EndpointVersion').textContent()).resolves.toBe('serves abalonepackagegroup v1');
      await shot('sidebar-endpoints');
      // The endpoint's lineage: its deployment, back through the version it serves to the data under it.
      await endpoint.locator('.sluice-EndpointLineage').click();
      const lineage = page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-LineageGraph');
      await lineage.locator('.sluice-LineageNode[data-lineage-type="Endpoint"]', { hasText: 'abalone-staging' }).waitFor({ timeout: 30000 });
      await lineage.locator('.sluice-LineageNode[data-lineage-type="ModelDeployment"]').waitFor({ timeout: 30000 });
      await lineage.locator('.sluice-LineageNode[data-lineage-type="ModelPackage"]', { hasText: 'v1' }).waitFor({ timeout: 30000 });
      await lineage.locator('.sluice-LineageNode[data-lineage-type="DataSet"]', { hasText: 'abalone.csv' }).waitFor({ timeout: 30000 });
      await shot('endpoint-lineage');
      await endpoint.locator('.sluice-EndpointVersion').click();
      await page.locator('.sluice-ModelVersionView:visible .sluice-View-title', { hasText: 'AbalonePackageGroup v1' }).waitFor({ timeout: 30000 });
    } finally {
      await client.send(new DeleteEndpointCommand({ EndpointName: 'abalone-staging' }));
    }
    await panel().locator('.sluice-EndpointItem[data-endpoint="abalone-staging"]').waitFor({ state: 'detached', timeout: 30000 });
  });

  it('filters executions by parameter value and status, and compares two of them with differences marked', async () => {
    const second = await client.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'AbalonePipeline',
        PipelineExecutionDisplayName: 'strict-threshold',
        PipelineParameters: [{ Name: 'MseThreshold', Value: '8.5' }],
        ClientRequestToken: `strict-${Date.now()}`,
      }),
    );
    await waitForExecution(client, second.PipelineExecutionArn!);
    await panel().locator('.sluice-PipelineItem[data-pipeline="AbalonePipeline"]').click();
    const view = currentView();
    await view.locator('.sluice-Tab', { hasText: 'Executions' }).click();
    const rows = view.locator('.sluice-ExecutionsTable .sluice-Table-row');
    await rows.filter({ hasText: 'strict-threshold' }).waitFor({ timeout: 30000 });
    // Three so far: loose-threshold, the selective run of two of its steps, strict-threshold.
    await expect(rows.count()).resolves.toBe(3);

    await view.locator('select[name="parameterName"]').selectOption('MseThreshold');
    await view.locator('input[name="parameterValue"]').fill('20');
    await rows.filter({ hasText: 'strict-threshold' }).waitFor({ state: 'detached', timeout: 15000 });
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.filter({ hasText: 'loose-threshold' }).count()).resolves.toBe(1);
    await view.locator('select[name="status"]').selectOption('Failed');
    await view.getByText('No execution matches these filters.').waitFor({ timeout: 15000 });
    await shot('executions-filtered');
    await view.getByText('Clear filters').click();
    await rows.filter({ hasText: 'strict-threshold' }).waitFor({ timeout: 15000 });
    await expect(rows.count()).resolves.toBe(3);

    for (const name of ['strict-threshold', 'loose-threshold']) await rows.filter({ hasText: name }).locator('.sluice-CompareTick').check();
    await view.locator('.sluice-CompareButton').click();
    const compare = page.locator('.sluice-CompareView:visible');
    await compare.locator('.sluice-CompareParameters tr[data-name="MseThreshold"].sluice-mod-differs').waitFor({ timeout: 30000 });
    await expect(compare.locator('.sluice-CompareParameters tr[data-name="MseThreshold"] td.sluice-Mono').allTextContents()).resolves.toEqual(['8.5', '20']);
    await expect(compare.locator('.sluice-CompareParameters tr[data-name="InputDataUrl"]').getAttribute('class')).resolves.toBeNull();
    await expect(compare.locator('.sluice-CompareSteps tbody tr').count()).resolves.toBe(5);
    await expect(compare.locator('.sluice-CompareSteps tr[data-name="TrainAbaloneModel"]').textContent()).resolves.toMatch(/Succeeded.*Succeeded/);
    const mse = compare.locator('.sluice-CompareMetrics tr[data-name="TrainAbaloneModel · validation:mse"]');
    await mse.waitFor({ timeout: 30000 });
    await expect(mse.locator('td.sluice-Mono').count()).resolves.toBe(2);
    await expect(mse.locator('.sluice-Delta').count()).resolves.toBe(1);
    await shot('compare-executions');
  });

  it('copies parameter values from an earlier execution in the Start dialog', async () => {
    await panel().locator('.sluice-PipelineItem[data-pipeline="AbalonePipeline"]').click();
    await currentView().locator('.sluice-StartButton').click();
    const dialog = page.locator('.sluice-StartDialog');
    await expect(dialog.locator('input[name="MseThreshold"]').inputValue()).resolves.toBe('6.0');
    const earlier = dialog.locator('select[name="copyFrom"] option', { hasText: 'loose-threshold' });
    await dialog.locator('select[name="copyFrom"]').selectOption({ label: (await earlier.textContent()) ?? '' });
    await expect(dialog.locator('input[name="MseThreshold"]').inputValue()).resolves.toBe('20');
    await dialog.getByText('Reset to defaults').click();
    await expect(dialog.locator('input[name="MseThreshold"]').inputValue()).resolves.toBe('6.0');
    await dialog.getByText('Cancel').click();
    await expect(dialog.count()).resolves.toBe(0);
  });

  it("colours the execution graph with the theme's variables, so the dark theme works", async () => {
    await page.locator('.lm-MenuBar-item', { hasText: 'Settings' }).click();
    await page.locator('.lm-Menu-item', { hasText: 'Theme' }).first().hover();
    await page.getByRole('menuitem', { name: 'JupyterLab Dark', exact: true }).click();
    await page.locator('body[data-jp-theme-light="false"]').waitFor({ state: 'attached', timeout: 30000 });
    await page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', { hasText: 'loose-threshold' }).click();
    const succeeded = page.locator('.sluice-ExecutionView:visible .sluice-StepNode[data-step="TrainAbaloneModel"]');
    await succeeded.waitFor();
    const [border, success] = await succeeded.evaluate((element) => {
      const probe = document.createElement('div');
      probe.style.color = 'var(--jp-success-color1)';
      element.appendChild(probe);
      const colours = [getComputedStyle(element).borderTopColor, getComputedStyle(probe).color];
      probe.remove();
      return colours;
    });
    expect(border).toBe(success);
    await shot('execution-dark-theme');
  });

  it('brings the open views back after a reload, and takes the page size from the settings', async () => {
    // The extension's settings are JupyterLab's: its schema is served, and a user's value is kept there.
    const settingsUrl = `${lab!.baseUrl}lab/api/settings/sluice-labextension:pipelines-panel`;
    const headers = { Authorization: `token ${lab!.token}`, 'Content-Type': 'application/json' };
    const served = (await (await fetch(settingsUrl, { headers })).json()) as { schema: { properties: Record<string, { default: number }> } };
    expect(served.schema.properties).toMatchObject({ refreshIntervalSeconds: { default: 5 }, pageSize: { default: 20 } });
    const saved = await fetch(settingsUrl, { method: 'PUT', headers, body: JSON.stringify({ raw: '{ "pageSize": 2 }' }) });
    expect(saved.status).toBe(204);

    // JupyterLab saves the layout shortly after it changes.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await page.reload();
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    const tabs = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab');
    await tabs.filter({ hasText: 'Model group AbalonePackageGroup' }).waitFor({ timeout: 30000 });
    await expect(tabs.filter({ hasText: 'AbalonePipeline' }).count()).resolves.toBeGreaterThanOrEqual(2);
    // An execution's tab is named after its display name once it is described again.
    await tabs.filter({ hasText: 'slow-one' }).waitFor({ timeout: 30000 });

    // The restored pipeline view was made before the settings loaded; a view opened now pages by two.
    await tabs
      .filter({ hasText: /^AbalonePipeline$/ })
      .locator('.lm-TabBar-tabCloseIcon')
      .click();
    if (!(await panel().isVisible())) await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await panel().locator('.sluice-PipelineItem[data-pipeline="AbalonePipeline"]').click();
    const rows = currentView().locator('.sluice-ExecutionsTable .sluice-Table-row');
    await rows.first().waitFor({ timeout: 30000 });
    await expect(rows.count()).resolves.toBe(2);
    await expect(currentView().getByText('Next').isDisabled()).resolves.toBe(false);
  });
});
