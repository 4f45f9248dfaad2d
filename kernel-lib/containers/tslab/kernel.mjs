// The tslab kernel as the project's kernelspec starts it (JupyterLab, and notebook jobs through nbclient): tslab
// itself, except that a kernel which cannot bind one of its ports exits.
//
// Jupyter chooses the kernel's five ports, writes them to the connection file and starts the kernel, which binds
// them about a second later, once TypeScript has loaded. A port another process took meanwhile (any outgoing
// connection may be handed it) fails tslab's bind, and tslab only logs the failure: the kernel runs on without that
// socket, and Jupyter waits for a reply that never comes (nbclient for its whole startup timeout; JupyterLab shows
// the kernel starting for ever). A kernel that has exited is started again, on new ports.
// Usage: node kernel.mjs kernel --config-path CONNECTION_FILE (tslab's own arguments)
import { createRequire } from 'node:module';

/** A ZeroMQ endpoint (`tcp://127.0.0.1:50123`), which zeromq.js puts on the error of a socket that failed to bind. */
const endpoint = (reason) => {
  const address = typeof reason === 'object' && reason !== null ? reason.address : undefined;
  return typeof address === 'string' && /^[a-z]+:\/\//.test(address) ? address : undefined;
};

// Before tslab's own handler, which logs the rejection and carries on.
process.on('unhandledRejection', (reason) => {
  const address = endpoint(reason);
  if (address === undefined) return;
  const code = typeof reason.code === 'string' ? ` (${reason.code})` : '';
  process.stderr.write(`tslab kernel: cannot bind ${address}${code}: exiting, so that Jupyter starts the kernel again on other ports\n`);
  process.exit(1);
});

createRequire(import.meta.url)('tslab/dist/main.js').main();
