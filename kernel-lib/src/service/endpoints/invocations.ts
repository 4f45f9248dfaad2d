/**
 * SageMaker Runtime's InvokeEndpoint (`POST /endpoints/<name>/invocations`, REST JSON, signed like every
 * other request): the body goes to one of the endpoint's model processes as `POST /invocations` with the
 * caller's Content-Type and Accept, and the model's answer comes back with the variant that gave it. Errors
 * are SageMaker Runtime's: ValidationError, ModelError (the model's own status and message), ServiceUnavailable.
 */
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { EndpointHost, ModelInstance } from './endpoint-host.js';
import { NoInstance } from './endpoint-host.js';

export const invocationsPath = /^\/endpoints\/([^/?]+)\/invocations(?:\?.*)?$/;

/** The endpoint an InvokeEndpoint request names, or undefined when the path is not one. */
export function invocationTarget(request: IncomingMessage): string | undefined {
  if (request.method !== 'POST') return undefined;
  const match = invocationsPath.exec(request.url ?? '');
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

/** An error in SageMaker Runtime's shape: the `__type`, HTTP status, message and any modelled members. */
class RuntimeError extends Error {
  constructor(
    readonly code: 'ValidationError' | 'ModelError' | 'ServiceUnavailable' | 'InternalFailure',
    readonly status: number,
    message: string,
    readonly members: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

const forwardedRequestHeaders = ['content-type', 'accept', 'x-amzn-sagemaker-custom-attributes', 'x-amzn-sagemaker-inference-id'];
const endpointNamePattern = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** SageMaker's wait for a model's answer. */
const modelTimeoutMs = 60000;

interface ModelAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export async function invokeEndpoint(name: string, request: IncomingMessage, body: Buffer, response: ServerResponse, endpoints: EndpointHost): Promise<void> {
  try {
    if (!endpointNamePattern.test(name)) {
      throw new RuntimeError(
        'ValidationError',
        400,
        `1 validation error detected: Value '${name}' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: ${endpointNamePattern.source}`,
      );
    }
    const target = header(request.headers, 'x-amzn-sagemaker-target-variant');
    const headers: Record<string, string> = {};
    for (const key of forwardedRequestHeaders) {
      const value = header(request.headers, key);
      if (value !== undefined) headers[key] = value;
    }
    headers['content-type'] ??= 'application/octet-stream';
    headers['content-length'] = String(body.length);
    let answer: ModelAnswer;
    let variant: string;
    try {
      ({ answer, variant } = await answerFrom(endpoints, name, target, headers, body));
    } catch (error) {
      if (error instanceof NoInstance) {
        throw error.reason === 'restarting'
          ? new RuntimeError('ServiceUnavailable', 503, error.message)
          : new RuntimeError('ValidationError', 400, error.message);
      }
      throw error;
    }
    if (answer.status >= 300) {
      const text = answer.body.toString('utf8').slice(0, 2048);
      const kind = answer.status < 500 ? 'client' : 'server';
      throw new RuntimeError(
        'ModelError',
        424,
        `Received ${kind} error (${answer.status}) from model variant ${variant} of endpoint ${name} with message "${text}"`,
        {
          OriginalStatusCode: answer.status,
          OriginalMessage: text,
        },
      );
    }
    const out: Record<string, string | number> = {
      'Content-Type': header(answer.headers, 'content-type') ?? 'application/octet-stream',
      'Content-Length': answer.body.length,
      'x-Amzn-Invoked-Production-Variant': variant,
    };
    const attributes = header(answer.headers, 'x-amzn-sagemaker-custom-attributes');
    if (attributes !== undefined) out['X-Amzn-SageMaker-Custom-Attributes'] = attributes;
    response.writeHead(200, out);
    response.end(answer.body);
  } catch (error) {
    const failure =
      error instanceof RuntimeError
        ? error
        : new RuntimeError('InternalFailure', 500, `The request could not be answered: ${error instanceof Error ? error.message : error}`);
    const text = JSON.stringify({ __type: failure.code, message: failure.message, Message: failure.message, ...failure.members });
    response.writeHead(failure.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'x-amzn-ErrorType': failure.code });
    response.end(text);
  }
}

/**
 * Sends the request to a model process. When the process dies under the request (or a kept-alive socket
 * was closed by the model just then), it is sent once more to the variant's next process, which waits for
 * a restart if need be.
 */
async function answerFrom(
  endpoints: EndpointHost,
  name: string,
  target: string | undefined,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ answer: ModelAnswer; variant: string }> {
  for (let attempt = 1; ; attempt++) {
    const { variant, instance } = await endpoints.acquire(name, target);
    try {
      return { answer: await forward(instance, headers, body), variant };
    } catch (error) {
      const lost = error instanceof LostConnection;
      if (!lost || attempt >= 2) {
        if (lost)
          throw new RuntimeError(
            'ServiceUnavailable',
            503,
            `Endpoint ${name}: the model process of variant ${variant} ended while answering (${error.message}); it is being restarted, try again`,
          );
        throw error;
      }
      // Give the exit a moment to be noticed, so the retry does not pick the same dead process.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      endpoints.release(instance);
    }
  }
}

class LostConnection extends Error {}

function forward(instance: ModelInstance, headers: Record<string, string>, body: Buffer): Promise<ModelAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { ...instance.server.address, method: 'POST', path: '/invocations', headers, agent: instance.agent, timeout: modelTimeoutMs },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 500, headers: incoming.headers, body: Buffer.concat(chunks) }));
        incoming.on('error', (error) => reject(new LostConnection(error.message)));
      },
    );
    outgoing.on('timeout', () => {
      outgoing.destroy();
      reject(
        new RuntimeError('ModelError', 424, `The model did not answer within ${modelTimeoutMs / 1000} s`, {
          OriginalStatusCode: 504,
          OriginalMessage: 'timed out',
        }),
      );
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const lost = ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED'].includes(error.code ?? '') || error.message === 'socket hang up';
      reject(lost ? new LostConnection(error.code ?? error.message) : error);
    });
    outgoing.end(body);
  });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
