// @ts-check
// The local service for bench/peers.mjs, in a process of its own as `npm start` runs it: sends
// { endpoint, credentials } once listening, and on 'stats' the time its store writes took (and its lineage, apart), how long each of its
// process starts held its event loop, the CPU time it used since the last 'stats', and its resident memory (Node forks
// the whole process for each start: the more memory, the longer).
import { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startService } from '../../kernel-lib/dist/service/server.js';

const home = process.argv[2];
if (home === undefined || process.send === undefined) throw new Error('usage: fork(sluice-service.mjs, [home]) with an IPC channel');
const service = await startService({ home, port: 0, log: () => undefined });

/** @type {Record<string, { calls: number, ms: number }>} */
let writes = {};
let cpu = process.cpuUsage();
/**
 * Times every call of `target[method]` (a store write) under `label`.
 * @param {Record<string, any>} target @param {string} method @param {string} label
 */
function timeWrites(target, method, label) {
  const original = target[method].bind(target);
  target[method] = (/** @type {unknown[]} */ ...args) => {
    const started = performance.now();
    try {
      return original(...args);
    } finally {
      const entry = (writes[label] ??= { calls: 0, ms: 0 });
      entry.calls += 1;
      entry.ms += performance.now() - started;
    }
  };
}
timeWrites(service.store.executions, 'putStep', 'step records (putStep)');
timeWrites(service.store.executions, 'update', 'execution status (update)');
timeWrites(service.store.jobs, 'put', 'job documents (jobs.put)');

// Lineage, recorded once a step's own work is done (store/lineage.ts, `later`): timed apart, as it is not in the step's path.
let lineage = { calls: 0, ms: 0 };
const later = service.store.lineage.later.bind(service.store.lineage);
/** @type {typeof later} */
const timedLater = (work, onError) =>
  later(() => {
    const started = performance.now();
    try {
      work();
    } finally {
      lineage.calls += 1;
      lineage.ms += performance.now() - started;
    }
  }, onError);
service.store.lineage.later = timedLater;

// Every process the service starts (each job's sandbox): Node forks, then waits until the child has exec'd.
/** @type {number[]} */
let spawns = [];
// `spawn` on the prototype is Node's own, not in its typings: what child_process.spawn calls to start the process.
const prototype = /** @type {{ spawn: (this: ChildProcess, options: unknown) => unknown }} */ (/** @type {unknown} */ (ChildProcess.prototype));
const spawnProcess = prototype.spawn;
/** @type {(this: ChildProcess, options: unknown) => unknown} */
const timedSpawn = function (options) {
  const started = performance.now();
  try {
    return spawnProcess.call(this, options);
  } finally {
    spawns.push(performance.now() - started);
  }
};
prototype.spawn = timedSpawn;

process.on('message', async (message) => {
  if (message === 'stats') {
    const used = process.cpuUsage(cpu);
    process.send?.({ writes, lineage, spawns, cpuMs: (used.user + used.system) / 1000, rssMb: process.memoryUsage().rss / 2 ** 20 });
    writes = {};
    lineage = { calls: 0, ms: 0 };
    spawns = [];
    cpu = process.cpuUsage();
  } else if (message === 'close') {
    await service.close();
    process.exit(0);
  }
});
process.send({ endpoint: service.endpoint, credentials: service.credentials });
