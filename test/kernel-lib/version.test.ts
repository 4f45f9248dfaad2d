import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { version } from '../../kernel-lib/src/index.js';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const manifestVersion = (JSON.parse(readFileSync(join(repoRoot, 'kernel-lib', 'package.json'), 'utf8')) as { version: string }).version;

describe('the sluice package', () => {
  it('exports the version from its package.json', () => {
    expect(version).toBe(manifestVersion);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('ships top-level main and types that tslab (TypeScript 5.0, Node10 resolution) reads', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'kernel-lib', 'package.json'), 'utf8')) as { main: string; types: string };
    expect(manifest.main).toBe('dist/index.js');
    expect(manifest.types).toBe('dist/index.d.ts');
    expect(readFileSync(join(repoRoot, 'kernel-lib', manifest.types), 'utf8')).toContain('version');
  });
});

describe('the sluice CLI', () => {
  const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');

  it('prints the version', () => {
    const result = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(manifestVersion);
  });

  it('names an unknown command and shows the usage', () => {
    const lines: string[] = [];
    expect(runCli(['deploy-everything'], (text) => lines.push(text))).toBe(2);
    expect(lines.join('\n')).toContain('unknown command "deploy-everything"');
    expect(lines.join('\n')).toContain('Usage: sluice <command>');
  });
});
