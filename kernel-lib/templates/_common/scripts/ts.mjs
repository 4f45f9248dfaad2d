#!/usr/bin/env node
// Runs a TypeScript file of this project: `node scripts/ts.mjs FILE.ts [ARGS…]`. The file is bundled with
// esbuild (the bundler sluice uses for step code) into .build/, packages left as imports, then run.
import { build } from 'esbuild';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (entry === undefined) {
  console.error('Usage: node scripts/ts.mjs FILE.ts [ARGS…]');
  process.exit(2);
}
const outfile = join(process.cwd(), '.build', `${basename(entry, '.ts')}.mjs`);
await build({ entryPoints: [resolve(entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
// The program sees its own arguments, as if it had been started directly.
process.argv = [process.argv[0], resolve(entry), ...args];
await import(pathToFileURL(outfile).href);
