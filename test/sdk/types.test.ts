import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { propertyAccesses, propertyTypes } from './property-shapes.js';

/**
 * A file that reads every field of every step type's properties (to three names deep, through lists and maps) as a
 * user would write it, generated from the shape table that @aws-sdk/client-sagemaker's schemas give: it compiles only
 * if the derived property types reach every field the AWS SDK has.
 */
function writeReachabilityFile(): { file: string; reads: number } {
  const dir = join(repoRoot, 'test-output', 'sdk-types');
  mkdirSync(dir, { recursive: true });
  const sdk = join(repoRoot, 'kernel-lib', 'src', 'index.js');
  const lines = [`import type { ${Object.values(propertyTypes).join(', ')} } from ${JSON.stringify(sdk)};`];
  let reads = 0;
  for (const [stepType, typeName] of Object.entries(propertyTypes)) {
    lines.push(`export function read${stepType}(p: ${typeName}): unknown[] {`, '  return [');
    for (const access of propertyAccesses(stepType, 3)) {
      lines.push(`    p${access.accessor},`);
      reads += 1;
    }
    lines.push('  ];', '}');
  }
  const file = join(dir, 'every-property.ts');
  writeFileSync(file, lines.join('\n') + '\n');
  return { file, reads };
}

describe('the SDK types', () => {
  it('reject wrong property paths, value types, comparisons, JsonGet paths and request keys, and reach every field of SageMaker’s responses (tsc on test/sdk/type-checks.ts, typed-sdk-checks.ts and a generated file)', () => {
    const reachability = writeReachabilityFile();
    expect(reachability.reads).toBeGreaterThan(500);
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const files = [join(repoRoot, 'test', 'sdk', 'type-checks.ts'), join(repoRoot, 'test', 'sdk', 'typed-sdk-checks.ts'), reachability.file];
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
