// The panel's unit tests read the abalone definition from a file; it must stay what the SDK writes.
import { readFileSync } from 'node:fs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';

// Code URIs hash the code's path as given, which differs between clones; the graph does not depend on them.
const withoutCodeHashes = (definition: string): string => definition.replace(/\/code\/[0-9a-f]{64}\//g, '/code/<sha256>/');

it('the saved abalone definition is what the SDK writes today (code hashes aside)', () => {
  const pipeline = abalonePipeline({ name: 'Abalone', bucket: 'b', inputDataUrl: 's3://b/in.csv', modelPackageGroupName: 'AbaloneGroup' });
  expect(readFileSync(new URL('./fixtures/abalone-definition.json', import.meta.url), 'utf8')).toBe(withoutCodeHashes(pipeline.definition()));
});
