// @ts-check
// `npm test`: set-up, `npm run lint` (each failing checker counts as one failure), then every jest suite; the last line
// is `N passed, N failed`.
// Arguments pass through to jest, e.g. `npm test -- test/setup` runs one folder.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { describeSetupFailure } from './lib/prerequisites.mjs';
import { runSetup } from './lib/setup-steps.mjs';
import { lint } from './lint.mjs';

try {
  await runSetup({ forTests: true });
} catch (error) {
  console.error(describeSetupFailure(error));
  console.log('0 passed, 1 failed');
  process.exit(1);
}

// Lint first: a layering violation or unformatted code fails the run, named by its rule; the suites still run.
const lintFailures = lint();
if (lintFailures.length > 0) console.error(`lint: ${lintFailures.join(' and ')} found problems (npm run lint repeats them)`);

const outputDir = join(repoRoot, 'test-output');
mkdirSync(outputDir, { recursive: true });
const resultsFile = join(outputDir, 'jest-results.json');
const jest = join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
// Suites share one machine's ports, kernels and browser; running them one at a time keeps them honest.
const args = ['--experimental-vm-modules', jest, '--runInBand', '--json', `--outputFile=${resultsFile}`, ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
const code = await new Promise((resolve) => child.once('close', (status) => resolve(status ?? 1)));

/** @type {{ numPassedTests: number, numFailedTests: number, numPendingTests: number, testResults: { status: string, assertionResults: unknown[] }[] }} */
let results;
try {
  results = JSON.parse(readFileSync(resultsFile, 'utf8'));
} catch {
  console.log(`0 passed, 1 failed`);
  process.exit(code === 0 ? 1 : code);
}
// A suite that failed before running any test (a compile error, a crash) counts as one failure.
const brokenSuites = results.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
const failed = results.numFailedTests + brokenSuites + lintFailures.length;
const skipped = results.numPendingTests > 0 ? `, ${results.numPendingTests} skipped` : '';
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped}`);
process.exit(failed > 0 ? 1 : code);
