// Executions on SageMaker as the AWS session sees them: status progressions, steps, stop and retry.
// Moto cannot play this part (its executions are Succeeded at once; ListPipelineExecutionSteps, Stop and
// Retry answer HTML 500), so aws-sdk-client-mock answers the SDK's calls instead.
import {
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  RetryPipelineExecutionCommand,
  StopPipelineExecutionCommand,
  type PipelineExecutionStep,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { ExecutionFailedError, PipelineExecution, Session, type AwsSession } from '../../kernel-lib/src/index.js';
import { dummyCredentials } from './moto-harness.js';

const arn = 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/Abalone/execution/abc123';

type Answer = (operation: string, input: object) => object;

/** An AWS session whose SageMaker calls are answered by `answer` and recorded in `calls`; nothing goes on the wire. */
async function stubbedSession(answer: Answer): Promise<{ session: AwsSession; calls: { operation: string; input: object }[] }> {
  // An endpoint that nothing listens on: if the mock ever let a request through, it would fail, not leave the machine.
  const session = Session.aws({
    region: 'us-east-1',
    roleArn: 'arn:aws:iam::111122223333:role/R',
    endpoint: 'http://127.0.0.1:9',
    credentials: dummyCredentials,
    maxAttempts: 1,
  });
  const calls: { operation: string; input: object }[] = [];
  const mock = mockClient(await session.client());
  const record = (operation: string) => (input: object) => {
    calls.push({ operation, input });
    return answer(operation, input);
  };
  mock.on(DescribePipelineExecutionCommand).callsFake(record('DescribePipelineExecution'));
  mock.on(ListPipelineExecutionStepsCommand).callsFake(record('ListPipelineExecutionSteps'));
  mock.on(StopPipelineExecutionCommand).callsFake(record('StopPipelineExecution'));
  mock.on(RetryPipelineExecutionCommand).callsFake(record('RetryPipelineExecution'));
  return { session, calls };
}

function step(name: string, status: string, failureReason?: string): PipelineExecutionStep {
  return { StepName: name, StepStatus: status as PipelineExecutionStep['StepStatus'], FailureReason: failureReason };
}

describe('an execution on SageMaker (aws-sdk-client-mock)', () => {
  it('follows Executing to Failed, reporting progress, and throws the failure reason', async () => {
    const statuses = ['Executing', 'Executing', 'Failed'];
    let poll = -1;
    const { session } = await stubbedSession((operation, input) => {
      if (operation === 'DescribePipelineExecution') {
        poll += 1;
        return {
          PipelineExecutionArn: arn,
          PipelineExecutionStatus: statuses[poll],
          FailureReason: poll === 2 ? 'Step failure: One or multiple steps failed.' : undefined,
        };
      }
      // Steps come in two pages, as SageMaker pages them.
      const token = (input as { NextToken?: string }).NextToken;
      if (token === undefined) return { PipelineExecutionSteps: [step('Preprocess', 'Succeeded')], NextToken: 'page-2' };
      return { PipelineExecutionSteps: [step('Train', poll === 2 ? 'Failed' : 'Executing', poll === 2 ? 'AlgorithmError: loss is NaN' : undefined)] };
    });

    const seen: string[] = [];
    const failure = await new PipelineExecution(arn, session)
      .wait({
        delayMs: 1,
        onProgress: (described, steps) =>
          void seen.push(`${described.PipelineExecutionStatus}: ${steps.map((s) => `${s.StepName}=${s.StepStatus}`).join(',')}`),
      })
      .catch((error: unknown) => error);

    expect(seen).toEqual([
      'Executing: Preprocess=Succeeded,Train=Executing',
      'Executing: Preprocess=Succeeded,Train=Executing',
      'Failed: Preprocess=Succeeded,Train=Failed',
    ]);
    expect(failure).toBeInstanceOf(ExecutionFailedError);
    expect((failure as ExecutionFailedError).message).toBe('Pipeline execution failed: Step failure: One or multiple steps failed.');
    expect((failure as ExecutionFailedError).steps.find((s) => s.StepStatus === 'Failed')?.FailureReason).toBe('AlgorithmError: loss is NaN');
  });

  it('resolves when the execution succeeds, and gives up after maxAttempts polls while it runs', async () => {
    let polls = 0;
    const { session } = await stubbedSession((operation) =>
      operation === 'DescribePipelineExecution' ? { PipelineExecutionStatus: ++polls >= 3 ? 'Succeeded' : 'Executing' } : { PipelineExecutionSteps: [] },
    );
    const execution = new PipelineExecution(arn, session);
    await expect(execution.wait({ delayMs: 1, maxAttempts: 2 })).rejects.toThrow(`Pipeline execution ${arn} is still Executing after 2 polls`);
    await expect(execution.wait({ delayMs: 1 })).resolves.toMatchObject({ PipelineExecutionStatus: 'Succeeded' });
  });

  it('stops and retries by ARN, each with its own idempotency token', async () => {
    const { session, calls } = await stubbedSession(() => ({ PipelineExecutionArn: arn }));
    const execution = new PipelineExecution(arn, session);
    await execution.stop();
    await execution.retry();
    expect(calls.map((call) => call.operation)).toEqual(['StopPipelineExecution', 'RetryPipelineExecution']);
    for (const call of calls) expect(call.input).toMatchObject({ PipelineExecutionArn: arn, ClientRequestToken: expect.stringMatching(/\S{8,}/) });
  });
});
