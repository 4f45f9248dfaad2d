import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { sluice } from '../service/cli-harness.js';
import { projectSandbox, type ProjectSandbox } from './project-harness.js';

describe('sluice project', () => {
  let sandbox: ProjectSandbox;
  beforeAll(() => {
    sandbox = projectSandbox('project-cli');
  });
  afterAll(() => sandbox.close());

  it('templates lists each template with its description', () => {
    const run = sluice('project', 'templates', '--home', sandbox.home);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^empty\tEmpty project \(bring your own code\)\n {4}\S/m);
    expect(run.stdout).toMatch(/^model-building-and-training\tModel building and training \(abalone\)/m);
  });

  it('create makes <name>-modelbuild in --dir and says where; list shows it', () => {
    const run = sluice('project', 'create', '--template', 'empty', '--name', 'from-cli', '--dir', sandbox.workspace, '--home', sandbox.home);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Created project from-cli \(p-[a-z0-9]{12}\) from template empty$/m);
    expect(run.stdout).toContain(`repository:           ${join(sandbox.workspace, 'from-cli-modelbuild')}`);
    expect(existsSync(join(sandbox.workspace, 'from-cli-modelbuild', '.git'))).toBe(true);
    expect(sluice('project', 'list', '--home', sandbox.home).stdout).toMatch(/^from-cli\tp-[a-z0-9]{12}\tCreateCompleted\t/m);
  });

  it('refuses a folder that is already there, and leaves it as it was', () => {
    mkdirSync(join(sandbox.workspace, 'taken-modelbuild'));
    const run = sluice('project', 'create', '--template', 'empty', '--name', 'taken', '--dir', sandbox.workspace, '--home', sandbox.home);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`sluice project: Folder ${join(sandbox.workspace, 'taken-modelbuild')} already exists`);
    expect(sluice('project', 'list', '--home', sandbox.home).stdout).not.toContain('taken');
  });

  it('explains its usage when a flag is missing', () => {
    const run = sluice('project', 'create', '--name', 'x', '--home', sandbox.home);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('create needs --template ID and --name NAME');
  });
});
