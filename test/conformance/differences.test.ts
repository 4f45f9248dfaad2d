// docs/differences.md is generated from the module the service reads; they must agree, and name real operations.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { differencesMarkdown, errorChoices, localOperations } from '../../kernel-lib/src/service/differences.js';
import { operations } from '../../kernel-lib/src/service/operations/index.js';
import { localTargetPrefix } from '../../kernel-lib/src/service/operations/local-extras.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const doc = join(repoRoot, 'docs', 'differences.md');

describe('the table of differences from SageMaker', () => {
  it('is docs/differences.md, word for word (SLUICE_WRITE_DOCS=1 rewrites it)', () => {
    if (process.env.SLUICE_WRITE_DOCS === '1') writeFileSync(doc, differencesMarkdown());
    expect(readFileSync(doc, 'utf8')).toBe(differencesMarkdown());
  });

  it('lists exactly the SluiceLocal operations of the handler table', () => {
    const extras = Object.keys(operations)
      .filter((target) => target.startsWith(localTargetPrefix))
      .map((target) => target.slice(localTargetPrefix.length));
    expect(Object.keys(localOperations).sort()).toEqual(extras.sort());
  });

  it('names only operations the service has', () => {
    const named = errorChoices.flatMap((entry) => entry.operations);
    expect(named.filter((operation) => !Object.hasOwn(operations, `SageMaker.${operation}`))).toEqual([]);
  });
});
