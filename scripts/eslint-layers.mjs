// @ts-check
// The ESLint rule `sluice/layers`: an import that crosses a forbidden layer of kernel-lib/src is an error named
// by its rule. The rules and the judge are scripts/layers.mjs; this only feeds it each import of each file.
import { layerViolation } from './layers.mjs';

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'kernel-lib/src folders import only the layers scripts/layers.mjs allows' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, required: ['root'], additionalProperties: false }],
  },
  create(context) {
    const root = /** @type {{ root: string }} */ (context.options[0]).root;
    /** @param {import('eslint').Rule.Node} node an import or export declaration, whose source names the module */
    const check = (node) => {
      const source = 'source' in node ? node.source : undefined;
      const specifier = source?.type === 'Literal' ? source.value : undefined;
      if (typeof specifier !== 'string') return;
      const violation = layerViolation(root, context.filename, specifier);
      if (violation !== undefined) context.report({ node, message: violation.message });
    };
    // Dynamic import() is judged by test/architecture/layers.test.ts, which reads every import the compiler sees.
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };
