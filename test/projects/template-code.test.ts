import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeSeed } from '../../kernel-lib/src/projects/repository.js';
import { listTemplates } from '../../kernel-lib/src/projects/templates.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

const templates = listTemplates(join(repoRoot, 'kernel-lib', 'templates'));

describe('the seed code of each template', () => {
  // The files as a project gets them (the common files, its base's, its own), since a template's code may import its base's.
  it.each(templates.map((template) => [template.id, template] as const))(
    '%s type-checks under strict settings (as tslab and esbuild read it: no extensions on imports)',
    (_id, template) => {
      const dir = makeTestWorkspace('template-tsc');
      try {
        const seed = join(dir, 'seed');
        writeSeed(template, seed, {
          ProjectName: 'typed',
          ProjectId: 'p-000000000000',
          TemplateId: template.id,
          PipelineName: 'typed-p-000000000000',
          ModelPackageGroupName: 'typed-p-000000000000',
        });
        const config = {
          extends: join(repoRoot, 'tsconfig.base.json'),
          compilerOptions: { noEmit: true, module: 'ESNext', moduleResolution: 'Bundler', noUncheckedIndexedAccess: true },
          include: [join(seed, '**', '*.ts')],
        };
        writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config));
        const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], {
          encoding: 'utf8',
        });
        expect(run.stdout).toBe('');
        expect(run.status).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
