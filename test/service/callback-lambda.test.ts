import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribePipelineExecutionCommand,
  SendPipelineExecutionStepFailureCommand,
  SendPipelineExecutionStepSuccessCommand,
  StopPipelineExecutionCommand,
} from '@aws-sdk/client-sagemaker';
import { CallbackStep, ExecutionVariables, LambdaStep, Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { createPipeline, extrasClient, role, startExecution, waitForExecution } from './execution-harness.js';
import { startTestService, type TestService } from './service-harness.js';

describe('Callback and Lambda steps', () => {
  let test: TestService;

  const approve = () =>
    new CallbackStep({
      name: 'Approve',
      sqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/approvals',
      inputs: { execution: ExecutionVariables.PipelineExecutionId, model: 'abalone' },
      outputs: [
        { outputName: 'approved', outputType: 'Boolean' },
        { outputName: 'note', outputType: 'String' },
      ],
    });

  beforeAll(async () => {
    test = await startTestService({ engine: { stopGraceMs: 500 } });
    const gate = approve();
    const after = new ProcessingStep({
      name: 'Announce',
      imageUri: 'node',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      entrypoint: ['node', '-e', 'console.log("note:", process.argv[1])'],
      arguments: [gate.output('note')],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Gated', steps: [gate, after], defaultBucket: 'sluice-local' }));
  });
  afterAll(async () => {
    await test?.stop();
  });

  async function waitingCallback(arn: string): Promise<{ CallbackToken: string; Arguments: unknown }> {
    const extras = extrasClient(test.service);
    for (let i = 0; i < 100; i++) {
      const [waiting] = await extras.pendingCallbacks(arn);
      if (waiting) return waiting;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('no callback became pending');
  }

  it('waits until answered with success; the outputs reach later steps', async () => {
    const arn = await startExecution(test.client, 'Gated');
    const waiting = await waitingCallback(arn);
    expect(waiting.Arguments).toEqual({ execution: arn.split('/').pop(), model: 'abalone' });
    const described = await test.client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    expect(described.PipelineExecutionStatus).toBe('Executing');

    await test.client.send(
      new SendPipelineExecutionStepSuccessCommand({
        CallbackToken: waiting.CallbackToken,
        OutputParameters: [
          { Name: 'approved', Value: 'true' },
          { Name: 'note', Value: 'looks good' },
        ],
      }),
    );
    const run = await waitForExecution(test.client, arn);
    expect(run.status).toBe('Succeeded');
    expect(run.steps[0].Metadata?.Callback).toMatchObject({
      CallbackToken: waiting.CallbackToken,
      OutputParameters: [
        { Name: 'approved', Value: 'true' },
        { Name: 'note', Value: 'looks good' },
      ],
    });
    const job = run.steps[1].Metadata!.ProcessingJob!.Arn!.split('/').pop()!;
    const log = await extrasClient(test.service).jobLog(job);
    expect(log.lines.filter((line) => line.Stream === 'stdout').map((line) => line.Text)).toEqual(['note: looks good']);
    await expect(test.client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: waiting.CallbackToken }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: `No Callback step is waiting for token ${waiting.CallbackToken}`,
    });
  });

  it('fails the execution with the reason a failure answer gives', async () => {
    const arn = await startExecution(test.client, 'Gated');
    const waiting = await waitingCallback(arn);
    await test.client.send(new SendPipelineExecutionStepFailureCommand({ CallbackToken: waiting.CallbackToken, FailureReason: 'rejected by reviewer' }));
    const run = await waitForExecution(test.client, arn);
    expect(run.status).toBe('Failed');
    expect(run.failureReason).toBe('Step "Approve" failed: rejected by reviewer');
  });

  it('keeps a stopped execution Stopping until the callback is answered, then Stopped', async () => {
    const arn = await startExecution(test.client, 'Gated');
    const waiting = await waitingCallback(arn);
    await test.client.send(new StopPipelineExecutionCommand({ PipelineExecutionArn: arn, ClientRequestToken: 'stop-gated' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopping = await test.client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    expect(stopping.PipelineExecutionStatus).toBe('Stopping');
    await test.client.send(
      new SendPipelineExecutionStepSuccessCommand({
        CallbackToken: waiting.CallbackToken,
        OutputParameters: [
          { Name: 'approved', Value: 'false' },
          { Name: 'note', Value: '' },
        ],
      }),
    );
    const run = await waitForExecution(test.client, arn);
    expect(run.status).toBe('Stopped');
    expect(run.steps.map((step) => `${step.StepName}:${step.StepStatus}`)).toEqual(['Approve:Stopped']);
  });

  it('runs a Lambda step with its local handler; its outputs feed a callback', async () => {
    const lambdaDir = join(test.service.home, 'lambda');
    mkdirSync(lambdaDir, { recursive: true });
    writeFileSync(join(lambdaDir, 'open-ticket.mjs'), 'export async function handler(event) { return { ticket: `T-${event.attempt}`, priority: 2 }; }\n');
    const notify = new LambdaStep({
      name: 'OpenTicket',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:open-ticket',
      inputs: { attempt: 7 },
      outputs: [
        { outputName: 'ticket', outputType: 'String' },
        { outputName: 'priority', outputType: 'Integer' },
      ],
    });
    const gate = new CallbackStep({
      name: 'Review',
      sqsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q',
      inputs: { ticket: notify.output('ticket') },
      outputs: [],
    });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Ticketed', steps: [notify, gate], defaultBucket: 'sluice-local' }));
    const arn = await startExecution(test.client, 'Ticketed');
    const waiting = await waitingCallback(arn);
    expect(waiting.Arguments).toEqual({ ticket: 'T-7' });
    await test.client.send(new SendPipelineExecutionStepSuccessCommand({ CallbackToken: waiting.CallbackToken }));
    const run = await waitForExecution(test.client, arn);
    expect(run.status).toBe('Succeeded');
    expect(run.steps[0].Metadata?.Lambda).toMatchObject({
      Arn: 'arn:aws:lambda:us-east-1:000000000000:function:open-ticket',
      OutputParameters: [
        { Name: 'ticket', Value: 'T-7' },
        { Name: 'priority', Value: '2' },
      ],
    });
  });

  it('refuses at start a Lambda step whose function has no local handler', async () => {
    const orphan = new LambdaStep({ name: 'Orphan', functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:nowhere', outputs: [] });
    await createPipeline(test.client, extrasClient(test.service), new Pipeline({ name: 'Orphaned', steps: [orphan] }));
    await expect(startExecution(test.client, 'Orphaned')).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Lambda step "Orphan" calls arn:aws:lambda:us-east-1:000000000000:function:nowhere, which has no local handler'),
    });
  });
});
