import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../scripts/lib/paths.mjs';

describe('strict TypeScript', () => {
  it('type-checks the tests and the set-up scripts (their JSDoc types)', () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'test', 'tsconfig.json')], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
