/**
 * Callback: the step waits until SendPipelineExecutionStepSuccess or ...Failure answers its token. The
 * token and the resolved arguments are visible while it waits (step metadata, SluiceLocal.ListPendingCallbacks),
 * so a notebook, the CLI or the panel can answer: this is the human-approval gate. A Stop does not end the
 * wait: as on SageMaker, the step stops once the callback is answered.
 */
import { randomBytes } from 'node:crypto';
import type { Json, StepDefinition } from '../definition.js';
import { outputParameters } from './step-outputs.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** SageMaker's callback tokens are 10 characters. */
function callbackToken(): string {
  return [...randomBytes(10)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export const callbackRunner: StepRunner = {
  async run(step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const token = callbackToken();
    const sqsQueueUrl = typeof step.SqsQueueUrl === 'string' ? step.SqsQueueUrl : '';
    context.onMetadata({ Callback: { CallbackToken: token, SqsQueueUrl: sqsQueueUrl } });
    const answer = await context.integrations.waitForCallback({
      token,
      executionArn: context.executionArn,
      stepName: context.stepName,
      sqsQueueUrl,
      arguments: resolved,
    });
    if (context.signal.aborted)
      throw new StepFailure('Stopped: the callback was answered after StopPipelineExecution', 'NotRetryable', {
        Callback: { CallbackToken: token, SqsQueueUrl: sqsQueueUrl },
      });
    if (answer.outcome === 'failure')
      throw new StepFailure(answer.reason || 'the callback reported a failure', 'NotRetryable', {
        Callback: { CallbackToken: token, SqsQueueUrl: sqsQueueUrl },
      });
    const values = Object.fromEntries(answer.outputs.map((output) => [output.Name, output.Value]));
    const outputs = outputParameters(step, values);
    const metadata = {
      Callback: { CallbackToken: token, SqsQueueUrl: sqsQueueUrl, OutputParameters: outputs.map((o) => ({ Name: o.Name, Value: String(o.Value) })) },
    };
    return { properties: { OutputParameters: outputs }, metadata };
  },
};
