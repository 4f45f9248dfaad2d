import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

describe('the SDK types', () => {
  it('reject wrong property paths and wrong parameter types (tsc on test/sdk/type-checks.ts)', () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const file = join(repoRoot, 'test', 'sdk', 'type-checks.ts');
    const options = [
      '--noEmit',
      '--strict',
      '--target',
      'ES2022',
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--skipLibCheck',
      '--types',
      'node',
    ];
    const result = spawnSync(process.execPath, [tsc, ...options, file], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
