// How `npm run bench` splits the service's CPU time (bench/peers.mjs, issue #19): perf's samples, each weighing its
// CPU time, go to the first "whole" category their stack shows, else to the "leaf" category nearest their leaf.
import { cpuByCategory, parsePerfScript } from '../../bench/lib/perf-profile.mjs';

/** `perf script -F period,ip,sym` as perf prints it: a sample's period (ns), then its frames, leaf first. */
const script = [
  '    500000 ',
  '\t          7f01aa copy_process',
  '\t          7f01ab _Fork',
  '\t          7f01ac uv_spawn',
  '\t          7f01ad JS:*build file:///r/kernel-lib/dist/engine/jobs/warm-sandbox.js:133:15',
  '',
  '    250000 ',
  '\t          5501 sqlite3VdbeExec',
  '\t          5502 Statement::JS_run',
  '\t          5503 JS:*putStep file:///r/kernel-lib/dist/store/executions.js:71:12',
  '\t          5504 JS:*onStep file:///r/kernel-lib/dist/service/engine-host.js:128:21',
  '',
  '    250000 ',
  '\t          5501 sqlite3VdbeExec',
  '\t          5505 JS:*putEntity file:///r/kernel-lib/dist/store/lineage.js:58:14',
  '',
  '    1000000 ',
  '\t          6601 JS:~Socket node:net:359:16',
  '\t          6602 JS:*build file:///r/kernel-lib/dist/engine/jobs/warm-sandbox.js:133:15',
  '',
  '    125000 ',
  '\t          7701 epoll_wait',
  '',
].join('\n');

const categories = {
  whole: [
    ['process starts', /^(uv_spawn|_Fork)$/],
    ['lineage', /kernel-lib\/dist\/store\/lineage/],
  ] as [string, RegExp][],
  leaf: [
    ['SQLite', /sqlite3/],
    ['pipes', /node:net/],
    ['engine', /kernel-lib\/dist\/(engine\/|service\/engine-host)/],
  ] as [string, RegExp][],
};

test('each sample is its period, then its frames leaf first, without their addresses', () => {
  const samples = parsePerfScript(script);
  expect(samples).toHaveLength(5);
  expect(samples[1]).toEqual([
    '250000',
    'sqlite3VdbeExec',
    'Statement::JS_run',
    'JS:*putStep file:///r/kernel-lib/dist/store/executions.js:71:12',
    'JS:*onStep file:///r/kernel-lib/dist/service/engine-host.js:128:21',
  ]);
});

test('CPU time goes to the work a whole category covers, else to the work nearest the leaf', () => {
  const { total, byCategory } = cpuByCategory(parsePerfScript(script), categories);
  expect(total).toBeCloseTo(2.125);
  expect(Object.fromEntries(byCategory)).toEqual({
    // The fork, though the engine called it.
    'process starts': 0.5,
    // A lineage write's SQLite is the lineage's.
    lineage: 0.25,
    // A step record's SQLite is SQLite's, not the engine's that called it.
    SQLite: 0.25,
    // A socket made for a sandbox is the pipes', not the engine's.
    pipes: 1,
    engine: 0,
    other: 0.125,
  });
});
