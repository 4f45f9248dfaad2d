/**
 * Bounds what a caller without credentials can hold: at most `maxUntrusted` connections that have not yet
 * sent one authenticated request (more are closed at once), headers must arrive within `headersMs`, and a
 * connection idle for `idleMs` (a body that stalls, a reader that stops) is closed. No body is read before
 * its request's key is known, so an unsigned caller costs a socket, never a buffer; a client that asks
 * `Expect: 100-continue` is told to send its body only once its request is authenticated.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface GuardLimits {
  readonly maxUntrusted: number;
  readonly headersMs: number;
  readonly idleMs: number;
}

export const defaultGuardLimits: GuardLimits = { maxUntrusted: 64, headersMs: 10_000, idleMs: 120_000 };

export class ConnectionGuard {
  private readonly trusted = new WeakSet<Socket>();
  private untrusted = 0;

  constructor(private readonly limits: GuardLimits = defaultGuardLimits) {}

  /** `handler` also answers `Expect: 100-continue` requests, which then wait for `accept`. */
  attach(server: Server, handler?: (request: IncomingMessage, response: ServerResponse) => void): void {
    if (handler !== undefined) server.on('checkContinue', handler);
    server.headersTimeout = this.limits.headersMs;
    // Large uploads may take long; what must not happen is a body that stops, which idleMs catches.
    server.requestTimeout = 0;
    server.on('connection', (socket: Socket) => {
      if (this.untrusted >= this.limits.maxUntrusted) {
        socket.destroy();
        return;
      }
      this.untrusted++;
      socket.setTimeout(this.limits.idleMs, () => socket.destroy());
      socket.once('close', () => {
        if (!this.trusted.has(socket)) this.untrusted--;
      });
    });
  }

  /** A request passed authentication: its connection leaves the cap, and a client waiting to send its body may. */
  accept(request: IncomingMessage, response: ServerResponse): void {
    this.trust(request.socket);
    if (/100-continue/i.test(request.headers.expect ?? '') && !response.headersSent) response.writeContinue();
  }

  /** A request on this socket passed authentication: the connection no longer counts against the cap. */
  trust(socket: Socket): void {
    if (this.trusted.has(socket)) return;
    this.trusted.add(socket);
    this.untrusted--;
  }

  get untrustedConnections(): number {
    return this.untrusted;
  }
}
