// The step pane's Output, Metrics and Logs tabs, through StepModel against a real in-process service: a
// processing step that writes an output and a property file, then a training step with a metric definition.
import { rmSync } from 'node:fs';
import { ConditionGreaterThan, ConditionStep, JsonGet, Pipeline, ProcessingStep, PropertyFile, TrainingStep } from '../../kernel-lib/src/index.js';
import type { ServiceClient } from '../../labextension/src/api/operations.js';
import { ExecutionModel } from '../../labextension/src/model/execution-model.js';
import type { StepModel } from '../../labextension/src/model/step-model.js';
import { codeFiles } from '../engine/engine-harness.js';
import { createPipeline, extrasClient, role, startExecution, waitForExecution } from '../service/execution-harness.js';
import { startTestService, type TestService } from '../service/service-harness.js';
import { signedClient } from './signed-client.js';
import { track } from './track-models.js';

const code = codeFiles({
  'prepare.ts': `
    import { mkdirSync, writeFileSync } from 'node:fs';
    mkdirSync('/opt/ml/processing/rows', { recursive: true });
    writeFileSync('/opt/ml/processing/rows/rows.csv', '1\\n2\\n3\\n4\\n');
    writeFileSync('/opt/ml/processing/report/report.json', JSON.stringify({ rows: { count: 4 } }));
    console.log('prepared 4 rows');
  `,
  'train.ts': `
    import { readFileSync, writeFileSync } from 'node:fs';
    const rows = readFileSync(process.env.SM_CHANNEL_TRAIN + '/rows.csv', 'utf8').trim().split('\\n').map(Number);
    const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
    writeFileSync(process.env.SM_MODEL_DIR + '/model.json', JSON.stringify({ mean }));
    console.log('validation-mse: ' + (mean * 2).toFixed(2));
  `,
});

/** Resolves once the step has read what its execution's current status says it has. */
async function settled(step: StepModel): Promise<StepModel> {
  await step.reload();
  return step;
}

describe('StepModel: what the step pane shows, against a real service', () => {
  let test: TestService;
  let client: ServiceClient;
  let arn: string;

  beforeAll(async () => {
    test = await startTestService();
    client = signedClient(test.service);
    const report = new PropertyFile({ name: 'Report', outputName: 'report', path: 'report.json' });
    const prepare = new ProcessingStep({
      name: 'Prepare',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      code: code['prepare.ts'],
      outputs: [
        { outputName: 'rows', source: '/opt/ml/processing/rows' },
        { outputName: 'report', source: '/opt/ml/processing/report' },
      ],
      propertyFiles: [report],
    });
    const train = new TrainingStep({
      name: 'Train',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      outputPath: 's3://sluice-local/models',
      code: code['train.ts'],
      metricDefinitions: [{ name: 'validation:mse', regex: 'validation-mse: ([0-9.]+)' }],
      inputs: { train: prepare.properties.ProcessingOutputConfig.Outputs.get('rows').S3Output.S3Uri },
    });
    const check = new ConditionStep({
      name: 'Enough',
      conditions: [new ConditionGreaterThan({ left: new JsonGet({ step: prepare, propertyFile: report, jsonPath: 'rows.count' }), right: 2 })],
      ifSteps: [train],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Panes', steps: [prepare, check], defaultBucket: 'sluice-local' }));
    arn = await startExecution(test.client, 'Panes');
    const run = await waitForExecution(test.client, arn);
    expect(run.status).toBe('Succeeded');
  });
  afterAll(async () => {
    await test?.stop();
    for (const file of Object.values(code)) rmSync(file, { force: true });
  });

  const openExecution = async (): Promise<ExecutionModel> => {
    const execution = track(new ExecutionModel(client, arn, 'Panes'));
    await execution.reload();
    return execution;
  };

  it("shows a processing step's job, its outputs' files and its property file's JSON on the Output tab", async () => {
    const execution = await openExecution();
    const prepare = await settled(execution.step('Prepare'));
    expect(execution.step('Prepare')).toBe(prepare);

    expect(prepare.stateLabel).toBe('Succeeded');
    expect(prepare.job).toMatchObject({ kind: 'ProcessingJob', instanceType: 'local', image: 'node' });
    expect(prepare.job?.name).toMatch(/^pipelines-.*-prepare/i);
    expect(prepare.outputs.map((output) => output.name)).toEqual(['rows', 'report']);
    const [rows, report] = prepare.outputs;
    expect(rows.uri).toMatch(/^s3:\/\/sluice-local\/Panes\/.+\/Prepare\/output\/rows$/);
    expect(rows.files).toEqual([`${rows.uri}/rows.csv`]);
    expect(report.files).toEqual([`${report.uri}/report.json`]);
    expect(new TextDecoder().decode(await prepare.readFile(rows.files[0]))).toBe('1\n2\n3\n4\n');
    expect(prepare.propertyFiles).toEqual([{ name: 'Report', outputName: 'report', filePath: 'report.json', json: { rows: { count: 4 } } }]);
    expect(prepare.recorded.map((item) => item.path)).toEqual(['ProcessingJob.Arn']);
    expect(prepare.metrics).toEqual([]);
  });

  it("shows a training job's final metrics on the Metrics tab, and a condition's evaluation", async () => {
    const execution = await openExecution();
    const train = await settled(execution.step('Train'));
    expect(train.metrics).toEqual([{ name: 'validation:mse', value: '5' }]);
    expect(train.inputs?.map((input) => input.name)).toEqual(['train', 'code']);
    expect(train.settings.map((setting) => setting.name)).toContain('Image');
    expect(train.outputs.map((output) => output.name)).toEqual(['Model artifacts']);

    const enough = await settled(execution.step('Enough'));
    expect(enough.runsInService).toBe(true);
    expect(enough.outcome).toBe('true');
    expect(enough.condition?.Conditions.map((condition) => condition.Text)).toEqual(['rows.count 4 > 2 → true']);
    expect(enough.hasJob).toBe(false);
    expect(enough.log).toBeUndefined();
  });

  it("follows a job's log on the Logs tab once the pane shows it", async () => {
    const execution = await openExecution();
    const prepare = await settled(execution.step('Prepare'));
    const log = prepare.log;
    expect(log?.jobName).toBe(prepare.job?.name);
    await log?.reload();
    expect(log?.jobStatus).toBe('Completed');
    expect(log?.lines.map((line) => line.Text)).toContain('prepared 4 rows');
  });

  it('reads a step again when its status changes, and is disposed with its execution', async () => {
    const execution = track(new ExecutionModel(client, arn, 'Panes'));
    // Before the execution is read, the step has no row and nothing to show.
    const prepare = execution.step('Prepare');
    await prepare.reload();
    expect(prepare.stateLabel).toBe('Pending');
    expect(prepare.outputs).toEqual([]);
    const read = new Promise<void>((resolve) => {
      const changed = (): void => {
        if (prepare.outputs.length > 0) {
          prepare.changed.disconnect(changed);
          resolve();
        }
      };
      prepare.changed.connect(changed);
    });
    await execution.reload();
    await read;
    expect(prepare.outputs.map((output) => output.files.length)).toEqual([1, 1]);

    execution.dispose();
    expect(prepare.isDisposed).toBe(true);
  });
});
