// The labextension's package.json declares every package its sources import: JupyterLab's builder shares and
// bundles by those declarations, and a package found only through hoisting breaks on another install.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const sourceDir = join(repoRoot, 'labextension', 'src');

/** `@scope/name` or `name`, from an import specifier such as `sluice/definition`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function importedPackages(): Set<string> {
  const files = readdirSync(sourceDir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
  const packages = new Set<string>();
  for (const file of files) {
    const text = readFileSync(join(sourceDir, file), 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s+'([^'.][^']*)'/g)) packages.add(packageOf(match[1]));
  }
  return packages;
}

describe('the labextension package', () => {
  it('declares every package its sources import', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'labextension', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = [...importedPackages()].sort();
    expect(imported).toEqual(expect.arrayContaining(['@jupyterlab/apputils', '@lumino/coreutils', '@lumino/messaging', 'react', 'sluice']));
    expect(imported.filter((name) => !(name in manifest.dependencies))).toEqual([]);
  });
});
