// Runs inside a model server's sandbox, which has a network of its own: the model's program listens on
// 127.0.0.1:$SAGEMAKER_BIND_TO_PORT there, where no other process of the host can reach it, and this bridge
// lets the service in through a unix socket in the model's folder. It starts the program, carries each
// connection to it byte for byte, passes on SIGTERM, and ends with the program's exit.
// Usage: node bridge.mjs SOCKET PORT -- PROGRAM [ARGS...]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';

const [socket, port, separator, program, ...args] = process.argv.slice(2);
if (separator !== '--' || program === undefined) {
  process.stderr.write('usage: bridge.mjs SOCKET PORT -- PROGRAM [ARGS...]\n');
  process.exit(2);
}

const child = spawn(program, args, { stdio: 'inherit' });
rmSync(socket, { force: true });
const server = createServer((incoming) => {
  const outgoing = connect(Number(port), '127.0.0.1');
  incoming.pipe(outgoing).pipe(incoming);
  const close = () => {
    incoming.destroy();
    outgoing.destroy();
  };
  incoming.on('error', close);
  outgoing.on('error', close);
});
server.listen(socket);
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.once('error', (error) => {
  process.stderr.write(`could not start ${program}: ${error.message}\n`);
  process.exit(127);
});
child.once('exit', (code, signal) => {
  server.close();
  process.exit(code ?? (signal === null ? 1 : 128));
});
