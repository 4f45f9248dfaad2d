// @ts-check
// Benchmark (figures, not a test): SageMaker Projects' abalone seed pipeline, written with the SageMaker Python SDK
// (test/sagemaker-sdk/python_seed_pipeline.py), from start() until wait() returns, run by the SDK itself after
// `eval "$(sluice service env)"`, once its environments exist (a first run prepares them and is not counted).
// Caching is off, so every step runs. SageMaker takes about 15 minutes for the same pipeline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
const python = join(repoRoot, '.venv-test', 'bin', 'python');
const home = mkdtempSync(join(tmpdir(), 'sluice-bench-seed-'));
const runs = 3;

/** @param {string[]} args */
const sluice = (...args) => spawnSync(process.execPath, [cli, ...args, '--home', home], { encoding: 'utf8' });
if (sluice('service', 'start').status !== 0) throw new Error('the service did not start');
try {
  const variables = Object.fromEntries(
    sluice('service', 'env')
      .stdout.trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
    ...variables,
  };
  /** @param {string[]} flags */
  const run = (...flags) => {
    const output = join(home, `outcome-${Math.random().toString(36).slice(2)}.json`);
    const script = join(repoRoot, 'test', 'sagemaker-sdk', 'python_seed_pipeline.py');
    const child = spawnSync(
      python,
      [script, join(repoRoot, 'test', 'fixtures', 'abalone-seed'), join(repoRoot, '..', 'shared', 'data', 'abalone.csv'), output, ...flags],
      { env, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`the seed pipeline failed:\n${child.stderr.slice(-2000)}`);
    const outcome = JSON.parse(readFileSync(output, 'utf8'));
    if (outcome.status !== 'Succeeded') throw new Error(`the seed pipeline ended ${outcome.status}: ${outcome.failure}`);
    return /** @type {number} */ (outcome.seconds);
  };
  run('--rerun', '--no-cache');
  const seconds = Array.from({ length: runs }, () => run('--rerun', '--no-cache')).sort((a, b) => a - b);
  console.log('Seed pipeline (SageMaker Python SDK, 5 steps, no cache), start() to Succeeded, environments ready');
  console.log(
    `  median of ${runs}: ${seconds[1].toFixed(2)} s (min ${seconds[0].toFixed(2)} s, max ${seconds[runs - 1].toFixed(2)} s)   goal ≤ 10 s; SageMaker ≈ 15 min`,
  );
} finally {
  sluice('service', 'stop');
  rmSync(home, { recursive: true, force: true });
}
