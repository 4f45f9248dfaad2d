// Schedules on the local service: made with the SDK's pipeline.schedule (EventBridge Scheduler's API, answered by the
// service), fired on time by the service's clock, kept across a restart, and named on the executions they start.
import { CreateScheduleCommand, GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { ConditionEquals, ConditionStep, FailStep, ParameterString, Pipeline, Session, type LocalSession } from '../../kernel-lib/src/index.js';
import { writeState } from '../../kernel-lib/src/home/instance.js';
import { startService, type RunningService } from '../../kernel-lib/src/service/server.js';
import { version } from '../../kernel-lib/src/version.js';
import { testEnvsDir } from '../harness/workspace.js';
import { extrasClient } from './execution-harness.js';
import { temporaryHome } from './service-harness.js';

const minute = 60_000;

describe('pipeline schedules on the local service', () => {
  const { home, remove } = temporaryHome();
  // The service's clock: the test moves it forward to make firings come due.
  const t0 = Date.parse('2026-06-01T08:00:00Z');
  let clock = t0;
  let service: RunningService;
  let session: LocalSession;
  const mode = new ParameterString({ name: 'Mode', defaultValue: 'manual' });
  const pipeline = new Pipeline({
    name: 'Refresh',
    parameters: [mode],
    steps: [new ConditionStep({ name: 'Gate', conditions: [new ConditionEquals({ left: mode, right: 'fail' })], ifSteps: [new FailStep({ name: 'Refuse' })] })],
  });

  /** Starts the service of the one home, as a detached service would be found (service.json), with a fresh session. */
  async function start(): Promise<void> {
    service = await startService({ home, now: () => clock, schedulePollMs: 20, engine: { envsDir: testEnvsDir }, log: () => undefined });
    writeState({ pid: process.pid, port: service.port, endpoint: service.endpoint, home, startedAt: new Date().toISOString(), version });
    session = Session.local({ home });
  }

  /** The executions of the pipeline that a schedule started, oldest first. */
  async function scheduled(): Promise<{ schedule?: string; time?: number; mode?: string }[]> {
    const listed = await extrasClient(service).call('ListPipelineExecutions', { PipelineName: 'Refresh', SortOrder: 'Ascending' });
    return listed.PipelineExecutionSummaries.filter((summary) => summary.StartedBy !== undefined).map((summary) => ({
      schedule: summary.StartedBy?.Name,
      time: (summary.StartedBy?.Time ?? 0) * 1000,
      mode: summary.PipelineParameters.find((parameter) => parameter.Name === 'Mode')?.Value,
    }));
  }

  async function waitForScheduled(count: number): Promise<Awaited<ReturnType<typeof scheduled>>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = await scheduled();
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    await start();
    await pipeline.upsert({ session });
  });
  afterAll(async () => {
    await service?.close();
    remove();
  });

  it('fires a rate schedule every period, and a firing due while the service was down runs once when it is back', async () => {
    await pipeline.schedule({ name: 'every-minute', rate: '1 minute', parameters: { Mode: 'scheduled' }, session });
    expect(await scheduled()).toEqual([]);

    clock = t0 + minute;
    expect(await waitForScheduled(1)).toEqual([{ schedule: 'every-minute', time: t0 + minute, mode: 'scheduled' }]);

    // Down across the second firing: the restarted service finds it in the store and runs it.
    await service.close();
    clock = t0 + 2 * minute + 5_000;
    await start();
    expect(await waitForScheduled(2)).toEqual([
      { schedule: 'every-minute', time: t0 + minute, mode: 'scheduled' },
      { schedule: 'every-minute', time: t0 + 2 * minute, mode: 'scheduled' },
    ]);
    // Once only: the firing is recorded with the execution it started.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await scheduled()).toHaveLength(2);
    await pipeline.deleteSchedule('every-minute', { session });
  });

  it('skips a firing missed while the service was down when missedRunPolicy is skip', async () => {
    clock = t0 + 10 * minute;
    await pipeline.schedule({ name: 'hourly-skip', cron: '0 * * * ? *', missedRunPolicy: 'skip', session });
    await service.close();
    clock = t0 + 64 * minute;
    await start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await scheduled()).filter((execution) => execution.schedule === 'hourly-skip')).toEqual([]);
    const scheduler = await session.scheduler();
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'hourly-skip' }));
    expect(got.Target?.RetryPolicy?.MaximumEventAgeInSeconds).toBe(60);
    await pipeline.deleteSchedule('hourly-skip', { session });
  });

  it('lists, pauses and deletes schedules through the SDK, as GetSchedule shows them', async () => {
    clock = t0 + 2 * 60 * minute;
    await pipeline.schedule({ name: 'nightly', cron: '0 2 * * ? *', parameters: { Mode: 'nightly' }, session });
    await pipeline.schedule({ name: 'nightly', cron: '0 3 * * ? *', parameters: { Mode: 'nightly' }, state: 'DISABLED', session });
    expect(await pipeline.listSchedules({ session })).toEqual([
      expect.objectContaining({ name: 'nightly', expression: 'cron(0 3 * * ? *)', state: 'DISABLED', parameters: { Mode: 'nightly' } }),
    ]);
    const got = await (await session.scheduler()).send(new GetScheduleCommand({ Name: 'nightly' }));
    expect(got.Target).toMatchObject({
      Arn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/refresh',
      RoleArn: session.roleArn,
      SageMakerPipelineParameters: { PipelineParameterList: [{ Name: 'Mode', Value: 'nightly' }] },
    });
    await pipeline.deleteSchedule('nightly', { session });
    expect(await pipeline.listSchedules({ session })).toEqual([]);
  });

  it('refuses a bad expression in the SDK and in the service, naming the problem', async () => {
    await expect(pipeline.schedule({ name: 'bad', cron: '0 9 * * MON *', session })).rejects.toThrow(/one of day-of-month and day-of-week must be "\?"/);
    // Past the SDK's own check, as boto3 or the aws CLI would send it.
    const scheduler: SchedulerClient = await session.scheduler();
    const create = (expression: string, pipelineName: string) =>
      scheduler.send(
        new CreateScheduleCommand({
          Name: 'raw',
          ScheduleExpression: expression,
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: { Arn: `arn:aws:sagemaker:us-east-1:000000000000:pipeline/${pipelineName}`, RoleArn: session.roleArn },
        }),
      );
    await expect(create('rate(0 minutes)', 'refresh')).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/positive whole number/),
    });
    await expect(create('rate(5 minutes)', 'missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: expect.stringMatching(/missing/) });
  });
});
