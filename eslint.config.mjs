// @ts-check
// `npm run lint`: typescript-eslint's recommended rules, React's hook rules in the panel, the layers of
// kernel-lib/src (scripts/layers.mjs, reported by rule name), and Prettier's formatting (checked separately).
import { fileURLToPath } from 'node:url';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/eslint-layers.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'labextension/lib/**',
      'test-output/**',
      // TypeDoc's output (`npm run docs`).
      'docs/api/**',
      'workspace/**',
      '.venv*/**',
      '.setup/**',
      // Seed repositories are the user's code, each self-contained on purpose.
      'kernel-lib/templates/**',
      // Deliberate violations, linted only by the test that proves they are reported.
      'test/architecture/fixtures/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A `let` set once after closures that read it are made (a widget's own handle, two hosts that need each other).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Module augmentation (`declare module … { namespace Session … }`) and JupyterLab's `CommandIDs` namespace.
      '@typescript-eslint/no-namespace': ['error', { allowDeclarations: true, allowDefinitionFiles: true }],
    },
  },
  {
    files: ['labextension/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error' },
  },
  {
    files: ['kernel-lib/src/**/*.ts'],
    plugins: { sluice: layersPlugin },
    rules: { 'sluice/layers': ['error', { root: here('./kernel-lib/src') }] },
  },
  {
    files: ['test/architecture/fixtures/violation/src/**/*.ts'],
    plugins: { sluice: layersPlugin },
    rules: { 'sluice/layers': ['error', { root: here('./test/architecture/fixtures/violation/src') }] },
  },
  prettier,
);
