// The panel's unit tests read the abalone definition from a file; it must stay what the SDK writes.
import { readFileSync } from 'node:fs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';

it('the saved abalone definition is what the SDK writes today', () => {
  const pipeline = abalonePipeline({ name: 'Abalone', bucket: 'b', inputDataUrl: 's3://b/in.csv', modelPackageGroupName: 'AbaloneGroup' });
  expect(readFileSync(new URL('./fixtures/abalone-definition.json', import.meta.url), 'utf8')).toBe(pipeline.definition());
});
