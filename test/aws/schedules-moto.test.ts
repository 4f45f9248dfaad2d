// pipeline.schedule on the AWS session: an EventBridge Scheduler schedule whose target is the pipeline's ARN with
// SageMakerPipelineParameters and the role, as SageMaker's docs describe, made in a real moto server.
import { GetScheduleCommand } from '@aws-sdk/client-scheduler';
import { ParameterString, Pipeline, FailStep, type AwsSession } from '../../kernel-lib/src/index.js';
import { motoSession, startMoto, type MotoServer } from './moto-harness.js';

describe('pipeline schedules on the AWS session (moto)', () => {
  let moto: MotoServer;
  let session: AwsSession;
  let sent: string[];
  const pipeline = new Pipeline({
    name: 'Nightly',
    parameters: [new ParameterString({ name: 'InputData', defaultValue: 's3://data/' })],
    steps: [new FailStep({ name: 'Stop' })],
  });
  const schedulerRole = 'arn:aws:iam::111122223333:role/SchedulerStartsPipelines';

  beforeAll(async () => {
    moto = await startMoto();
    ({ session, sent } = await motoSession(moto, '111122223333'));
    await pipeline.upsert({ session });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('creates the EventBridge schedule targeting the pipeline, replaces it under the same name, lists and deletes it', async () => {
    sent.length = 0;
    const { scheduleArn } = await pipeline.schedule({
      name: 'nightly-refresh',
      cron: '0 2 * * ? *',
      parameters: { InputData: 's3://data/today/' },
      roleArn: schedulerRole,
      startDate: new Date('2030-01-01T00:00:00Z'),
      session,
    });
    expect(scheduleArn).toBe('arn:aws:scheduler:us-east-1:111122223333:schedule/default/nightly-refresh');
    expect(sent).toEqual(['SageMaker.DescribePipeline', 'Scheduler.CreateSchedule']);

    const scheduler = await session.scheduler();
    const created = await scheduler.send(new GetScheduleCommand({ Name: 'nightly-refresh' }));
    expect(created).toMatchObject({
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/Nightly',
        RoleArn: schedulerRole,
        SageMakerPipelineParameters: { PipelineParameterList: [{ Name: 'InputData', Value: 's3://data/today/' }] },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400 },
      },
    });
    expect(created.StartDate?.toISOString()).toBe('2030-01-01T00:00:00.000Z');

    // Scheduling again under the name updates that schedule, as the Python SDK's put_triggers does.
    sent.length = 0;
    await pipeline.schedule({ name: 'nightly-refresh', rate: '12 hours', state: 'DISABLED', roleArn: schedulerRole, session });
    expect(sent).toEqual(['SageMaker.DescribePipeline', 'Scheduler.CreateSchedule', 'Scheduler.UpdateSchedule']);
    expect(await pipeline.listSchedules({ session })).toEqual([
      expect.objectContaining({ name: 'nightly-refresh', expression: 'rate(12 hours)', state: 'DISABLED', parameters: {} }),
    ]);

    await pipeline.deleteSchedule('nightly-refresh', { session });
    expect(await pipeline.listSchedules({ session })).toEqual([]);
  });
});
