// The connection guard: a body that stalls is cut after the idle time, and connections that never
// authenticate are capped (issue 16: unauthenticated callers must not hold the service's resources).
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ConnectionGuard } from '../../kernel-lib/src/service/connection-guard.js';

describe('ConnectionGuard', () => {
  let server: Server;
  let port: number;
  let guard: ConnectionGuard;
  beforeAll(async () => {
    guard = new ConnectionGuard({ maxUntrusted: 3, headersMs: 2000, idleMs: 300 });
    server = createServer((request, response) => {
      // Trusts every request that says so, then reads its body.
      if (request.headers['x-trust'] === 'yes') guard.trust(request.socket);
      request.resume();
      request.on('end', () => response.end('done'));
    });
    guard.attach(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('closes a connection whose body stalls', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('PUT / HTTP/1.1\r\nHost: x\r\nx-trust: yes\r\nContent-Length: 1000\r\n\r\nonly a little');
    const started = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses connections beyond the cap of untrusted ones, and counts trusted ones out', async () => {
    const open = await Promise.all(
      [0, 1, 2].map(async () => {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        await new Promise((resolve) => socket.once('connect', resolve));
        return socket;
      }),
    );
    // The server sees a connection a moment after the client does.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(guard.untrustedConnections).toBe(3);
    const extra = connect(port, '127.0.0.1');
    extra.on('error', () => undefined);
    expect(
      await new Promise((resolve) => {
        extra.once('close', () => resolve('closed'));
        setTimeout(() => resolve('open'), 1000);
      }),
    ).toBe('closed');
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(guard.untrustedConnections).toBe(0);
  });
});
