/** Reads every import of a source tree and reports those that cross a forbidden layer (rules: scripts/layers.mjs). */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface LayerRule {
  readonly name: string;
  readonly from: string;
  readonly disallow: readonly string[];
  readonly because: string;
  readonly except?: readonly { readonly file?: string; readonly imports: readonly string[]; readonly because: string }[];
}

export interface LayerViolation {
  readonly rule: string;
  /** Relative to the source root, with `/`. */
  readonly file: string;
  readonly specifier: string;
  readonly message: string;
}

const builtins = new Set(builtinModules);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The module specifiers a file imports or re-exports, `import type` included (a type still couples layers). */
export function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map((file) => file.fileName);
}

/** The layer a specifier lands in: a folder of the source root, `node` for built-ins, undefined for packages. */
function layerOf(root: string, fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('node:') || builtins.has(specifier)) return 'node';
  if (!specifier.startsWith('.')) return undefined;
  return topFolder(root, resolve(dirname(fromFile), specifier));
}

/** A relative import's target under the source root, with `/` and the `.ts` it is written as `.js`. */
function targetPath(root: string, fromFile: string, specifier: string): string {
  return relative(root, resolve(dirname(fromFile), specifier)).split(sep).join('/').replace(/\.js$/, '.ts');
}

function excepted(rule: LayerRule, file: string, target: string): boolean {
  return (rule.except ?? []).some((exception) => (exception.file === undefined || exception.file === file) && exception.imports.includes(target));
}

function topFolder(root: string, path: string): string | undefined {
  const parts = relative(root, path).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

export function checkLayers(root: string, rules: readonly LayerRule[]): LayerViolation[] {
  return sourceFiles(root).flatMap((path) => {
    const from = topFolder(root, path);
    const applying = rules.filter((rule) => rule.from === from);
    if (applying.length === 0) return [];
    const file = relative(root, path).split(sep).join('/');
    return importsOf(path).flatMap((specifier) => {
      const target = layerOf(root, path, specifier);
      const broken = applying.find(
        (rule) => target !== undefined && target !== from && rule.disallow.includes(target) && !excepted(rule, file, targetPath(root, path, specifier)),
      );
      if (broken === undefined) return [];
      return [{ rule: broken.name, file, specifier, message: `${file} imports ${specifier}: ${broken.name} (${broken.from} may not import ${target}: ${broken.because})` }];
    });
  });
}
