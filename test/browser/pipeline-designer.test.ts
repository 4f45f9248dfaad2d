// The pipeline designer (issue 21) in real JupyterLab and Chromium, against the local service: a pipeline drawn from
// the Launcher runs to Succeeded, live on the designer's canvas (test 1); a cycle drawn by hand and a dangling reference show on their nodes, and
// undo takes them back (test 3), from the toolbar, JupyterLab's Edit menu and its shortcuts. One JupyterLab for both.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribePipelineExecutionCommand, ListPipelineExecutionsCommand } from '@aws-sdk/client-sagemaker';
import type { Browser, Locator, Page } from 'playwright-core';
import { openJupyterLab } from './chromium.js';
import { startLabWithService, type LabWithService } from './lab-with-service.js';

describe('the pipeline designer', () => {
  let lab: LabWithService;
  let browser: Browser | undefined;
  let page: Page;

  const designer = (): Locator => page.locator('.sluice-DesignerWidget:not(.lm-mod-hidden)');
  const node = (name: string): Locator => designer().locator(`.react-flow__node[data-id="${name}"]`);
  const stepForm = (): Locator => designer().locator('.sluice-Designer-stepForm');

  /** Drags a step type from the palette to a point of the canvas (from its top-left corner). */
  async function dropStep(type: string, x: number, y: number): Promise<void> {
    const canvas = designer().locator('.sluice-Designer-canvas');
    await designer().locator(`.sluice-Designer-paletteItem[data-step-type="${type}"]`).dragTo(canvas, { targetPosition: { x, y } });
  }

  /** Drags from one step's output port to another's input port. */
  async function connect(from: string, to: string, port = '.react-flow__handle.source'): Promise<void> {
    const source = await node(from).locator(port).boundingBox();
    const target = await node(to).locator('.react-flow__handle.target').boundingBox();
    if (!source || !target) throw new Error(`no ports on ${from} or ${to}`);
    await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
    await page.mouse.up();
  }

  async function openFile(name: string): Promise<void> {
    // The sidebar tab toggles the file browser: click it only while the browser is closed.
    if (!(await page.locator('.jp-FileBrowser').isVisible())) await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[title^="File Browser"]').click();
    await page.locator('.jp-FileBrowser .jp-ToolbarButtonComponent[title="Refresh the file browser."]').click();
    await page.locator(`.jp-DirListing-item[title^="Name: ${name}"]`).dblclick();
    await designer().locator('.sluice-Designer').waitFor({ timeout: 30000 });
  }

  /** Fills a text list of the open step's form (the Entrypoint), one item per word. */
  async function fillList(field: string, items: string[]): Promise<void> {
    for (const [index, item] of items.entries()) {
      await stepForm().locator(`button[title="Add item"]`).first().click();
      await stepForm().locator(`#root_${field}_${index}`).fill(item);
    }
  }

  /** What `read` gives once `done` holds for it, or after 5 s: React Flow draws a change a frame or two after the edit. */
  async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const until = Date.now() + 5000;
    let value = await read();
    while (!done(value) && Date.now() < until) {
      await page.waitForTimeout(50);
      value = await read();
    }
    return value;
  }

  async function expectCount(locator: Locator, count: number): Promise<void> {
    expect(
      await settled(
        () => locator.count(),
        (found) => found === count,
      ),
    ).toBe(count);
  }

  /** A step node's tooltip: its problems, one a line, or its name and type. */
  async function problemsOn(name: string, expected: RegExp): Promise<void> {
    const title = (): Promise<string> =>
      node(name)
        .locator('.sluice-DesignerNode')
        .getAttribute('title')
        .then((text) => text ?? '');
    expect(await settled(title, (text) => expected.test(text))).toMatch(expected);
  }

  /** Runs a command of JupyterLab's Edit menu by clicking it, as a user does. */
  async function editMenu(command: string): Promise<void> {
    await page.locator('.lm-MenuBar-item', { hasText: 'Edit' }).click();
    await page.locator(`.lm-Menu-item[data-command="${command}"]`).click();
  }

  /** Saves the open file with Ctrl+S, as a user does, and waits until JupyterLab has written it. */
  async function save(name: string): Promise<void> {
    const tab = page.locator('.lm-TabBar-tab.jp-mod-current', { hasText: name });
    await tab.and(page.locator('.jp-mod-dirty')).waitFor({ timeout: 10000 });
    await page.keyboard.press('Control+s');
    await tab.and(page.locator(':not(.jp-mod-dirty)')).waitFor({ timeout: 10000 });
  }

  beforeAll(async () => {
    lab = await startLabWithService('pipeline-designer', { startService: true });
    ({ browser, page } = await openJupyterLab(lab.labUrl));
  });

  afterAll(async () => {
    await browser?.close();
    await lab?.stopAll();
  });

  it('draws a pipeline from the Launcher: three steps joined, their forms filled, a parameter; saved, reopened and run to Succeeded', async () => {
    // File → New offers it too.
    await page.locator('.lm-MenuBar-item', { hasText: 'File' }).click();
    await page.locator('.lm-Menu-item:has(.lm-Menu-itemLabel:text-is("New"))').hover();
    await expect(page.locator('.lm-Menu-item[data-command="sluice:new-pipeline"] .lm-Menu-itemLabel').textContent()).resolves.toBe('Pipeline');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');

    await page
      .locator('.jp-LauncherCard')
      .filter({ has: page.getByText('Pipeline', { exact: true }) })
      .click();
    await designer().locator('.sluice-Designer').waitFor({ timeout: 30000 });
    await expectCount(designer().locator('.react-flow__node'), 0);

    await dropStep('Processing', 40, 80);
    await dropStep('Processing', 80, 240);
    await dropStep('Processing', 120, 400);
    await expect(
      designer()
        .locator('.react-flow__node')
        .evaluateAll((nodes) => nodes.map((item) => item.getAttribute('data-id'))),
    ).resolves.toEqual(['Processing', 'Processing2', 'Processing3']);
    // A new step says what it still needs.
    await problemsOn('Processing', /missing required field Arguments\.AppSpecification\.ImageUri/);

    await connect('Processing', 'Processing2');
    await designer().locator('select[aria-label="New edges"]').selectOption('dependsOn');
    await connect('Processing2', 'Processing3');
    await expectCount(designer().locator('.react-flow__edge'), 2);

    await designer().locator('.sluice-Tab', { hasText: 'Parameters' }).click();
    await designer().locator('button[name="addParameter"]').click();
    await designer().locator('input[name="parameterName"]').fill('Greeting');
    await designer().locator('input[name="parameterDefault"]').fill('hello');

    const entrypoints: Record<string, string[]> = {
      Processing: ['node', '-e', "require('fs').writeFileSync('/opt/ml/processing/output/data.txt', 'rows')"],
      Processing2: ['node', '-e', "process.exit(require('fs').readFileSync('/opt/ml/processing/input/Processing/data.txt', 'utf8') === 'rows' ? 0 : 1)"],
      Processing3: ['node', '-e', 'process.exit(process.argv[1] === "hello" ? 0 : 1)'],
    };
    for (const [name, entrypoint] of Object.entries(entrypoints)) {
      await node(name).click();
      await stepForm().waitFor();
      await expect(stepForm().getAttribute('data-step')).resolves.toBe(name);
      await stepForm().locator('#root_AppSpecification_ImageUri').fill('node');
      await fillList('AppSpecification_ContainerEntrypoint', entrypoint);
    }
    // The last step's argument is the parameter, picked from the list of the pipeline's parameters.
    await stepForm().locator('button[title="Add item"]').nth(1).click();
    const argument = stepForm().locator('.sluice-ValueField[data-field="root_AppSpecification_ContainerArguments_0"]');
    await argument.locator('.sluice-ValueField-mode').selectOption('parameter');
    await argument.locator('select#root_AppSpecification_ContainerArguments_0').selectOption('Greeting');
    await expectCount(designer().locator('.sluice-Designer-banner'), 0);

    // Settings: a new pipeline records its executions in an experiment as the SDK's default does; the experiment is renamed.
    await designer().locator('.sluice-Tab', { hasText: 'Settings' }).click();
    await expect(designer().locator('input[name="experimentConfig"]').isChecked()).resolves.toBe(true);
    const experimentName = designer().locator('.sluice-ValueField[data-field="root_ExperimentName"]');
    await expect(experimentName.locator('select#root_ExperimentName').inputValue()).resolves.toBe('PipelineName');
    await experimentName.locator('.sluice-ValueField-mode').selectOption('literal');
    await experimentName.locator('input#root_ExperimentName').fill('designer-runs');

    await save('untitled.pipeline.json');
    const saved = JSON.parse(readFileSync(join(lab.workspace, 'untitled.pipeline.json'), 'utf8'));
    expect(saved.Parameters).toEqual([{ Name: 'Greeting', Type: 'String', DefaultValue: 'hello' }]);
    expect(saved.PipelineExperimentConfig).toEqual({ ExperimentName: 'designer-runs', TrialName: { Get: 'Execution.PipelineExecutionId' } });
    expect(saved.Steps.map((step: { Name: string }) => step.Name)).toEqual(['Processing', 'Processing2', 'Processing3']);
    expect(saved.Steps[1].Arguments.ProcessingInputs[0].S3Input.S3Uri).toEqual({
      Get: "Steps.Processing.ProcessingOutputConfig.Outputs['output'].S3Output.S3Uri",
    });
    expect(saved.Steps[2].DependsOn).toEqual(['Processing2']);
    expect(Object.keys(saved.Metadata.SluiceDesigner.Positions)).toEqual(['Processing', 'Processing2', 'Processing3']);

    // Closed and reopened, it is the same drawing.
    const offset = async (): Promise<number[]> => {
      const [first, last] = [await node('Processing').boundingBox(), await node('Processing3').boundingBox()];
      return [Math.round(last!.x - first!.x), Math.round(last!.y - first!.y)];
    };
    const before = await offset();
    await page.locator('.lm-TabBar-tab.jp-mod-current .lm-TabBar-tabCloseIcon').click();
    await openFile('untitled.pipeline.json');
    await expectCount(designer().locator('.react-flow__edge'), 2);
    await expect(offset()).resolves.toEqual(before);

    await designer().locator('.sluice-Designer-run').click();
    await page.locator('.sluice-StartDialog').waitFor();
    await expect(page.locator('.sluice-StartDialog input[name="Greeting"]').inputValue()).resolves.toBe('hello');
    await page.locator('.jp-Dialog-button.jp-mod-accept').click();
    // The canvas shows the execution live: every step ends Succeeded on its node, as in the graph view.
    await designer().locator('.sluice-Designer-execution').waitFor({ timeout: 30000 });
    await designer().locator('.sluice-Designer-execution[data-status="Succeeded"]').waitFor({ timeout: 90000 });
    await expect(
      designer()
        .locator('.sluice-DesignerNode')
        .evaluateAll((nodes) => nodes.map((item) => [item.getAttribute('data-step'), item.getAttribute('data-state')])),
    ).resolves.toEqual([
      ['Processing', 'succeeded'],
      ['Processing2', 'succeeded'],
      ['Processing3', 'succeeded'],
    ]);
    const { client } = lab.clients();
    const executions = await client.send(new ListPipelineExecutionsCommand({ PipelineName: 'untitled' }));
    const arn = executions.PipelineExecutionSummaries?.[0]?.PipelineExecutionArn;
    expect(arn).toBeDefined();
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    expect(described.PipelineExecutionStatus).toBe('Succeeded');
    // Its own view is a click away.
    await designer().locator('button[name="openExecution"]').click();
    await page.locator('.sluice-ExecutionView:visible .sluice-Banner.sluice-mod-succeeded').waitFor({ timeout: 30000 });
  });

  it('shows a cycle drawn by hand and a dangling reference on their nodes, and undo takes each back', async () => {
    const step = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      Name: name,
      Type: 'Processing',
      Arguments: {
        ProcessingResources: { ClusterConfig: { InstanceCount: 1, InstanceType: 'ml.m5.large', VolumeSizeInGB: 30 } },
        AppSpecification: { ImageUri: 'node', ContainerEntrypoint: ['node', '-e', '0'] },
        RoleArn: 'arn:aws:iam::000000000000:role/SluiceLocal',
        ...extra,
      },
    });
    const definition = {
      Version: '2020-12-01',
      Metadata: {},
      Parameters: [],
      PipelineExperimentConfig: null,
      Steps: [
        step('Extract', {
          ProcessingOutputConfig: {
            Outputs: [{ OutputName: 'rows', S3Output: { S3Uri: 's3://bucket/rows', LocalPath: '/opt/ml/processing/output', S3UploadMode: 'EndOfJob' } }],
          },
        }),
        step('Load', {
          ProcessingInputs: [
            {
              InputName: 'rows',
              S3Input: {
                S3Uri: { Get: "Steps.Extract.ProcessingOutputConfig.Outputs['rows'].S3Output.S3Uri" },
                LocalPath: '/opt/ml/processing/input',
                S3DataType: 'S3Prefix',
                S3InputMode: 'File',
              },
            },
          ],
        }),
        step('Report'),
      ],
    };
    const text = JSON.stringify(definition);
    writeFileSync(join(lab.workspace, 'checks.pipeline.json'), text);
    await openFile('checks.pipeline.json');
    await expectCount(designer().locator('.sluice-mod-invalid'), 0);
    // Looking at a step's form changes nothing: the file is not dirty.
    await node('Report').click();
    await stepForm().locator('#root_AppSpecification_ImageUri').waitFor();
    await expect(page.locator('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty').count()).resolves.toBe(0);
    const undo = designer().locator('.sluice-Designer-undo');

    // Report waits for Load, then Load for Report: a cycle.
    await designer().locator('select[aria-label="New edges"]').selectOption('dependsOn');
    await connect('Load', 'Report');
    await connect('Report', 'Load');
    for (const name of ['Load', 'Report']) {
      await problemsOn(name, /Steps form a cycle: (Load -> Report -> Load|Report -> Load -> Report)/);
    }
    await expect(node('Extract').locator('.sluice-mod-invalid').count()).resolves.toBe(0);
    await expect(designer().locator('.sluice-Designer-banner').textContent()).resolves.toContain('1 problem');
    // JupyterLab's Edit menu undoes and redoes in the designer, and so do its shortcuts with the focus on the canvas.
    await editMenu('editmenu:undo');
    await expectCount(designer().locator('.sluice-mod-invalid'), 0);
    await editMenu('editmenu:redo');
    await problemsOn('Load', /Steps form a cycle/);
    await node('Extract').click();
    await page.keyboard.press('Control+z');
    await expectCount(designer().locator('.sluice-mod-invalid'), 0);
    await undo.click();
    await expectCount(designer().locator('.react-flow__edge'), 1);

    // Deleting Extract leaves Load reading a step that is not there.
    await node('Extract').click();
    await page.keyboard.press('Delete');
    await expectCount(node('Extract'), 0);
    await problemsOn('Load', /refers to unknown step "Extract"/);
    await designer().locator('.sluice-Tab', { hasText: 'Problems' }).click();
    await expect(designer().locator('.sluice-Designer-problems li').allTextContents()).resolves.toEqual([
      expect.stringContaining('refers to unknown step "Extract"'),
    ]);
    await undo.click();
    await node('Extract').waitFor();
    await expectCount(designer().locator('.sluice-mod-invalid'), 0);

    // The palette's Notebook is a notebook job (a Training step), with a form for its notebook and kernel.
    await dropStep('Notebook', 40, 420);
    await expect(stepForm().getAttribute('data-step')).resolves.toBe('Notebook');
    await expect(stepForm().locator('#root_Environment_SM_INPUT_NOTEBOOK_NAME').inputValue()).resolves.toBe('notebook.ipynb');
    await expect(stepForm().locator('#root_Environment_SM_KERNEL_NAME').inputValue()).resolves.toBe('python3');
    await undo.click();
    await expectCount(node('Notebook'), 0);

    // Undone to where it was opened: saved, the file is the bytes it was.
    await save('checks.pipeline.json');
    expect(readFileSync(join(lab.workspace, 'checks.pipeline.json'), 'utf8')).toBe(text);

    // Export to TypeScript writes checks.ts beside it, a module of the SDK building these steps, and opens it.
    await designer().locator('.sluice-Designer-export').click();
    await page.locator('.lm-TabBar-tab.jp-mod-current', { hasText: 'checks.ts' }).waitFor({ timeout: 10000 });
    const code = readFileSync(join(lab.workspace, 'checks.ts'), 'utf8');
    expect(code).toContain("from 'sluice'");
    for (const name of ['Extract', 'Load', 'Report']) expect(code).toContain(name);
  });
});
