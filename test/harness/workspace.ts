import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

/** Test output that a person may want to look at afterwards (screenshots, executed notebooks). */
export const testOutputDir = join(repoRoot, 'test-output');

/** Python environments for framework images, created once per machine and shared by every test run (git-ignored). */
export const testEnvsDir = join(testOutputDir, 'envs');

/**
 * A fresh folder for a test's notebooks. It sits inside the repository (git-ignored), because tslab
 * resolves `sluice` only from node_modules folders above the notebook.
 */
export function makeTestWorkspace(name: string): string {
  const parent = join(testOutputDir, 'workspaces');
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, `${name}-`));
}
