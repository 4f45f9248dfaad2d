/**
 * A signing proxy in front of the local service, for clients that hold no AWS credentials: the JupyterLab
 * panel reaches it through jupyter-server-proxy, whose path Jupyter's own authentication protects. It
 * forwards only the service's protocol (POST / with an X-Amz-Target) and signs each request with SigV4;
 * everything the browser sent besides the target and body (cookies, Jupyter's token) stays behind.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedServicePost } from '../crypto/signed-post.js';
import type { LocalCredentials } from './credentials.js';
import { defaultBodyLimit, serviceHost } from './server.js';

/** Where the service answers and the keys to sign with; asked again when the service stops answering. */
export interface ProxyTarget {
  readonly endpoint: string;
  readonly credentials: LocalCredentials;
}

export interface SigningProxyOptions {
  /** 0 lets the OS pick a free port. */
  port: number;
  /** Finds the running service, starting it when none answers. */
  resolveTarget: () => Promise<ProxyTarget>;
  log?: (message: string) => void;
}

export interface RunningProxy {
  readonly port: number;
  close(): Promise<void>;
}

export async function startSigningProxy(options: SigningProxyOptions): Promise<RunningProxy> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  let target: Promise<ProxyTarget> | undefined;
  const currentTarget = (): Promise<ProxyTarget> => {
    target ??= options.resolveTarget().catch((error: unknown) => {
      target = undefined;
      throw error;
    });
    return target;
  };

  const server = createServer((request, response) => {
    forward(request, response, currentTarget, () => (target = undefined)).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) {
        sendJson(response, 413, { __type: 'ValidationException', message: error.message });
        return;
      }
      log(`sluice proxy: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) {
        sendJson(response, 503, {
          __type: 'ServiceUnavailable',
          message: `The local Sluice service cannot be reached: ${error instanceof Error ? error.message : String(error)}`,
        });
      } else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, serviceHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => closeServer(server),
  };
}

async function forward(
  request: IncomingMessage,
  response: ServerResponse,
  currentTarget: () => Promise<ProxyTarget>,
  forgetTarget: () => void,
): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (request.method !== 'POST' || path !== '/') {
    request.resume();
    // jupyter-server-proxy's readiness check is a GET /: any answer will do, so say what this is.
    sendJson(response, request.method === 'GET' && path === '/' ? 200 : 404, { service: 'sluice-proxy', accepts: 'POST / with X-Amz-Target' });
    return;
  }
  const body = await readLimited(request, defaultBodyLimit);
  const amzTarget = String(request.headers['x-amz-target'] ?? '');
  let answer: { status: number; body: string; contentType: string };
  try {
    answer = await send(await currentTarget(), amzTarget, body);
  } catch (error) {
    // The service went away (stopped, crashed): find or start it again, and try once more.
    if (!isConnectionFailure(error)) throw error;
    forgetTarget();
    answer = await send(await currentTarget(), amzTarget, body);
  }
  response.writeHead(answer.status, { 'Content-Type': answer.contentType, 'Cache-Control': 'no-store' });
  response.end(answer.body);
}

async function send(target: ProxyTarget, amzTarget: string, body: string): Promise<{ status: number; body: string; contentType: string }> {
  const { region, ...credentials } = target.credentials;
  const reply = await signedServicePost({ endpoint: target.endpoint, region, credentials }, amzTarget, body);
  return { status: reply.status, body: reply.text, contentType: reply.contentType ?? 'application/x-amz-json-1.1' };
}

function isConnectionFailure(error: unknown): boolean {
  // fetch wraps ECONNREFUSED and friends in a TypeError whose cause carries the code.
  const cause = error instanceof Error ? (error.cause as NodeJS.ErrnoException | undefined) : undefined;
  return error instanceof TypeError && (cause === undefined || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(String(cause.code)));
}

function readLimited(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.destroy();
        reject(new BodyTooLarge(`The request body is larger than ${limit} bytes.`));
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

class BodyTooLarge extends Error {}

function sendJson(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
