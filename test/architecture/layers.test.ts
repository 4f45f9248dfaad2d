import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layerRules, layers } from '../../scripts/layers.mjs';
import { checkLayers } from './layer-check';

const here = dirname(fileURLToPath(import.meta.url));
const kernelSource = join(here, '..', '..', 'kernel-lib', 'src');

describe('kernel-lib layers', () => {
  it('no file imports across a forbidden layer', () => {
    const violations = checkLayers(kernelSource, layerRules);
    expect(violations.map((violation) => violation.message)).toEqual([]);
  });

  it('every rule names known layers', () => {
    const known = new Set([...layers, 'node']);
    for (const rule of layerRules) {
      expect([rule.from, ...rule.disallow].filter((layer) => !known.has(layer))).toEqual([]);
    }
  });

  it('reports a deliberate violation by the rule it breaks', () => {
    const violations = checkLayers(join(here, 'fixtures', 'violation', 'src'), layerRules);
    expect(violations.map(({ rule, file, specifier }) => ({ rule, file, specifier }))).toEqual([
      { rule: 'definition-stands-alone', file: 'definition/graph.ts', specifier: 'node:fs' },
      { rule: 'sdk-below-notebook-and-service', file: 'sdk/pipeline.ts', specifier: '../notebook/run-steps.js' },
      { rule: 'service-uses-engine-not-sdk', file: 'service/pipelines.ts', specifier: '../sdk/pipeline.js' },
    ]);
    expect(violations[1]?.message).toContain('sdk may not import notebook');
  });
});
