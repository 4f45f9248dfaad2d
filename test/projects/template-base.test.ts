// A template may start from another's files ("base" in template.json): the project gets the common files, the base's,
// then its own, a later folder winning where two have the same file.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeSeed } from '../../kernel-lib/src/projects/repository.js';
import { findTemplate, listTemplates } from '../../kernel-lib/src/projects/templates.js';

describe('a template that starts from another template', () => {
  let root: string;
  const settings = {
    ProjectName: 'p',
    ProjectId: 'p-000000000000',
    TemplateId: 't',
    PipelineName: 'p-p-000000000000',
    ModelPackageGroupName: 'p-p-000000000000',
  };

  function file(path: string, text: string): void {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const manifest = (id: string, extra: Record<string, string> = {}): string => JSON.stringify({ id, name: `Template ${id}`, ...extra });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sluice-templates-'));
    file('_common/scripts/ts.mjs', 'common');
    file('_common/README.md', 'common readme');
    file('build/template.json', manifest('build'));
    file('build/README.md', 'build readme');
    file('build/pipelines/model.ts', 'build model');
    file('build/pipelines/train.ts', 'build train');
    file('deploy/template.json', manifest('deploy', { base: 'build' }));
    file('deploy/pipelines/train.ts', 'deploy train');
    file('deploy/deploy/flow.ts', 'deploy flow');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const tree = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((entry) => (entry.isDirectory() ? tree(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]))
      .sort();

  it('gets the common files, the base template files and its own, its own winning, and no manifest', () => {
    expect(findTemplate('deploy', root)).toMatchObject({ id: 'deploy', base: 'build' });
    const project = join(root, 'project');
    writeSeed(findTemplate('deploy', root)!, project, settings);
    expect(tree(project)).toEqual(['README.md', 'deploy/flow.ts', 'pipelines/model.ts', 'pipelines/train.ts', 'scripts/ts.mjs', 'sluice-project.json']);
    const read = (path: string): string => readFileSync(join(project, path), 'utf8');
    expect([read('README.md'), read('pipelines/model.ts'), read('pipelines/train.ts'), read('scripts/ts.mjs')]).toEqual([
      'build readme',
      'build model',
      'deploy train',
      'common',
    ]);

    // The base itself is unchanged by having a template built on it.
    writeSeed(findTemplate('build', root)!, join(root, 'plain'), settings);
    expect(tree(join(root, 'plain'))).toEqual(['README.md', 'pipelines/model.ts', 'pipelines/train.ts', 'scripts/ts.mjs', 'sluice-project.json']);
  });

  it('refuses a base that is not a template, and bases that loop, naming the templates', () => {
    file('deploy/template.json', manifest('deploy', { base: 'bulid' }));
    expect(() => listTemplates(root)).toThrow('Template deploy starts from "bulid", which is not a template');
    file('deploy/template.json', manifest('deploy', { base: 'build' }));
    file('build/template.json', manifest('build', { base: 'deploy' }));
    expect(() => listTemplates(root)).toThrow('Template build: its bases loop (build → deploy → build)');
  });
});
