/** Makes every error from AWS carry a message a person can act on ("never undefined"). */

interface AwsErrorShape extends Error {
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

const meaningless = new Set(['', 'undefined', 'UnknownError', 'Unknown']);

/** Returns the error to throw for a failed call of `operation` (e.g. "CreatePipeline") on `service`. */
export type AwsService = 'SageMaker' | 'SageMaker Runtime' | 'S3' | 'EventBridge Scheduler';

/** A client middleware that makes every failed call's error readable (see readableAwsError). */
export function readableErrors(service: AwsService) {
  return <A, O>(next: (args: A) => Promise<O>, context: { commandName?: string }) =>
    async (args: A): Promise<O> => {
      try {
        return await next(args);
      } catch (error) {
        throw readableAwsError(error, service, operationOf(context.commandName));
      }
    };
}

export const readableErrorsStep = { step: 'initialize', name: 'sluiceReadableErrors' } as const;

export function readableAwsError(error: unknown, service: AwsService, operation: string): unknown {
  if (!(error instanceof Error)) return new Error(`${service} ${operation} failed: ${String(error)}`);
  const failure = error as AwsErrorShape;
  const status = failure.$metadata?.httpStatusCode ?? failure.$response?.statusCode;

  // An answer that is not AWS JSON/XML at all (an HTML error page, e.g. an emulator that lacks the operation).
  if (failure.message.startsWith('Deserialization error') || failure.name === 'SyntaxError') {
    const type = failure.$response?.headers?.['content-type'];
    failure.message =
      `${service} ${operation} failed with HTTP ${status ?? '?'}${type ? ` (${type})` : ''}: the endpoint did not answer ` +
      `with an AWS error; it may not implement ${operation}`;
    return failure;
  }

  if (meaningless.has(failure.message.trim())) {
    const hint = status === 403 ? ": access denied (check the credentials and the role's permissions)" : status === 404 ? ': not found' : '';
    const code = meaningless.has(failure.name) ? '' : ` ${failure.name}`;
    failure.message = `${service} ${operation} failed:${code} (HTTP ${status ?? '?'})${hint}`;
  }
  return failure;
}

/** "CreatePipelineCommand" → "CreatePipeline". */
export function operationOf(commandName: string | undefined): string {
  return (commandName ?? 'request').replace(/Command$/, '');
}
