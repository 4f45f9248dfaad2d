// A notebook job's sandbox hides /tmp and the user's home. A workspace there (a clone under /tmp, a project in
// ~/) must still give the job its node_modules: tslab, which the kernel runs, and `sluice`, which notebooks import.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runtimes } from '../../kernel-lib/src/engine/jobs/host-process.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';
import { notebookJobRuntime } from '../../kernel-lib/src/engine/runners/notebook-job.js';
import { repoRoot, venvPython } from '../../scripts/lib/paths.mjs';
import { runNodeJob } from '../harness/host-job.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const whenSandboxed = sandboxSupport().available ? it : it.skip;
const home = makeTestWorkspace('hidden-workspace');

/** Runs a job that reports which of `paths` it sees. */
async function seen(runtimes: Runtimes, paths: string[], name: string): Promise<Record<string, boolean>> {
  const script = `import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
mkdirSync('/opt/ml/output', { recursive: true });
writeFileSync('/opt/ml/output/seen.json', JSON.stringify(Object.fromEntries(${JSON.stringify(paths)}.map((path) => [path, existsSync(path)]))));`;
  const { result, log, ml } = await runNodeJob(join(home, 'jobs'), name, script, runtimes);
  if (result.exitCode !== 0) throw new Error(`the job failed: ${log}`);
  return JSON.parse(readFileSync(join(ml, 'output', 'seen.json'), 'utf8')) as Record<string, boolean>;
}

describe('a notebook job whose workspace is in a folder the sandbox hides', () => {
  const tslab = join(repoRoot, 'node_modules', '.bin', 'tslab');
  const sluice = join(repoRoot, 'node_modules', 'sluice', 'package.json');
  const secret = join(repoRoot, 'README.md');
  const plain = { python: venvPython, node: process.execPath, sandbox: { hide: [home, repoRoot], readOnly: [] } };

  whenSandboxed('sees tslab and sluice through node_modules, read-only, and nothing else of the workspace', async () => {
    // Another job with the same policy sees none of it: the hiding is real.
    await expect(seen(plain, [tslab, sluice, secret], 'plain')).resolves.toEqual({ [tslab]: false, [sluice]: false, [secret]: false });
    await expect(seen(notebookJobRuntime(plain).runtimes, [tslab, sluice, secret], 'notebook')).resolves.toEqual({
      [tslab]: true,
      [sluice]: true,
      [secret]: false,
    });
  });
});
