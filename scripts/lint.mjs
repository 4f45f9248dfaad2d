// @ts-check
// `npm run lint`: ESLint (typescript-eslint, React hooks, the layers of kernel-lib/src by rule name) and
// Prettier's check of the formatting; `npm test` runs it first. Exits non-zero when either finds a problem.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';

/** Runs each checker and returns the names of those that failed; their reports go to the terminal as they are. */
export function lint() {
  /** @param {string} name */
  const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
  const checks = [
    { name: 'eslint', command: bin('eslint'), args: ['.'] },
    { name: 'prettier', command: bin('prettier'), args: ['--check', '--log-level', 'warn', '.'] },
  ];
  return checks.filter((check) => spawnSync(check.command, check.args, { cwd: repoRoot, stdio: 'inherit' }).status !== 0).map((check) => check.name);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const failed = lint();
  if (failed.length > 0) {
    console.error(`lint: ${failed.join(' and ')} found problems (npx prettier --write . formats the tree)`);
    process.exit(1);
  }
  console.log('lint: clean');
}
