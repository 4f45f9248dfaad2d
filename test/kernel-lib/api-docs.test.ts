import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { undocumentedSurface } from './api-docs';

const here = dirname(fileURLToPath(import.meta.url));
const kernelSource = join(here, '..', '..', 'kernel-lib', 'src');

// `npm run docs` renders this surface with TypeDoc (typedoc.json); these tests keep every part of it documented.
describe("the sluice package's API docs", () => {
  const surface = undocumentedSurface(kernelSource, join(kernelSource, 'index.ts'));

  it('have a TSDoc comment on every symbol a notebook can import from "sluice"', () => {
    expect(surface.symbols).toEqual([]);
  });

  it('document every field of the options that constructors and calls take', () => {
    expect(surface.optionFields).toEqual([]);
  });

  it('report an undocumented export, option field and inherited option field by name and file', () => {
    const fixture = join(here, 'fixtures', 'api-docs');
    expect(undocumentedSurface(fixture, join(fixture, 'index.ts'))).toEqual({
      symbols: ['undocumented (index.ts)', 'WidgetStep (steps.ts)'],
      optionFields: ['BaseOptions.retries (steps.ts)', 'WidgetStepOptions.instanceCount (steps.ts)'],
    });
  });
});
