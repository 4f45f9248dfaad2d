// A pipeline's Schedules tab against a running service: New schedule with the cron helper's next five firings,
// pause, resume and delete; and the executions table naming the schedule that started an execution.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreatePipelineCommand } from '@aws-sdk/client-sagemaker';
import { CreateScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { Browser, Locator, Page } from 'playwright-core';
import { testOutputDir } from '../harness/workspace.js';
import { launchChromium } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';

const screenshots = join(testOutputDir, 'screenshots');
const roleArn = 'arn:aws:iam::000000000000:role/SluiceLocal';
/** One parameter and one Fail step: an execution ends at once and shows its parameter value. */
const definition = JSON.stringify({
  Version: '2020-12-01',
  Metadata: {},
  Parameters: [{ Name: 'Mode', Type: 'String', DefaultValue: 'manual' }],
  PipelineExperimentConfig: null,
  Steps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'done' } }],
});

describe('the Schedules tab', () => {
  let lab: LabWithService | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const view = (): Locator => page.locator('.sluice-MainArea:not(.lm-mod-hidden)');
  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: join(screenshots, `${name}.png`) });

  beforeAll(async () => {
    lab = await startLabWithService('schedules-tab', { startService: true });
    const { client } = lab.clients();
    await client.send(new CreatePipelineCommand({ PipelineName: 'Refresh', PipelineDefinition: definition, RoleArn: roleArn, ClientRequestToken: 'refresh' }));
    // A one-time schedule a few seconds ahead, made as a notebook's pipeline.schedule would: it has fired by the time the table is read.
    const scheduler = new SchedulerClient({ ...lab.address(), maxAttempts: 1 });
    const soon = new Date(Date.now() + 3000).toISOString().slice(0, 19);
    await scheduler.send(
      new CreateScheduleCommand({
        Name: 'in-a-moment',
        ScheduleExpression: `at(${soon})`,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/refresh',
          RoleArn: roleArn,
          SageMakerPipelineParameters: { PipelineParameterList: [{ Name: 'Mode', Value: 'scheduled' }] },
        },
      }),
    );
    scheduler.destroy();
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(lab.labUrl);
    await page.locator('#jp-main-dock-panel').waitFor({ timeout: 90000 });
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title="Pipelines"]').click();
    await page.locator('#sluice-pipelines .sluice-PipelineItem[data-pipeline="Refresh"]').click();
    await view().locator('.sluice-View-title', { hasText: 'Refresh' }).waitFor({ timeout: 60000 });
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('creates a schedule from the cron helper, which shows the next five firings, then pauses, resumes and deletes it', async () => {
    await view().locator('.sluice-Tab', { hasText: 'Schedules' }).click();
    await view().locator('.sluice-SchedulesTable tr[data-schedule="in-a-moment"]').waitFor({ timeout: 30000 });
    await view().locator('.sluice-NewSchedule').click();
    const dialog = page.locator('.sluice-ScheduleDialog');
    await dialog.waitFor();
    await dialog.locator('input[name="scheduleName"]').fill('weekday-mornings');
    await dialog.locator('select[name="preset"]').selectOption('cron(0 9 ? * MON-FRI *)');
    await expect(dialog.locator('input[name="expression"]').inputValue()).resolves.toBe('cron(0 9 ? * MON-FRI *)');
    const firings = await dialog.locator('.sluice-NextFirings li').allTextContents();
    expect(firings).toHaveLength(5);
    for (const firing of firings) expect(firing).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d{4}-\d{2}-\d{2} 09:00 UTC$/);
    await expect(dialog.locator('input[name="Mode"]').inputValue()).resolves.toBe('manual');
    await shot('schedule-dialog');

    // Both day fields given: the helper says what EventBridge would, and the dialog cannot be sent.
    await dialog.locator('input[name="expression"]').fill('cron(0 9 * * MON *)');
    await expect(dialog.locator('.sluice-Form-problems').textContent()).resolves.toContain('one of day-of-month and day-of-week must be "?"');
    await expect(dialog.locator('.jp-Dialog-button.jp-mod-accept').isDisabled()).resolves.toBe(true);
    await dialog.locator('input[name="expression"]').fill('cron(0 9 ? * MON-FRI *)');
    await dialog.locator('input[name="Mode"]').fill('weekday');
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await dialog.waitFor({ state: 'detached' });

    const row = view().locator('.sluice-SchedulesTable tr[data-schedule="weekday-mornings"]');
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/cron\(0 9 \? \* MON-FRI \*\)Enabled(Mon|Tue|Wed|Thu|Fri) \d{4}-\d{2}-\d{2} 09:00 UTCMode=weekday/);
    await shot('schedules-tab');
    await row.locator('button', { hasText: 'Pause' }).click();
    await row.locator('td', { hasText: 'Paused' }).waitFor();
    await row.locator('button', { hasText: 'Resume' }).click();
    await row.locator('td', { hasText: 'Enabled' }).waitFor();
    await row.locator('button', { hasText: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('names the schedule that started an execution in the executions table', async () => {
    await view().locator('.sluice-Tab', { hasText: 'Executions' }).click();
    const tag = view().locator('.sluice-StartedByTag');
    await tag.waitFor({ timeout: 60000 });
    await expect(tag.textContent()).resolves.toBe('started by schedule in-a-moment');
    await expect(view().locator('.sluice-ParameterCell[data-parameter="Mode"]').first().textContent()).resolves.toBe('scheduled');
    await shot('execution-started-by-schedule');
  });
});
