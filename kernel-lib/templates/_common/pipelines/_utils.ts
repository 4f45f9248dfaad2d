// What run-pipeline and get-pipeline-definition share: the project's settings, JSON arguments, and loading a
// pipeline module by name (the seed's get_pipeline_driver).
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Session, type Pipeline } from 'sluice';

/** sluice-project.json, written when the project was created: the names its pipeline and model group use. */
export interface ProjectSettings {
  ProjectName: string;
  ProjectId: string;
  PipelineName: string;
  ModelPackageGroupName: string;
  /** The data the pipeline reads (the InputDataUrl parameter's default), when the project was given a copy. */
  InputDataUrl?: string;
}

export function readProjectSettings(root = process.cwd()): ProjectSettings | undefined {
  const file = join(root, 'sluice-project.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ProjectSettings) : undefined;
}

/** The project's tags, as SageMaker puts them on everything a project makes. */
export function projectTags(settings: ProjectSettings | undefined): Record<string, string> {
  return settings === undefined ? {} : { 'sagemaker:project-name': settings.ProjectName, 'sagemaker:project-id': settings.ProjectId };
}

/** A JSON argument (the seed parses a Python literal); empty gives `fallback`. */
export function convertStruct<T>(text: string | undefined, fallback: T): T {
  if (text === undefined || text.trim() === '') return fallback;
  return JSON.parse(text) as T;
}

/** `pipelines.abalone.pipeline` or `pipelines/abalone/pipeline.ts` → the file. */
export const moduleFile = (moduleName: string): string => resolve(moduleName.endsWith('.ts') ? moduleName : `${moduleName.replace(/\./g, '/')}.ts`);

/**
 * Imports the module and calls its getPipeline with `kwargs`; the project's names and the session's bucket and
 * role fill what kwargs leaves out, so `run-pipeline -n pipelines.abalone.pipeline` runs the project's pipeline.
 */
export async function getPipelineDriver(moduleName: string, kwargs: Record<string, unknown>, session: Session = Session.default): Promise<Pipeline> {
  const file = moduleFile(moduleName);
  if (!existsSync(file)) throw new Error(`No module ${moduleName} (looked for ${file})`);
  const outfile = join(process.cwd(), '.build', `${basename(file, '.ts')}-module.mjs`);
  await build({ entryPoints: [file], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
  const module = (await import(pathToFileURL(outfile).href)) as { getPipeline?: (options: Record<string, unknown>) => Pipeline };
  if (typeof module.getPipeline !== 'function') throw new Error(`${moduleName} does not export getPipeline`);
  const settings = readProjectSettings();
  return module.getPipeline({
    pipelineName: settings?.PipelineName,
    modelPackageGroupName: settings?.ModelPackageGroupName,
    baseJobPrefix: settings?.PipelineName,
    defaultBucket: session.defaultBucket,
    roleArn: session.roleArn,
    ...(settings?.InputDataUrl === undefined ? {} : { inputDataUrl: settings.InputDataUrl }),
    ...kwargs,
  });
}

/** `--name value` and `-n value` pairs; anything else is an error. */
export function parseFlags(args: readonly string[], names: Readonly<Record<string, string>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const name = names[flag];
    const value = args[i + 1];
    if (name === undefined || value === undefined) throw new UsageError(`unexpected argument ${flag}${value === undefined ? ' (without a value)' : ''}`);
    values[name] = value;
  }
  return values;
}

export class UsageError extends Error {}
