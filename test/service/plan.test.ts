// pipeline.plan(), `sluice pipeline plan` and execution.steps() through the local service: the same reason before and after a run.
import { AwsSession, CacheConfig, ParameterString, Pipeline, ProcessingStep, Session, type LocalSession } from '../../kernel-lib/src/index.js';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { executionState } from '../../kernel-lib/src/notebook/execution-state.js';
import { executionView } from '../../kernel-lib/src/notebook/execution-view.js';
import { writeState } from '../../kernel-lib/src/home/instance.js';
import { version } from '../../kernel-lib/src/version.js';
import { ExecutionModel } from '../../labextension/src/model/execution-model.js';
import { PipelineModel } from '../../labextension/src/model/pipeline-model.js';
import { signedClient } from '../panel/signed-client.js';
import { track } from '../panel/track-models.js';
import { startTestService, type TestService } from './service-harness.js';

const depth = new ParameterString({ name: 'Depth', defaultValue: '5' });
const pipeline = new Pipeline({
  name: 'Planned',
  parameters: [depth],
  steps: [
    new ProcessingStep({
      name: 'Work',
      imageUri: 'node',
      roleArn: 'arn:aws:iam::000000000000:role/R',
      instanceType: 'local',
      instanceCount: 1,
      entrypoint: ['node', '-e', 'console.log(process.env.DEPTH)'],
      env: { DEPTH: depth },
      cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'P30D' }),
    }),
  ],
});

describe('the plan through the local service', () => {
  let test: TestService;
  let session: LocalSession;
  beforeAll(async () => {
    test = await startTestService();
    const { service } = test;
    writeState({ pid: process.pid, port: service.port, endpoint: service.endpoint, home: service.home, startedAt: new Date().toISOString(), version });
    session = Session.local({ home: service.home, defaultBucket: 'sluice-local' });
    await pipeline.upsert({ session });
  });
  afterAll(async () => {
    await test?.stop();
  });

  async function runWith(parameters: Record<string, string> = {}) {
    const execution = await pipeline.start({ session, parameters });
    await execution.wait({ delayMs: 100, onProgress: () => undefined });
    return { execution, id: execution.arn.split('/').pop(), steps: await execution.steps() };
  }

  it('says what will run and why; the run records the same reason', async () => {
    expect((await pipeline.plan({ session })).reason('Work')).toBe('never ran');
    const first = await runWith();
    expect(first.steps.map((step) => [step.StepName, step.RunReason])).toEqual([['Work', 'never ran']]);

    const plan = await pipeline.plan({ session, parameters: { Depth: 7 } });
    expect(String(plan)).toBe('Plan of Planned:\n  Work  will run: environment variable DEPTH changed 5 → 7');
    const cli: string[] = [];
    expect(await runCli(['pipeline', 'plan', 'Planned', '--home', test.service.home, '--parameter', 'Depth=7'], (text) => cli.push(text))).toBe(0);
    expect(cli).toEqual([String(plan)]);
    // The panel's Graph tab shows the same plan.
    const client = signedClient(test.service);
    const panelPlan = await track(new PipelineModel(client, 'Planned')).plan({ Depth: '7' });
    expect([panelPlan.stateOf('Work'), panelPlan.textOf('Work'), panelPlan.summary]).toEqual([
      'run',
      'will run: environment variable DEPTH changed 5 → 7',
      '1 step will run, 0 cached',
    ]);
    const second = await runWith({ Depth: '7' });
    expect(second.steps.map((step) => step.RunReason)).toEqual([plan.reason('Work')]);
    // The panel's step pane says it too.
    const executionModel = track(new ExecutionModel(client, second.execution.arn, 'Planned'));
    await executionModel.reload();
    expect(executionModel.runReasonOf('Work')).toBe('ran because: environment variable DEPTH changed 5 → 7');
    // The notebook's step table says it in the "Ran in" column.
    expect(executionView(await executionState(second.execution)).text).toMatch(/Work\s+✓ Succeeded.*ran because: environment variable DEPTH changed 5 → 7/);

    const back = await pipeline.plan({ session });
    expect((await track(new PipelineModel(client, 'Planned')).plan()).stateOf('Work')).toBe('cached');
    expect(back.willRun()).toEqual([]);
    expect(String(back)).toBe(`Plan of Planned:\n  Work  cache hit from execution ${first.id} (step Work)`);
    const third = await runWith();
    expect(third.steps.map((step) => [step.RunReason, step.CacheHitResult?.SourcePipelineExecutionArn?.split('/').pop()])).toEqual([[undefined, first.id]]);
  });

  it('refuses an AWS session, saying planning is local', async () => {
    const aws = new AwsSession({ region: 'us-east-1', roleArn: 'r', defaultBucket: 'b' });
    await expect(pipeline.plan({ session: aws })).rejects.toThrow('planning needs the local session');
  });
});
