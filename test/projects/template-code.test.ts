import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

const templatesDir = join(repoRoot, 'kernel-lib', 'templates');
const templates = readdirSync(templatesDir);

describe('the seed code of each template', () => {
  it.each(templates)('%s type-checks under strict settings (as tslab and esbuild read it: no extensions on imports)', (template) => {
    const dir = makeTestWorkspace('template-tsc');
    try {
      const config = {
        extends: join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: { noEmit: true, module: 'ESNext', moduleResolution: 'Bundler', noUncheckedIndexedAccess: true },
        include: [join(templatesDir, template, '**', '*.ts')],
      };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
      const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
      expect(run.stdout).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
