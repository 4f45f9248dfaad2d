/**
 * Bounds what a caller without credentials can hold: at most `maxUntrusted` connections that have not yet
 * sent one authenticated request (more are closed at once), headers must arrive within `headersMs`, and a
 * connection idle for `idleMs` (a body that stalls, a reader that stops) is closed. No body is read before
 * its request's key is known, so an unsigned caller costs a socket, never a buffer.
 */
import type { Server } from 'node:http';
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

  attach(server: Server): void {
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
