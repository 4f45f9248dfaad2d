// @ts-check
// Where one thread's CPU time goes, sampled by Linux perf where the machine has it and lets this user sample: each
// sample weighs its CPU time and goes to a category by its call stack (`cpuByCategory`). Only a thread that is running
// is sampled (cpu-clock), so time a thread spends waiting (for a child's exec, for I/O) counts for nothing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `perf record` works here: installed, and allowed to sample this user's processes. */
export function perfWorks() {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-perf-'));
  try {
    return spawnSync('perf', ['record', '-q', '-o', join(dir, 'probe.data'), '--', 'true'], { stdio: 'ignore' }).status === 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Samples thread `tid` (that thread alone: not the process's other threads, nor the processes it starts) at `hz`
 * with call stacks, from when the returned promise resolves until `stop` is called.
 * @param {number} tid @param {number} [hz]
 * @returns {Promise<{ stop: () => Promise<string[][]> }>} stop ends the sampling and gives each sample as
 *   `parsePerfScript` does: its period, then its stack's symbols, leaf first (a Node process's JavaScript functions
 *   are named only when it runs with --perf-basic-prof)
 */
export async function sampleThread(tid, hz = 999) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-perf-'));
  const file = join(dir, 'perf.data');
  const recorder = spawn('perf', ['record', '-q', '-F', String(hz), '-g', '-t', String(tid), '-o', file], { stdio: 'ignore' });
  const closed = new Promise((resolve) => recorder.once('close', resolve));
  // perf takes a moment to attach; what runs before is not sampled.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    stop: async () => {
      recorder.kill('SIGINT');
      await closed;
      const { stdout } = spawnSync('perf', ['script', '-i', file, '-F', 'period,ip,sym'], { encoding: 'utf8', maxBuffer: 1 << 30 });
      rmSync(dir, { recursive: true, force: true });
      return parsePerfScript(stdout ?? '');
    },
  };
}

/**
 * `perf script -F period,ip,sym` output: a line with the sample's period (ns of CPU for cpu-clock), then its frames
 * one per indented line (address, symbol). Each sample comes out as its period, then its frames' symbols, leaf first.
 * @param {string} text @returns {string[][]}
 */
export function parsePerfScript(text) {
  /** @type {string[][]} */
  const samples = [];
  /** @type {string[] | undefined} */
  let current;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (!line.startsWith('\t')) {
      current = [line.trim()];
      samples.push(current);
    } else current?.push(line.trim().replace(/^[0-9a-f]+\s+/, ''));
  }
  return samples;
}

/**
 * The CPU time of the samples, in ms, by category ('other' for the rest). A sample goes to the first category of
 * `whole` that any frame of its stack matches (work counted with all it calls); failing that, to the category of
 * `leaf` matched by the frame nearest the leaf (the work itself, whoever called it).
 * @param {string[][]} samples @param {{ whole: [string, RegExp][], leaf: [string, RegExp][] }} categories
 * @returns {{ total: number, byCategory: Map<string, number> }}
 */
export function cpuByCategory(samples, { whole, leaf }) {
  const byCategory = new Map([...[...whole, ...leaf].map(([name]) => /** @type {[string, number]} */ ([name, 0])), ['other', 0]]);
  let total = 0;
  for (const [period = '0', ...frames] of samples) {
    const ms = Number(period) / 1e6;
    total += ms;
    let name = whole.find(([, pattern]) => frames.some((frame) => pattern.test(frame)))?.[0];
    for (const frame of frames) {
      name ??= leaf.find(([, pattern]) => pattern.test(frame))?.[0];
      if (name !== undefined) break;
    }
    name ??= 'other';
    byCategory.set(name, (byCategory.get(name) ?? 0) + ms);
  }
  return { total, byCategory };
}
