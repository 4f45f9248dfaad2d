/**
 * A signing proxy in front of the local service, for clients that hold no AWS credentials: the JupyterLab
 * panel reaches it through jupyter-server-proxy, whose path Jupyter's own authentication protects. It
 * forwards only the service's protocol (POST / with an X-Amz-Target) and signs each request with SigV4;
 * everything the browser sent besides the target and body (cookies, Jupyter's token) stays behind.
 *
 * It signs for whoever reaches it, so it listens only on a unix socket that its owner alone may open
 * (mode 0600, in the 0700 folder jupyter-server-proxy makes): no other local user or process, and no web
 * page (a page can reach TCP ports on 127.0.0.1 by rebinding its name, never a unix socket), gets through.
 */
import { chmodSync, lstatSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { isConnectionFailure, signedServicePost } from '../crypto/signed-post.js';
import type { LocalCredentials } from '../home/credentials.js';
import { serviceUnreachableType } from './protocol.js';
import { defaultBodyLimit } from './server.js';

/** Where the service answers and the keys to sign with; asked again when the service stops answering. */
export interface ProxyTarget {
  readonly endpoint: string;
  readonly credentials: LocalCredentials;
}

export interface SigningProxyOptions {
  /** The unix socket to listen on; its folder must be private to this user. */
  socket: string;
  /** Finds the running service, starting it when none answers. */
  resolveTarget: () => Promise<ProxyTarget>;
  log?: (message: string) => void;
}

export interface RunningProxy {
  readonly socket: string;
  close(): Promise<void>;
}

export class ProxySocketError extends Error {
  override readonly name = 'ProxySocketError';
}

/** The socket's folder must belong to this user and be closed to others, or someone else could swap the socket. */
function checkSocketFolder(socket: string): void {
  const folder = dirname(socket);
  let stats;
  try {
    stats = lstatSync(folder);
  } catch {
    throw new ProxySocketError(`the folder of ${socket} does not exist`);
  }
  if (!stats.isDirectory()) throw new ProxySocketError(`${folder} is not a folder`);
  if (process.getuid !== undefined && stats.uid !== process.getuid()) throw new ProxySocketError(`${folder} belongs to another user`);
  if ((stats.mode & 0o022) !== 0)
    throw new ProxySocketError(`${folder} is writable by other users (mode ${(stats.mode & 0o777).toString(8)}); use a private folder`);
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
        // The code says the service was not reached; the message says why, short enough for the panel's sidebar.
        const why = isConnectionFailure(error) ? 'the service stopped answering and did not come back' : error instanceof Error ? error.message : String(error);
        sendJson(response, 503, { __type: serviceUnreachableType, message: `${why.charAt(0).toUpperCase()}${why.slice(1)}` });
      } else response.destroy();
    });
  });
  checkSocketFolder(options.socket);
  // A socket left by a proxy that died would make listen() fail; only a socket is ever removed.
  if (lstatSync(options.socket, { throwIfNoEntry: false })?.isSocket() === true) rmSync(options.socket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Created closed to others from the start, then narrowed to the owner alone.
    const umask = process.umask(0o177);
    try {
      server.listen(options.socket, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(options.socket, 0o600);
  return {
    socket: options.socket,
    close: async () => {
      await closeServer(server);
      rmSync(options.socket, { force: true });
    },
  };
}

async function forward(request: IncomingMessage, response: ServerResponse, currentTarget: () => Promise<ProxyTarget>, forgetTarget: () => void): Promise<void> {
  const path = (request.url ?? '/').split('?')[0];
  if (!isLocalName(request.headers.host)) {
    request.resume();
    sendJson(response, 403, { __type: 'AccessDeniedException', message: `Host ${JSON.stringify(request.headers.host ?? '')} is not served here` });
    return;
  }
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

/** jupyter-server-proxy is told to send `Host: localhost` (its readiness check does too). */
function isLocalName(host: string | undefined): boolean {
  return host === 'localhost';
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
