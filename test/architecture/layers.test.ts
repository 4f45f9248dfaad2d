import { spawnSync } from 'node:child_process';
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

  it("fails npm run lint's ESLint with the rule's name when a file crosses a layer", () => {
    const repo = join(here, '..', '..');
    // The fixture is ignored by the repository's lint (it is wrong on purpose); --no-ignore lints it with the same config.
    const run = spawnSync(join(repo, 'node_modules', '.bin', 'eslint'), ['--no-ignore', 'test/architecture/fixtures/violation/src'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('definition/graph.ts imports node:fs: definition-stands-alone');
    expect(run.stdout).toContain('sdk/pipeline.ts imports ../notebook/run-steps.js: sdk-below-notebook-and-service');
    expect(run.stdout).toContain('service/pipelines.ts imports ../sdk/pipeline.js: service-uses-engine-not-sdk');
    expect(run.stdout).toMatch(/3 problems \(3 errors/);
  });
});
