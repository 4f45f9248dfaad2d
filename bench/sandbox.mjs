// @ts-check
// Benchmark (figures, not a test): what the job sandbox costs per job, against a bare `node -e 0` spawned in
// the same run, interleaved so both see the same machine. Goal from issue 16: ≤ 3 ms median above bare.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sandboxArgs, sandboxSupport } from '../kernel-lib/dist/engine/jobs/sandbox.js';
import { runHostJob } from '../kernel-lib/dist/engine/jobs/host-process.js';
import { JobLog } from '../kernel-lib/dist/engine/jobs/job-log.js';
import { memoryLimitSupport } from '../kernel-lib/dist/engine/jobs/memory-limit.js';
import { median } from './lib/stats.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 40);
const home = mkdtempSync(join(tmpdir(), 'sluice-bench-sandbox-'));
const jobDir = join(home, 'jobs', 'bench-job', 'ml');
mkdirSync(jobDir, { recursive: true });

/** @param {string} command @param {string[]} args */
function timed(command, args) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // The environment a job gets: a small one (the caller's NODE_OPTIONS and the like would weigh on one side).
    const child = spawn(command, args, {
      stdio: 'ignore',
      detached: true,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' },
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command} exited ${code}`))));
  });
}

/** @param {import('../kernel-lib/dist/engine/jobs/launch.js').JobLimits} limits */
async function timedJob(limits) {
  const log = new JobLog(join(home, 'jobs', 'bench-job', 'log'));
  const started = performance.now();
  const result = await runHostJob({
    jobDir,
    command: ['node', '-e', '0'],
    env: {},
    log,
    runtimes: { python: 'python3', node: process.execPath, sandbox: { hide: [home], readOnly: [] } },
    signal: new AbortController().signal,
    limits,
  });
  if (result.outcome !== 'completed') throw new Error(`the job ${result.outcome}`);
  return performance.now() - started;
}

if (!sandboxSupport().available) {
  console.log(`sandbox: not available on this host (${sandboxSupport().reason}); nothing to measure`);
} else {
  const plain = sandboxArgs({ jobDir, hide: [home], readOnly: [], network: true });
  const isolated = sandboxArgs({ jobDir, hide: [home], readOnly: [], network: false });
  // The wrapper the sandbox replaced (a private /opt/ml only), for comparison.
  const unshare = ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', 'mount --bind "$0" /opt/ml && exec "$@"', jobDir, process.execPath, '-e', '0'];
  /** @type {Record<string, number[]>} */
  const times = {
    bare: [],
    'unshare + sh + mount (before the sandbox)': [],
    bwrap: [],
    'bwrap --unshare-net': [],
    'runHostJob (sandbox)': [],
    'runHostJob (sandbox + 8 GiB memory cgroup)': [],
  };
  for (let i = 0; i < runs; i++) {
    times.bare.push(await timed(process.execPath, ['-e', '0']));
    times['unshare + sh + mount (before the sandbox)'].push(await timed('unshare', unshare));
    times.bwrap.push(await timed('bwrap', [...plain, process.execPath, '-e', '0']));
    times['bwrap --unshare-net'].push(await timed('bwrap', [...isolated, process.execPath, '-e', '0']));
    times['runHostJob (sandbox)'].push(await timedJob({ networkIsolation: false }));
    if (memoryLimitSupport().available)
      times['runHostJob (sandbox + 8 GiB memory cgroup)'].push(
        await timedJob({ networkIsolation: false, memoryBytes: 8 * 1024 ** 3, instanceType: 'ml.m5.large' }),
      );
  }
  const bare = median(times.bare);
  console.log(`job sandbox, median of ${runs} interleaved runs (goal: ≤ 3 ms above bare):`);
  for (const [name, values] of Object.entries(times)) {
    if (values.length === 0) continue;
    const value = median(values);
    console.log(`  ${name.padEnd(44)} ${value.toFixed(1).padStart(6)} ms${name === 'bare' ? '' : `  (+${(value - bare).toFixed(1)} ms)`}`);
  }
}
rmSync(home, { recursive: true, force: true });
