import { readCredentials } from '../home/credentials.js';
import { findRunningService } from '../home/instance.js';
import { startSigningProxy, type ProxyTarget } from '../service/proxy.js';
import { untilStopped } from './until-stopped.js';

type Writer = (text: string) => void;
type StartDetached = (home: string, port: number, out: Writer, err: Writer) => Promise<number>;

/**
 * `sluice service proxy --socket PATH`: what jupyter-server-proxy runs for the JupyterLab panel. It serves until
 * SIGTERM or SIGINT; the service it finds or starts keeps running after it, since executions belong to it.
 */
export async function runProxy(home: string, socket: string, startDetached: StartDetached, out: Writer, err: Writer): Promise<number> {
  const resolveTarget = async (): Promise<ProxyTarget> => {
    let running = await findRunningService(home);
    if (running === undefined) {
      // Its "started …" line goes to our log (stderr): stdout is not watched by anyone.
      if ((await startDetached(home, 0, err, err)) !== 0) throw new Error(`the service for ${home} did not start; see ${home}/service.log`);
      running = await findRunningService(home);
    }
    const credentials = readCredentials(home);
    if (running === undefined || credentials === undefined) throw new Error(`no service answers for ${home}`);
    return { endpoint: running.endpoint, credentials };
  };
  // Start (or find) the service now, so the first request through Jupyter does not wait for it.
  try {
    await resolveTarget();
  } catch (error) {
    err(`sluice service proxy: ${(error as Error).message}`);
    return 1;
  }
  let proxy;
  try {
    proxy = await startSigningProxy({ socket, resolveTarget, log: err });
  } catch (error) {
    err(`sluice service proxy: cannot listen on ${socket}: ${(error as Error).message}`);
    return 1;
  }
  out(`sluice service proxy on unix socket ${proxy.socket} for home ${home}`);
  await untilStopped();
  await proxy.close();
  return 0;
}
