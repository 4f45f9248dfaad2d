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
  /** The id of the template whose files this one starts from (its own files win where both have one). */
  readonly base?: string;
  /** The folder whose files (all but template.json) are the seed code, on top of its base's. */
  readonly dir: string;
  /** Where the pipeline's data comes from, when it downloads it: the parameter that names it and what it fetches. */
  readonly inputData?: TemplateInputData;
  /** The seed notebook, opened after creation; README.md is beside it in every template. */
  readonly notebook?: string;
  /** The template the Create project dialog picks first (SageMaker's: model building and training). */
  readonly preselected: boolean;
}

export interface TemplateInputData {
  /** The pipeline parameter that names the data, e.g. InputDataUrl. */
  readonly parameter: string;
  /** What it downloads and from where, in the user's words. */
  readonly downloads: string;
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
  const base = text('base');
  const notebook = text('notebook');
  const inputData = manifest.inputData as Partial<TemplateInputData> | undefined;
  if (inputData !== undefined && (typeof inputData.parameter !== 'string' || typeof inputData.downloads !== 'string')) {
    throw new Error(`${file}: inputData needs a parameter and what it downloads`);
  }
  return {
    id,
    name,
    description: text('description') ?? '',
    dir,
    preselected: manifest.preselected === true,
    ...(runOnCommit === undefined ? {} : { runOnCommit }),
    ...(base === undefined ? {} : { base }),
    ...(notebook === undefined ? {} : { notebook }),
    ...(inputData === undefined ? {} : { inputData: { parameter: inputData.parameter!, downloads: inputData.downloads! } }),
  };
}

/** Every template, sorted by id; a base that is not a template, or a chain of bases that loops, is an error. */
export function listTemplates(root: string = templatesDir): ProjectTemplate[] {
  if (!existsSync(root)) return [];
  const templates = readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => readManifest(join(root, entry.name)) ?? [])
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const template of templates) seedFolders(template, templates);
  return templates;
}

/** The folders whose files make a project from `template`, in the order they are copied: its bases' first. */
export function seedFolders(template: ProjectTemplate, templates: readonly ProjectTemplate[]): string[] {
  const chain: ProjectTemplate[] = [template];
  for (let current = template; current.base !== undefined;) {
    const baseId = current.base;
    const base = templates.find((candidate) => candidate.id === baseId);
    if (base === undefined) throw new Error(`Template ${current.id} starts from "${baseId}", which is not a template`);
    if (chain.includes(base))
      throw new Error(
        `Template ${template.id}: its bases loop (${[...chain]
          .reverse()
          .concat(base)
          .map((t) => t.id)
          .join(' → ')})`,
      );
    chain.unshift(base);
    current = base;
  }
  return chain.map((link) => link.dir);
}

export function findTemplate(id: string, root: string = templatesDir): ProjectTemplate | undefined {
  return listTemplates(root).find((template) => template.id === id);
}
