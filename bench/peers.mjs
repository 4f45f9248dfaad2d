// @ts-check
// Benchmark (figures, not a test): Sluice beside peer workflow systems, the same two DAG shapes for each, every step
// spawning `node -e 0` with a small environment, 2 at a time; each system's figures against a floor (the same spawns
// by a bare script, 2 at a time) measured before and after it. Then where Sluice's time per step goes.
// The peers come from PyPI into a bench-only venv (.venv-bench), made here on first use (never by setup or tests).
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CreatePipelineCommand, DescribePipelineExecutionCommand, SageMakerClient, StartPipelineExecutionCommand } from '@aws-sdk/client-sagemaker';
import { Pipeline, ProcessingStep } from 'sluice';
import { repoRoot } from '../scripts/lib/paths.mjs';
import { runCommand } from '../scripts/lib/run-command.mjs';
import { cpuByCategory, perfWorks, sampleThread } from './lib/perf-profile.mjs';
import { ArtifactStore, defaultImageRules, Execution } from '../kernel-lib/dist/engine/index.js';
import { runHostJob } from '../kernel-lib/dist/engine/jobs/host-process.js';
import { JobLog } from '../kernel-lib/dist/engine/jobs/job-log.js';
import { planLaunch } from '../kernel-lib/dist/engine/jobs/launch.js';
import { median } from './lib/stats.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const PARALLELISM = 2;
// How often the client asks whether a run has ended: the end's latency is in the fixed cost (subtracted from both
// figures); more often only adds requests. Sluice's own `execution.wait()` starts at 500 ms.
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 50);
const CHAIN = 100;
const FAN = 200;
const shapes = ['chain-1', `chain-${CHAIN}`, `fan-${FAN}`];
const role = 'arn:aws:iam::000000000000:role/Bench';
const work = mkdtempSync(join(tmpdir(), 'sluice-bench-peers-'));
/** What every step's process gets: a small environment (a large one slows every start). */
const smallEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' };

/** CPU time the whole machine has spent busy so far, in ms (/proc/stat: user, nice, system, irq, softirq, steal). */
function machineBusyMs() {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return ((user + nice + system + irq + softirq + steal) * 1000) / ticksPerSecond;
}
const ticksPerSecond = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * Runs a command with the small environment, its output ignored; settles once it has closed.
 * @param {string} command @param {string[]} args @param {import('node:child_process').SpawnOptions} [options]
 */
const quietly = (command, args, options = {}) =>
  new Promise((resolve, reject) =>
    spawn(command, args, { stdio: 'ignore', env: smallEnv, ...options })
      .once('error', reject)
      .once('close', resolve),
  );
const spawnNode = () => quietly(process.execPath, ['-e', '0']);
/** The goals #19 sets Sluice: per step above the floor on the chain, total / floor on the fan-out. */
const GOAL = { chainMs: 2, fan: 1.05 };

/**
 * The floor of a shape: the same spawns by a bare script, PARALLELISM at a time.
 * @param {string} shape
 */
async function floorOf(shape) {
  const [kind, count] = shape.split('-');
  const started = performance.now();
  if (kind === 'chain') for (let i = 0; i < Number(count); i++) await spawnNode();
  else {
    await spawnNode();
    let next = 0;
    const lane = async () => {
      while (next < Number(count)) {
        next += 1;
        await spawnNode();
      }
    };
    await Promise.all(Array.from({ length: PARALLELISM }, lane));
    await spawnNode();
  }
  return performance.now() - started;
}

/**
 * Each shape's mean of two floors (measured before and after a row: a shared machine's load drifts).
 * @param {Record<string, number>} a
 * @param {Record<string, number>} b
 */
const meanOf = (a, b) => Object.fromEntries(Object.keys(a).map((shape) => [shape, ((a[shape] ?? 0) + (b[shape] ?? 0)) / 2]));

/** @param {string[]} list @returns {Promise<Record<string, number>>} */
async function floors(list) {
  /** @type {Record<string, number>} */
  const result = {};
  for (const shape of list) result[shape] = await floorOf(shape);
  return result;
}

// ---- The peers, from a venv of their own ----
const venv = join(repoRoot, '.venv-bench');
const venvPython = join(venv, 'bin', 'python');
const requirements = join(import.meta.dirname, 'peers-requirements.txt');
const allPeers = [
  { system: 'doit', module: 'doit', label: 'doit (no API; task state in a dbm file)' },
  { system: 'luigi', module: 'luigi', label: 'Luigi (local scheduler, a process per task)' },
  { system: 'dagster', module: 'dagster', label: 'Dagster (in-process executor: 1 step at a time)' },
  { system: 'snakemake', module: 'snakemake', label: 'Snakemake (CLI, `shell:` rules: bash per step)' },
  { system: 'prefect', module: 'prefect', label: 'Prefect (thread pool task runner, local server)' },
];
// BENCH_PEERS=doit,luigi measures only those (none: BENCH_PEERS=none); all by default.
const peers = allPeers.filter((peer) => process.env.BENCH_PEERS === undefined || process.env.BENCH_PEERS.split(',').includes(peer.system));
if (peers.length > 0 && spawnSync(venvPython, ['-c', `import ${peers.map((peer) => peer.module).join(', ')}`]).status !== 0) {
  console.log(`Installing the peers into ${venv} (once)…`);
  if (spawnSync(venvPython, ['-c', 'pass']).status !== 0) await runCommand('python3', ['-m', 'venv', venv]);
  await runCommand(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--progress-bar', 'off', '-q', '-r', requirements]);
}
/** @param {string} module */
const versionOf = (module) =>
  spawnSync(venvPython, ['-c', `import importlib.metadata as m; print(m.version('${module}'))`], { encoding: 'utf8' }).stdout.trim();

/** @param {string} system @returns {Promise<Record<string, number>>} */
function runPeer(system) {
  const dir = join(work, system);
  mkdirSync(join(dir, 'home'), { recursive: true });
  return new Promise((resolve, reject) => {
    /** @type {Record<string, number>} */
    const times = {};
    let output = '';
    const child = spawn(venvPython, [join(import.meta.dirname, 'peers', 'run_peer.py'), system, join(dir, 'runs'), process.execPath, ...shapes], {
      env: {
        ...smallEnv,
        PATH: `${join(venv, 'bin')}:${dirname(process.execPath)}:${smallEnv.PATH}`,
        HOME: join(dir, 'home'),
        PREFECT_HOME: join(dir, 'prefect'),
        PREFECT_SERVER_ANALYTICS_ENABLED: 'false',
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: '600',
        PREFECT_LOGGING_LEVEL: 'WARNING',
        DO_NOT_TRACK: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) {
        if (!line.startsWith('{"shape"')) continue;
        const { shape, ms } = JSON.parse(line);
        times[shape] = ms;
      }
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    // Prefect's server can end with a cancelled task after the last flow: the figures printed are what count.
    child.once('close', (code) =>
      shapes.every((shape) => shape in times) ? resolve(times) : reject(new Error(`${system} exited ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

// ---- Sluice: the local service in its own process, driven through @aws-sdk/client-sagemaker ----
// BENCH_PROFILE=<folder> writes the service's CPU profile there. Where perf works, the service names its JavaScript
// functions for it (--perf-basic-prof: a map file in /tmp, removed at the end), for the CPU breakdown at the end.
const perf = perfWorks();
const serviceProcess = fork(join(import.meta.dirname, 'peers', 'sluice-service.mjs'), [join(work, 'sluice-home')], {
  stdio: 'inherit',
  execArgv: [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    // V8's own log goes to the bench's temporary folder: with --perf-basic-prof it would write isolate-*-v8.log into
    // the working folder, and Node 20's V8 writes to standard output when told --logfile=/dev/null.
    ...(perf ? ['--perf-basic-prof', '--no-logfile-per-isolate', `--logfile=${join(work, 'service-v8.log')}`] : []),
  ],
});
/** @returns {Promise<any>} */
const nextMessage = () => new Promise((resolve) => serviceProcess.once('message', resolve));
const { endpoint, credentials } = await nextMessage();
const client = new SageMakerClient({ endpoint, region: credentials.region, credentials });
const trivial = (/** @type {string} */ name, /** @type {string[]} */ dependsOn = []) =>
  new ProcessingStep({ name, imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1, entrypoint: ['node', '-e', '0'], dependsOn });
/** @param {string} shape */
function stepsOf(shape) {
  const [kind, count] = shape.split('-');
  if (kind === 'chain') return Array.from({ length: Number(count) }, (_, i) => trivial(`S${i}`, i === 0 ? [] : [`S${i - 1}`]));
  const middle = Array.from({ length: Number(count) }, (_, i) => trivial(`F${i}`, ['Start']));
  return [
    trivial('Start'),
    ...middle,
    trivial(
      'End',
      middle.map((step) => step.name),
    ),
  ];
}
/**
 * Start to Succeeded, as a client sees it (DescribePipelineExecution every POLL_MS).
 * @param {string} name
 */
async function runSluice(name) {
  const started = performance.now();
  const { PipelineExecutionArn } = await client.send(new StartPipelineExecutionCommand({ PipelineName: name, ClientRequestToken: randomUUID() }));
  for (;;) {
    const { PipelineExecutionStatus: status } = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn }));
    if (status === 'Succeeded') return performance.now() - started;
    if (status === 'Failed' || status === 'Stopped') throw new Error(`${name}: ${status}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
for (const shape of shapes) {
  await client.send(
    new CreatePipelineCommand({
      PipelineName: shape,
      PipelineDefinition: new Pipeline({ name: shape, steps: stepsOf(shape) }).definition(),
      RoleArn: role,
      ClientRequestToken: randomUUID(),
      ParallelismConfiguration: { MaxParallelExecutionSteps: PARALLELISM },
    }),
  );
}
await runSluice('chain-1'); // warm-up

// ---- The table ----
/** @type {{ label: string, times: Record<string, number>, floor: Record<string, number> }[]} */
const rows = [];
/** @type {{ calls: number, ms: number } | undefined} */
let chainWrites;
let chainCpuMs = 0;
let fanMachineCpuMs = 0;
/** The service's resident memory after each shape's run, the most (MiB). */
let serviceRssMb = 0;
/**
 * How long each process start held the service's event loop, in ms, per shape.
 * @type {Record<string, number[]>}
 */
const spawnsOf = {};
/** @type {Record<string, { calls: number, ms: number }>} */
let chainWriteKinds = {};
/** The lineage the chain's steps recorded once each was done (not in a step's path), and what it took. */
let chainLineage = { calls: 0, ms: 0 };
{
  const before = await floors(shapes);
  /** @type {Record<string, number>} */
  const times = {};
  for (const shape of shapes) {
    serviceProcess.send('stats');
    await nextMessage();
    const busyBefore = machineBusyMs();
    times[shape] = await runSluice(shape);
    if (shape === `fan-${FAN}`) fanMachineCpuMs = machineBusyMs() - busyBefore;
    serviceProcess.send('stats');
    const { writes, lineage, spawns, cpuMs, rssMb } = await nextMessage();
    spawnsOf[shape] = spawns;
    serviceRssMb = Math.max(serviceRssMb, rssMb);
    if (shape === `chain-${CHAIN}`) {
      chainCpuMs = cpuMs;
      chainWriteKinds = writes;
      chainLineage = lineage;
      chainWrites = Object.values(writes).reduce((sum, entry) => ({ calls: sum.calls + entry.calls, ms: sum.ms + entry.ms }), { calls: 0, ms: 0 });
    }
  }
  rows.push({ label: 'Sluice (local service, via @aws-sdk/client-sagemaker)', times, floor: meanOf(before, await floors(shapes)) });
}
for (const peer of peers) {
  const before = await floors(shapes);
  try {
    const times = await runPeer(peer.system);
    rows.push({ label: `${peer.label.replace(/^(\S+)/, `$1 ${versionOf(peer.module)}`)}`, times, floor: meanOf(before, await floors(shapes)) });
  } catch (error) {
    console.log(`  ${peer.system}: ${error instanceof Error ? error.message : error}`);
  }
}

/** @param {{ times: Record<string, number>, floor: Record<string, number> }} row */
function figures({ times, floor }) {
  const chain = `chain-${CHAIN}`;
  const fan = `fan-${FAN}`;
  // Per step: what one more step in the chain costs, above what one more bare spawn costs.
  const perStep = (times[chain] - times['chain-1']) / (CHAIN - 1) - (floor[chain] - floor['chain-1']) / (CHAIN - 1);
  // A run's fixed cost: one step's run above one bare spawn.
  const fixed = times['chain-1'] - floor['chain-1'];
  return { perStep, fixed, fan: (times[fan] - fixed) / floor[fan], fanTotal: times[fan] };
}

console.log(
  `\nSluice and its peers, ${new Date().toISOString()}, ${cpus().length} cores (os.cpus()), load average ${loadavg()[0].toFixed(1)}: ` +
    `each step spawns \`node -e 0\` with a small environment, ${PARALLELISM} at a time; one run of each shape, after a warm-up run.`,
);
console.log(
  `Floors, the mean of one measured before and one after each row: a bare script doing the same spawns ${PARALLELISM} at a time. Per step = (chain of ${CHAIN} − chain of 1) / ${CHAIN - 1} above the floor's;` +
    ` fixed = chain of 1 above its floor; fan-out = (total − fixed) / floor.`,
);
console.log(`\n| system | chain of ${CHAIN}: overhead per step above the floor | fan-out 1→${FAN}→1: total / floor | fixed cost per run |`);
console.log('|---|---|---|---|');
for (const row of rows) {
  const f = figures(row);
  console.log(`| ${row.label} | ${f.perStep.toFixed(1)} ms | ${f.fan.toFixed(2)} × (${(f.fanTotal / 1000).toFixed(1)} s) | ${f.fixed.toFixed(0)} ms |`);
}
console.log(`Goal for Sluice: ≤ ${GOAL.chainMs} ms per step above the floor on the chain, ≤ ${GOAL.fan} × on the fan-out.`);

// One run of a shape moves by several ms per step from run to run on a shared 2-core machine: Sluice again,
// REPEATS times, each shape right after its own floor, and the spread of the figures.
const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
/** @type {ReturnType<typeof figures>[]} */
const repeated = [];
for (let i = 0; i < REPEATS; i++) {
  /** @type {Record<string, number>} */
  const times = {};
  /** @type {Record<string, number>} */
  const floor = {};
  for (const shape of shapes) {
    floor[shape] = await floorOf(shape);
    times[shape] = await runSluice(shape);
  }
  repeated.push(figures({ times, floor }));
}
/** @param {(f: ReturnType<typeof figures>) => number} pick @param {number} digits @param {string} unit */
const spread = (pick, digits, unit) => {
  const values = repeated.map(pick).sort((a, b) => a - b);
  return `${median(values).toFixed(digits)}${unit} (${values[0]?.toFixed(digits)}–${values.at(-1)?.toFixed(digits)})`;
};
console.log(
  `Sluice, ${REPEATS} more runs of each shape, each after its own floor: median (min–max): ` +
    `${spread((f) => f.perStep, 1, ' ms')} per step on the chain, ${spread((f) => f.fan, 2, ' ×')} on the fan-out.`,
);

/**
 * What starting a process costs a Node process holding `ballastMib` more memory: in a process of its own, PHASE_RUNS
 * starts of `/bin/true` one after another; the median time each held the event loop, the mean CPU time, its memory.
 * @param {number} ballastMib @returns {{ rssMb: number, heldMs: number, cpuMs: number }}
 */
function startCost(ballastMib) {
  const script = `
    const { spawn } = require('node:child_process');
    const ballast = Array.from({ length: ${ballastMib} }, () => Buffer.alloc(2 ** 20, 1));
    const held = [];
    let cpu = 0;
    const next = () => {
      const before = process.cpuUsage();
      const started = performance.now();
      const child = spawn('/bin/true', [], { stdio: 'ignore' });
      held.push(performance.now() - started);
      const used = process.cpuUsage(before);
      cpu += (used.user + used.system) / 1000;
      child.once('close', () => {
        if (held.length < ${PHASE_RUNS}) return next();
        held.sort((a, b) => a - b);
        console.log(JSON.stringify({ rssMb: process.memoryUsage().rss / 2 ** 20, heldMs: held[Math.floor(held.length / 2)], cpuMs: cpu / held.length }));
      });
    };
    next();`;
  const { stdout } = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: smallEnv });
  return JSON.parse(stdout);
}

// ---- Where Sluice's time per step goes ----
// Each layer measured alone, interleaved, the median of PHASE_RUNS; each figure is the layer's cost above the one inside it.
const phaseHome = join(work, 'phases');
const jobDir = join(phaseHome, 'jobs', 'phase-job', 'ml');
mkdirSync(jobDir, { recursive: true });
const launch = planLaunch({
  jobDir,
  executable: process.execPath,
  args: ['-e', '0'],
  env: {},
  policy: { hide: [phaseHome], readOnly: [], writable: [] },
  interpreters: ['python3', process.execPath],
});
const bwrapJobs = launch.unsandboxed === undefined;
const wrapped = () => quietly(launch.argv[0] ?? process.execPath, launch.argv.slice(1), { cwd: launch.cwd, detached: true });
// The least a sandbox with a private /opt/ml can be: the host's root read-only and the job's folder bound (a user and
// a mount namespace, nothing else). Measured only where the engine's jobs run in bwrap.
const leanest = () => quietly('bwrap', ['--ro-bind', '/', '/', '--bind', jobDir, '/opt/ml', '--', process.execPath, '-e', '0'], { detached: true });
const runtimes = { python: 'python3', node: process.execPath, sandbox: { hide: [phaseHome], readOnly: [], writable: [] } };
const hostJob = () =>
  runHostJob({
    jobDir,
    command: ['node', '-e', '0'],
    env: {},
    log: new JobLog(join(phaseHome, 'jobs', 'phase-job', 'log')),
    runtimes,
    signal: new AbortController().signal,
    limits: { networkIsolation: false },
  });
// /proc/stat counts in clock ticks (10 ms here): enough runs that a layer's mean is good to a fraction of a millisecond.
const PHASE_RUNS = Number(process.env.BENCH_PHASE_RUNS ?? 100);
/** @type {Record<string, number[]>} */
const samples = { bare: [], leanest: [], wrapped: [], hostJob: [] };
/**
 * What the whole machine spent busy during each layer's runs (/proc/stat), summed.
 * @type {Record<string, number>}
 */
const busy = { bare: 0, leanest: 0, wrapped: 0, hostJob: 0 };
for (let i = 0; i < PHASE_RUNS; i++) {
  for (const [name, run] of /** @type {const} */ ([
    ['bare', spawnNode],
    ...(bwrapJobs ? /** @type {const} */ ([['leanest', leanest]]) : []),
    ['wrapped', wrapped],
    ['hostJob', hostJob],
  ])) {
    const busyBefore = machineBusyMs();
    const started = performance.now();
    await run();
    samples[name].push(performance.now() - started);
    busy[name] += machineBusyMs() - busyBefore;
  }
}
// The engine alone, in this process, with in-memory stand-ins for the service (no store, no HTTP).
const engineChain = async () => {
  const definition = new Pipeline({ name: 'EngineChain', steps: stepsOf(`chain-${CHAIN}`) }).definition();
  const started = performance.now();
  await new Execution(
    {
      definition,
      executionId: 'phases',
      executionArn: `arn:aws:sagemaker:us-east-1:000000000000:pipeline/enginechain/execution/${randomUUID().slice(0, 12)}`,
      pipelineName: 'EngineChain',
      pipelineArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/enginechain',
      parameters: {},
      startTime: Date.now(),
      maxParallelSteps: PARALLELISM,
    },
    {
      artifacts: new ArtifactStore(join(phaseHome, 's3')),
      jobsDir: join(phaseHome, 'jobs'),
      runtimes,
      recorder: { saveJob: () => undefined, saveModel: () => undefined },
      registry: { registerModelPackage: () => ({ arn: '', version: 0, groupName: '' }) },
      cache: { find: () => undefined, latest: () => undefined },
      region: 'us-east-1',
      account: '000000000000',
      stopGraceMs: 1000,
      imageRules: defaultImageRules,
      integrations: { waitForCallback: () => Promise.resolve({ outcome: 'failure', reason: 'none' }), lambdaHandler: () => undefined, model: () => undefined },
    },
    { onStep: () => undefined, onExecution: () => undefined },
  ).run();
  return (performance.now() - started) / CHAIN;
};
await engineChain(); // warm-up
const enginePerStep = median([await engineChain(), await engineChain()]);
const floorBusyBefore = machineBusyMs();
await floorOf(`fan-${FAN}`);
const fanFloorCpuMs = machineBusyMs() - floorBusyBefore;
const bare = median(samples.bare);
const wrapper = median(samples.wrapped) - bare;
const hostExtras = median(samples.hostJob) - bare;
const engineExtras = enginePerStep - median(samples.hostJob);
const sluiceRow = rows[0];
const sluicePerStep = (sluiceRow.times[`chain-${CHAIN}`] - sluiceRow.times['chain-1']) / (CHAIN - 1);
const storePerStep = (chainWrites?.ms ?? 0) / CHAIN;
const rest = sluicePerStep - enginePerStep - storePerStep;
console.log(`\nWhere a Sluice step's time goes (chain of ${CHAIN}, per step; sandbox: ${bwrapJobs ? 'bwrap' : launch.argv[0]}):`);
/** @param {string} label @param {number} ms */
const phase = (label, ms) => console.log(`  ${label.padEnd(78)} ${ms.toFixed(2).padStart(7)} ms`);
phase(`the floor: a bare \`node -e 0\` (median of ${PHASE_RUNS})`, bare);
phase(`a sandbox built for its job (${launch.argv[0]}, the engine's arguments; a run's first job), above bare`, wrapper);
phase('runHostJob in a sandbox built ahead (as every later job), above bare: hand-over, log notes', hostExtras);
phase('the engine above runHostJob: scheduling, runner, job folder, documents (no store)', engineExtras);
phase(`store writes in the service: putStep, update, jobs.put (${((chainWrites?.calls ?? 0) / CHAIN).toFixed(1)} per step)`, storePerStep);
for (const [kind, entry] of Object.entries(chainWriteKinds)) phase(`  of which ${kind}, ${(entry.calls / CHAIN).toFixed(1)} per step`, entry.ms / CHAIN);
phase(
  `lineage, recorded once each step is done, beside the next job (${(chainLineage.calls / CHAIN).toFixed(1)} per step; not in the sum)`,
  chainLineage.ms / CHAIN,
);
phase(`the rest: service event loop shared with HTTP (client polls every ${POLL_MS} ms), job keys`, rest);
phase('= Sluice per step through the client (chain of 100 − chain of 1) / 99', sluicePerStep);
phase('CPU time of the service process per step (its own share of the above, polling included)', chainCpuMs / CHAIN);
/** @param {string} shape */
const spawnFigures = (shape) => {
  const times = spawnsOf[shape] ?? [];
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${median(times).toFixed(1)} ms, p90 ${(sorted[Math.floor(sorted.length * 0.9)] ?? NaN).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
};
console.log(
  `  the service's process starts (a sandbox per job; Node forks the service, then its event loop waits for the exec), each:\n` +
    `    chain: ${(spawnsOf[`chain-${CHAIN}`]?.length ?? 0) / CHAIN} per step, ${spawnFigures(`chain-${CHAIN}`)}; fan-out: ${spawnFigures(`fan-${FAN}`)}`,
);
console.log(`  the service's resident memory, the most after a shape's run: ${serviceRssMb.toFixed(0)} MiB (each start copies its page tables)`);
console.log(
  `  what one start costs the process that starts it, by its resident memory (${PHASE_RUNS} starts of \`/bin/true\` each: the median hold, the mean CPU time):`,
);
for (const ballast of [0, 256, 768]) {
  const { rssMb, heldMs, cpuMs } = startCost(ballast);
  console.log(`    ${rssMb.toFixed(0).padStart(4)} MiB: the event loop held ${heldMs.toFixed(2)} ms, CPU time ${cpuMs.toFixed(2)} ms`);
}
console.log(`\nWhat the whole machine spent busy per run of each layer above (/proc/stat, mean of ${PHASE_RUNS}; more than its time: ${cpus().length} cores):`);
phase('a bare `node -e 0`', busy.bare / PHASE_RUNS);
if (bwrapJobs) phase('the least a sandbox can be: bwrap, the root read-only and /opt/ml bound', busy.leanest / PHASE_RUNS);
phase(`a sandbox built for its job (${launch.argv[0]})`, busy.wrapped / PHASE_RUNS);
phase('runHostJob in a sandbox built ahead, the next one built beside it', busy.hostJob / PHASE_RUNS);
console.log(
  `\nThe fan-out is bound by CPU (${PARALLELISM} jobs at a time on ${cpus().length} cores): what the whole machine spent busy per step (/proc/stat).`,
);
phase(`Sluice's fan-out 1→${FAN}→1: jobs, sandboxes, service and client`, fanMachineCpuMs / (FAN + 2));
phase('the floor: the same spawns by a bare script', fanFloorCpuMs / (FAN + 2));
// What the fan-out goal leaves for everything Sluice adds to a job, against what the least sandbox adds alone.
const allowance = ((GOAL.fan - 1) * fanFloorCpuMs) / (FAN + 2);
console.log(
  `  the goal (≤ ${GOAL.fan} ×) leaves ${allowance.toFixed(2)} ms of busy time per step above the floor` +
    (bwrapJobs ? `; the least sandbox alone adds ${((busy.leanest - busy.bare) / PHASE_RUNS).toFixed(2)} ms` : ''),
);

// ---- Where the service's own CPU time goes ----
// The largest part of what Sluice adds to a job on the fan-out is the service's CPU time: one more run of each shape
// with the service's main thread sampled by perf, each sample given to one of these by its call stack.
// Process starts, garbage collection, lineage and requests are counted with all they call; the rest goes to the work
// nearest the sample's leaf (a step record's SQLite to SQLite, a pipe made for a sandbox to the pipes).
const serviceCategories = {
  /** @type {[string, RegExp][]} */
  whole: [
    ['process starts: Node forks the service for each sandbox (its page tables copied)', /^(uv_spawn|_Fork|__libc_fork|copy_process)$/],
    ['garbage collection', /^v8::internal::(Heap::|Scavenger|MarkCompact|MinorMarkSweep|IncrementalMarking)/],
    ['lineage: trial components, artifacts, associations (beside the next job)', /kernel-lib\/dist\/(store\/lineage|service\/lineage\/)/],
    ["HTTP: the client's requests (parse, signature, store reads, answer)", /node:_http|llhttp|kernel-lib\/dist\/service\/(server|wire|signature)\.js/],
  ],
  /** @type {[string, RegExp][]} */
  leaf: [
    ['SQLite: step records, job documents', /sqlite3|better_sqlite3/],
    ['files: job folders, logs, documents (mkdir, rename, write)', /^node::fs::|^uv_fs_/],
    ["jobs' pipes and exits: stdio and ready sockets made, read, closed", /node:net|stream_base_commons|node:internal\/child_process|StreamWrap|ProcessWrap/],
    ['the engine: scheduling, runners, plans, step updates', /kernel-lib\/dist\/(engine\/|service\/engine-host)/],
  ],
};
if (perf && serviceProcess.pid !== undefined) {
  /** @type {{ shape: string, steps: number, cpuMs: number, sampled: ReturnType<typeof cpuByCategory> }[]} */
  const profiled = [];
  for (const [shape, steps] of /** @type {const} */ ([
    [`chain-${CHAIN}`, CHAIN],
    [`fan-${FAN}`, FAN + 2],
  ])) {
    serviceProcess.send('stats');
    await nextMessage();
    const sampling = await sampleThread(serviceProcess.pid);
    await runSluice(shape);
    const samples = await sampling.stop();
    serviceProcess.send('stats');
    const { cpuMs } = await nextMessage();
    profiled.push({ shape, steps, cpuMs, sampled: cpuByCategory(samples, serviceCategories) });
  }
  console.log(`\nWhere the service's CPU time goes (perf, its main thread, one more run of each shape; ms per step):`);
  /** @param {string} label @param {(entry: (typeof profiled)[number]) => string} cell */
  const row = (label, cell) => console.log(`  ${label.padEnd(84)} ${profiled.map((entry) => cell(entry).padStart(9)).join(' ')}`);
  row('', ({ shape }) => shape);
  for (const name of [...serviceCategories.whole, ...serviceCategories.leaf].map(([category]) => category).concat('other')) {
    row(name, ({ steps, sampled }) => ((sampled.byCategory.get(name) ?? 0) / steps).toFixed(2));
  }
  row('= the main thread, sampled', ({ steps, sampled }) => (sampled.total / steps).toFixed(2));
  row('the service process, all its threads (its CPU time, polling and perf included)', ({ steps, cpuMs }) => (cpuMs / steps).toFixed(2));
} else console.log(`\nWhere the service's CPU time goes: skipped, \`perf record\` does not work here (Debian: linux-perf).`);

client.destroy();
serviceProcess.send('close');
await new Promise((resolve) => serviceProcess.once('exit', resolve));
rmSync(work, { recursive: true, force: true });
// V8 writes the map to /tmp whatever TMPDIR says.
if (serviceProcess.pid !== undefined) rmSync(`/tmp/perf-${serviceProcess.pid}.map`, { force: true });
