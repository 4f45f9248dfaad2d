// What an execution's page tells a new user beyond statuses (issue 24, items 1, 2 and 9): a selective run
// says what it reused from where and with which values; a condition shows what it compared; a step names
// its job, instance type and image; a registered version is one click away.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DescribePipelineExecutionCommand, StartPipelineExecutionCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Browser, Locator, Page } from 'playwright-core';
import { runToEnd, waitForExecution } from '../service/execution-harness.js';
import { testOutputDir } from '../harness/workspace.js';
import { openStepPane, seedAbalonePipeline } from './abalone-in-panel.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';
import { clickExecutionRow } from './execution-rows.js';

const screenshots = join(testOutputDir, 'screenshots');
const idOf = (arn: string): string => arn.slice(arn.lastIndexOf('/') + 1);

describe("an execution's page tells the whole story", () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let client: SageMakerClient;
  let full: string;
  let selective: string;

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(screenshots, `${name}.png`) });
  const panel = (): Locator => page.locator('#sluice-pipelines');
  const visibleExecution = (): Locator => page.locator('.sluice-ExecutionView:visible');

  async function openExecution(displayName: string): Promise<Locator> {
    // The sidebar tab toggles the panel: click it only while the panel is closed.
    if (!(await panel().isVisible())) await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await panel().locator('.sluice-PipelineItem[data-pipeline="StoryPipeline"]').click();
    const row = page.locator('.sluice-MainArea:not(.lm-mod-hidden) .sluice-ExecutionsTable .sluice-Table-row', { hasText: displayName });
    await row.waitFor({ timeout: 30000 });
    await clickExecutionRow(row);
    const view = visibleExecution();
    await view.locator('.sluice-Banner-title', { hasText: displayName }).waitFor({ timeout: 30000 });
    return view;
  }

  beforeAll(async () => {
    lab = await startLabWithService('execution-story', { startService: true });
    const clients = lab.clients();
    client = clients.client;
    await seedAbalonePipeline(lab, { name: 'StoryPipeline', modelPackageGroupName: 'StoryModels' });
    full = (await runToEnd(client, 'StoryPipeline', { MseThreshold: '20' })).arn;
    const started = await client.send(
      new StartPipelineExecutionCommand({
        PipelineName: 'StoryPipeline',
        PipelineExecutionDisplayName: 'strict-evaluation',
        PipelineParameters: [{ Name: 'MseThreshold', Value: '1' }],
        SelectiveExecutionConfig: {
          SourcePipelineExecutionArn: full,
          SelectedSteps: [{ StepName: 'EvaluateAbaloneModel' }, { StepName: 'CheckMSEAbaloneEvaluation' }],
        },
        ClientRequestToken: `strict-${Date.now()}`,
      }),
    );
    selective = started.PipelineExecutionArn!;
    await waitForExecution(client, selective);

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

  it('says a selective run is selective, names the execution it reused, and the values the reused steps ran with', async () => {
    const view = await openExecution('strict-evaluation');
    // The executions list says it too.
    const listed = page.locator('.sluice-ExecutionsTable .sluice-Table-row', { hasText: 'strict-evaluation' }).locator('.sluice-SelectiveTag');
    await expect(listed.textContent()).resolves.toBe(`selective run of EvaluateAbaloneModel, CheckMSEAbaloneEvaluation, reusing ${idOf(full)}`);
    const note = view.locator('.sluice-SelectiveNote');
    await note.waitFor({ timeout: 30000 });
    await expect(note.textContent()).resolves.toBe(
      `Selective run of EvaluateAbaloneModel, CheckMSEAbaloneEvaluation, reusing the other steps' outputs from execution ${idOf(full)}. The reused steps ran with MseThreshold = 20.`,
    );
    await expect(view.locator('.sluice-ParameterValue[data-parameter="MseThreshold"]').textContent()).resolves.toBe('MseThreshold = 1 (reused steps: 20)');
    // The execution's id, copyable, beside its display name.
    await expect(view.locator('.sluice-Banner .sluice-ExecutionId').textContent()).resolves.toBe(idOf(selective));
    // Reused steps look reused, not freshly run.
    await view.locator('.sluice-StepNode[data-step="TrainAbaloneModel"][data-state="reused"]').waitFor({ timeout: 30000 });
    await expect(view.locator('.sluice-StepNode[data-step="TrainAbaloneModel"]').textContent()).resolves.toContain('Reused');
    await expect(view.locator('.sluice-StepNode[data-step="EvaluateAbaloneModel"]').getAttribute('data-state')).resolves.toBe('succeeded');
    const train = await openStepPane(view, 'TrainAbaloneModel');
    await expect(train.locator('.sluice-StepPane-status').textContent()).resolves.toBe('Reused');
    await expect(train.locator('.sluice-StepPane-reused').textContent()).resolves.toContain(`execution ${idOf(full)}`);
    await shot('selective-run');
    // The link goes to the execution that ran it.
    await train.locator('.sluice-StepPane-reused .sluice-ExecutionLink').click();
    await page.locator(`.sluice-ExecutionView:visible .sluice-Banner .sluice-ExecutionId`, { hasText: idOf(full) }).waitFor({ timeout: 30000 });
  });

  it("shows a condition's operands and result in its pane, not 'No outputs recorded'", async () => {
    const view = await openExecution('strict-evaluation');
    const check = await openStepPane(view, 'CheckMSEAbaloneEvaluation');
    const result = check.locator('.sluice-ConditionResult');
    await result.locator('.sluice-Condition').waitFor({ timeout: 30000 });
    await expect(result.getAttribute('data-outcome')).resolves.toBe('false');
    await expect(result.locator('.sluice-Condition').textContent()).resolves.toMatch(/^regression_metrics\.mse\.value \d+(\.\d+)? ≤ MseThreshold 1 → false$/);
    await expect(result.locator('.sluice-ConditionOutcome').textContent()).resolves.toBe('false (else steps)');
    await check.locator('.sluice-Tab', { hasText: 'Output' }).click();
    await expect(check.locator('.sluice-ConditionResult .sluice-Condition').textContent()).resolves.toContain('→ false');
    await expect(check.textContent()).resolves.not.toContain('No outputs recorded');
    await check.locator('.sluice-Tab', { hasText: 'Logs' }).click();
    await expect(check.locator('.sluice-Empty').textContent()).resolves.toBe('A Condition step runs inside the service, without a job, so it has no log.');
    await shot('condition-result');
  });

  it("names a step's job, instance type and image, and links a registered version to its page", async () => {
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: full }));
    const view = await openExecution(described.PipelineExecutionDisplayName ?? idOf(full));
    const preprocess = await openStepPane(view, 'PreprocessAbaloneData');
    await expect(preprocess.locator('.sluice-StepPane-job').textContent()).resolves.toMatch(new RegExp(`^pipelines-${idOf(full)}-preprocessabalonedat`, 'i'));
    await expect(preprocess.locator('.sluice-StepPane-instance').textContent()).resolves.toBe('ml.m5.xlarge');
    await expect(preprocess.locator('.sluice-StepPane-image').textContent()).resolves.toMatch(/sagemaker-scikit-learn|sklearn|python|node/);
    const register = await openStepPane(view, 'RegisterAbaloneModel-RegisterModel');
    const link = register.locator('.sluice-VersionLink');
    await expect(link.textContent()).resolves.toBe('storymodels/1');
    await shot('register-step');
    await link.click();
    await page.locator('.sluice-ModelVersionView:visible .sluice-View-title', { hasText: 'StoryModels v1' }).waitFor({ timeout: 30000 });
  });
});
