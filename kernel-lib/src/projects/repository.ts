/** The seed repository on disk: the template's files, the project's settings file, git and its hook. */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { listTemplates, manifestName, seedFolders, type ProjectTemplate } from './templates.js';

const run = promisify(execFile);

/** What the seed code reads to name its pipeline and model package group (written at creation, committed). */
export interface ProjectSettings {
  readonly ProjectName: string;
  readonly ProjectId: string;
  readonly TemplateId: string;
  readonly PipelineName: string;
  readonly ModelPackageGroupName: string;
  /** The data the pipeline reads (its InputDataUrl default), when the project was given a copy at creation. */
  readonly InputDataUrl?: string;
}

/** The file in a project's repository with its settings (pipeline, model package group, `InputDataUrl`), read by its notebook and CLIs. */
export const settingsFileName = 'sluice-project.json';
/** SageMaker's own words for the seed commit. */
const seedCommitMessage = 'Initial commit made by Sluice during project creation';

/** The folder beside the templates whose files every project gets (its CLIs, scripts/ts.mjs, .gitignore). */
export const commonSeedFolder = '_common';

/**
 * Copies the seed files into `dir` (which must not exist yet): the common files, then its base template's (if it
 * names one), then the template's own (a later folder wins where two have a file), and writes the project's
 * settings next to them.
 */
export function writeSeed(template: ProjectTemplate, dir: string, settings: ProjectSettings): void {
  const root = dirname(template.dir);
  const folders = seedFolders(template, listTemplates(root));
  mkdirSync(dir, { recursive: false });
  const filter = (source: string): boolean => basename(source) !== 'node_modules' && !folders.some((folder) => source === join(folder, manifestName));
  const common = join(root, commonSeedFolder);
  if (existsSync(common)) cpSync(common, dir, { recursive: true, filter });
  for (const folder of folders) cpSync(folder, dir, { recursive: true, filter });
  // Stored without its dot, because npm leaves .gitignore files out of a package.
  if (existsSync(join(dir, 'gitignore'))) renameSync(join(dir, 'gitignore'), join(dir, '.gitignore'));
  writeFileSync(join(dir, settingsFileName), `${JSON.stringify(settings, null, 2)}\n`);
}

async function git(dir: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: dir, encoding: 'utf8' })).stdout.trim();
}

async function configured(dir: string, key: string): Promise<boolean> {
  try {
    return (await git(dir, 'config', '--get', key)) !== '';
  } catch {
    return false;
  }
}

/** `git init` on branch main and the seed commit; an identity is set in this repository only when git has none. */
export async function initRepository(dir: string): Promise<void> {
  await git(dir, 'init', '--quiet', '--initial-branch=main');
  if (!(await configured(dir, 'user.name'))) await git(dir, 'config', 'user.name', 'Sluice');
  if (!(await configured(dir, 'user.email'))) await git(dir, 'config', 'user.email', 'sluice@localhost');
  await git(dir, 'add', '--all');
  await git(dir, 'commit', '--quiet', '--no-verify', '-m', seedCommitMessage);
}

/**
 * The local stand-in for CodePipeline's "run on push": after each commit on main, run the template's
 * command in the background (so the commit returns at once), its output in .git/sluice-run-on-commit.log.
 */
export function installRunOnCommitHook(dir: string, command: string): void {
  const hook = join(dir, '.git', 'hooks', 'post-commit');
  writeFileSync(
    hook,
    [
      '#!/bin/sh',
      '# Installed by sluice project create --run-on-commit: runs the pipeline after every commit on main.',
      '[ "$(git rev-parse --abbrev-ref HEAD)" = "main" ] || exit 0',
      'cd "$(git rev-parse --show-toplevel)" || exit 0',
      `nohup ${command} > .git/sluice-run-on-commit.log 2>&1 &`,
      '',
    ].join('\n'),
  );
  chmodSync(hook, 0o755);
}

/** The last commits, newest first: what a project page shows under Repository. */
export async function lastCommits(dir: string, count = 5): Promise<{ hash: string; date: string; subject: string }[]> {
  const text = await git(dir, 'log', `-${count}`, '--format=%h%x09%cI%x09%s');
  return text === ''
    ? []
    : text.split('\n').map((line) => {
        const [hash = '', date = '', subject = ''] = line.split('\t');
        return { hash, date, subject };
      });
}
