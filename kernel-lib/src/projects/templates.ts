/** Project templates are data: a folder under kernel-lib/templates with a template.json and the seed files. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templatesDir } from './paths.js';

export interface ProjectTemplate {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** What the opt-in post-commit hook runs, from the repository's root; absent: the template has no such hook. */
  readonly runOnCommit?: string;
  /** The folder whose files (all but template.json) are the seed code. */
  readonly dir: string;
}

export const manifestName = 'template.json';

function readManifest(dir: string): ProjectTemplate | undefined {
  const file = join(dir, manifestName);
  if (!existsSync(file)) return undefined;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<keyof ProjectTemplate, unknown>>;
  const text = (key: keyof ProjectTemplate): string | undefined => (typeof manifest[key] === 'string' ? (manifest[key] as string) : undefined);
  const id = text('id');
  const name = text('name');
  if (id === undefined || name === undefined) throw new Error(`${file} must name the template's id and name`);
  const runOnCommit = text('runOnCommit');
  return { id, name, description: text('description') ?? '', dir, ...(runOnCommit === undefined ? {} : { runOnCommit }) };
}

/** Every template, sorted by id. */
export function listTemplates(root: string = templatesDir): ProjectTemplate[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readManifest(join(root, entry.name)) ?? [])
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function findTemplate(id: string, root: string = templatesDir): ProjectTemplate | undefined {
  return listTemplates(root).find((template) => template.id === id);
}
