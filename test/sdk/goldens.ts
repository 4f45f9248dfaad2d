// Reads the SageMaker Python SDK goldens from the shared data folder next to the repository.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

export const goldenDir = join(repoRoot, '..', 'shared', 'data', 'sagemaker-golden');

export function readGolden(name: 'abalone' | 'kitchen-sink'): string {
  return readFileSync(join(goldenDir, `${name}-v2.257.6.json`), 'utf8');
}
