import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

describe('the SDK types', () => {
  it('reject wrong property paths, value types, comparisons, JsonGet paths and request keys (tsc on test/sdk/type-checks.ts, typed-sdk-checks.ts)', () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const files = [join(repoRoot, 'test', 'sdk', 'type-checks.ts'), join(repoRoot, 'test', 'sdk', 'typed-sdk-checks.ts')];
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
    const result = spawnSync(process.execPath, [tsc, ...options, ...files], { encoding: 'utf8' });
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
