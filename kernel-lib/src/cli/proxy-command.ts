import { rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { readCredentials } from '../home/credentials.js';
import { findRunningService } from '../home/instance.js';
import { startSigningProxy, type ProxyTarget } from '../service/proxy.js';
import { holdStop } from './until-stopped.js';

type Writer = (text: string) => void;
type StartDetached = (home: string, port: number, out: Writer, err: Writer) => Promise<number>;

/**
 * `sluice service proxy --socket PATH [--own-folder]`: what jupyter-server-proxy runs for the JupyterLab panel. It
 * serves until SIGTERM or SIGINT; the service it finds or starts keeps running after it, since executions belong to
 * it. With `ownFolder` the socket's folder was made for it alone (jupyter-server-proxy's `{unix_socket}`, which it
 * never removes), and goes with the socket when empty.
 */
export async function runProxy(home: string, socket: string, ownFolder: boolean, startDetached: StartDetached, out: Writer, err: Writer): Promise<number> {
  const resolveTarget = async (): Promise<ProxyTarget> => {
    let running = await findRunningService(home);
    if (running === undefined) {
      // Its lines go to our log (stderr): stdout is not watched by anyone. The last one is the service's reason.
      const said: string[] = [];
      const note = (text: string): void => {
        said.push(text);
        err(text);
      };
      if ((await startDetached(home, 0, note, note)) !== 0) {
        // "sluice service: cannot start: <why>" is the service's own last line.
        const last = said.join('\n').trim().split('\n').pop() ?? '';
        const reason = last.replace(/^sluice service: (cannot start: )?/, '');
        throw new Error(`the service did not start${reason === '' ? '' : `: ${reason}`} (its log: ${home}/service.log)`);
      }
      running = await findRunningService(home);
    }
    const credentials = readCredentials(home);
    if (running === undefined || credentials === undefined) throw new Error(`no service answers for ${home}`);
    return { endpoint: running.endpoint, credentials };
  };
  // Signals are caught from here to the end of the clean-up: jupyter-server-proxy passes the SIGTERM it gets on to us,
  // often just after the same signal reached its whole process group, and a second one must not leave the socket behind.
  const stop = holdStop();
  try {
    // Start (or find) the service now, so the first request through Jupyter does not wait for it. When it cannot start,
    // listen all the same: each request then says why (the panel shows it at once) and tries again, and the proxy
    // serves as soon as the cause is gone. Exiting instead would have jupyter-server-proxy start it again and again
    // until its timeout, and the panel would wait that long to say anything.
    try {
      await resolveTarget();
    } catch (error) {
      err(`sluice service proxy: ${(error as Error).message}`);
    }
    let proxy;
    try {
      proxy = await startSigningProxy({ socket, resolveTarget, log: err });
    } catch (error) {
      err(`sluice service proxy: cannot listen on ${socket}: ${(error as Error).message}`);
      return 1;
    }
    out(`sluice service proxy on unix socket ${proxy.socket} for home ${home}`);
    await stop.stopped;
    await proxy.close();
    if (ownFolder) removeIfEmpty(dirname(socket));
    return 0;
  } finally {
    stop.release();
  }
}

/** Only an empty folder is removed: whatever else someone put there stays. */
function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw error;
  }
}
