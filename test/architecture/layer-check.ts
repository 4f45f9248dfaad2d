/** Reads every import of a source tree and reports those that cross a forbidden layer (rules and judge: scripts/layers.mjs). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { layerViolation, type LayerRule, type LayerViolation } from '../../scripts/layers.mjs';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports, `import type` included (a type still couples layers). */
export function importsOf(path: string): string[] {
  return ts.preProcessFile(readFileSync(path, 'utf8'), true, true).importedFiles.map((file) => file.fileName);
}

export function checkLayers(root: string, rules: readonly LayerRule[]): LayerViolation[] {
  return sourceFiles(root).flatMap((path) => importsOf(path).flatMap((specifier) => layerViolation(root, path, specifier, rules) ?? []));
}
