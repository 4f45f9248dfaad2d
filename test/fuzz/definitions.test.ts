// Property-based: whatever text or JSON a client sends as a pipeline definition, or as parameter values, the
// reader either accepts it or refuses it with its own typed error; it never crashes or hangs. Seeded: set
// SLUICE_FUZZ_SEED to replay a failure (fast-check prints the seed and the path of the counterexample).
import fc from 'fast-check';
import { parseDefinition, ParameterError, resolveParameters, type Json } from '../../kernel-lib/src/engine/index.js';
import { Pipeline, PipelineDefinitionError } from '../../kernel-lib/src/index.js';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';

const seed = Number(process.env['SLUICE_FUZZ_SEED'] ?? 20261203);
const runs = 10_000;
const settings = { seed, numRuns: runs, verbose: 1 } as const;

type Tree = null | boolean | number | string | Tree[] | { [key: string]: Tree };

const validText = abalonePipeline({
  name: 'Abalone',
  bucket: 'fuzz-bucket',
  inputDataUrl: 's3://fuzz-bucket/abalone.csv',
  modelPackageGroupName: 'Fuzz',
}).definition();
const valid = JSON.parse(validText) as Tree;

/** Every place in the tree, as the path of keys that reaches it. */
function paths(tree: Tree, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(tree)) return here.concat(...tree.map((child, index) => paths(child, [...prefix, index])));
  if (tree !== null && typeof tree === 'object') return here.concat(...Object.entries(tree).map(([key, child]) => paths(child, [...prefix, key])));
  return here;
}

/** The tree with the node at `path` replaced (or, for `undefined`, removed). */
function replaced(tree: Tree, path: (string | number)[], value: Tree | undefined): Tree {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  if (Array.isArray(tree)) {
    const copy = [...tree];
    if (rest.length === 0 && value === undefined) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaced(copy[Number(head)]!, rest, value);
    return copy;
  }
  const copy = { ...(tree as Record<string, Tree>) };
  if (rest.length === 0 && value === undefined) delete copy[String(head)];
  else copy[String(head)] = replaced(copy[String(head)]!, rest, value);
  return copy;
}

const allPaths = paths(valid);

function exists(tree: Tree, path: (string | number)[]): boolean {
  let node: Tree | undefined = tree;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return false;
    node = Array.isArray(node) ? node[Number(key)] : node[String(key)];
    if (node === undefined) return false;
  }
  return true;
}

/** A valid definition with a few nodes replaced by arbitrary JSON or removed: close enough to get past the first checks. */
const mutatedDefinition = fc
  .array(fc.tuple(fc.nat(allPaths.length - 1), fc.option(fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Tree>, { nil: undefined })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((mutations) =>
    mutations.reduce<Tree>((tree, [index, value]) => (exists(tree, allPaths[index]!) ? replaced(tree, allPaths[index]!, value) : tree), valid),
  );

function readsOrRefuses(text: string): boolean {
  try {
    Pipeline.fromDefinition(text);
    return true;
  } catch (error) {
    if (error instanceof PipelineDefinitionError) return true;
    throw error;
  }
}

describe('Pipeline.fromDefinition on generated input', () => {
  it(`reads or refuses ${runs} arbitrary texts`, () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), readsOrRefuses), settings);
  });

  it(`reads or refuses ${runs} arbitrary JSON values`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => readsOrRefuses(JSON.stringify(value))),
      settings,
    );
  });

  it(`reads or refuses ${runs} mutations of a real definition, and what it reads it gives back unchanged`, () => {
    fc.assert(
      fc.property(mutatedDefinition, (tree) => {
        const text = JSON.stringify(tree);
        let pipeline: Pipeline;
        try {
          pipeline = Pipeline.fromDefinition(text);
        } catch (error) {
          if (error instanceof PipelineDefinitionError) return true;
          throw error;
        }
        // Same values in the same order; only the separators (Python's ", ") and float spelling differ.
        return JSON.stringify(JSON.parse(pipeline.definition())) === JSON.stringify(JSON.parse(text));
      }),
      settings,
    );
  });

  it('refuses deep nesting and truncations of a real definition with a typed error', () => {
    for (let cut = 1; cut < validText.length; cut += 7) expect(readsOrRefuses(validText.slice(0, cut))).toBe(true);
    expect(() => Pipeline.fromDefinition(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toThrow(PipelineDefinitionError);
  });
});

describe('parameter coercion on generated input', () => {
  const definition = parseDefinition(validText);
  const names = definition.Parameters.map((parameter) => parameter.Name);
  const override = fc.record({
    Name: fc.oneof(fc.constantFrom(...names), fc.string()),
    Value: fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String), fc.constantFrom('True', 'false', '+5', ' 7 ', '1e400', 'NaN', '')),
  });

  it(`resolves or refuses ${runs} sets of overrides, and what it resolves has each declared type`, () => {
    fc.assert(
      fc.property(fc.array(override, { maxLength: 5 }), (overrides) => {
        let values: Record<string, Json>;
        try {
          values = resolveParameters(definition, overrides);
        } catch (error) {
          if (error instanceof ParameterError) return true;
          throw error;
        }
        return definition.Parameters.every((parameter) => {
          const value = values[parameter.Name];
          if (parameter.Type === 'Integer') return Number.isInteger(value);
          if (parameter.Type === 'Float') return typeof value === 'number' && Number.isFinite(value);
          if (parameter.Type === 'Boolean') return typeof value === 'boolean';
          return typeof value === 'string';
        });
      }),
      settings,
    );
  });
});
