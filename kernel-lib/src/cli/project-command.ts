/** `sluice project …`: create a project from a template, list projects and templates (on the local service). */
import { ListProjectsCommand } from '@aws-sdk/client-sagemaker';
import { resolve } from 'node:path';
import { createProject, listProjectTemplates } from '../projects/create.js';
import { LocalServiceError } from '../session/local-extras-client.js';
import { Session } from '../session/session.js';
import { parseOptions, UsageError, type ParsedOptions } from './options.js';

export const projectUsage = `Usage: sluice project <command> [--home DIR]

  templates                                         the templates a project can start from
  create --template ID --name NAME [--dir PARENT]   make NAME-modelbuild in PARENT ($SLUICE_WORKSPACE, else
         [--description TEXT] [--run-on-commit]     <repo>/workspace): seed code, git repository, model group;
                                                    --run-on-commit runs the pipeline after each commit on main
  list                                              the projects, newest first

--home DIR picks the service's SLUICE_HOME.`;

type Writer = (text: string) => void;

export async function runProjectCommand(args: readonly string[], out: Writer, err: Writer): Promise<number> {
  let options: ParsedOptions;
  try {
    options = parseOptions(args, ['template', 'name', 'dir', 'description', 'home']);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, err);
    throw error;
  }
  const [command] = options.words;
  if (options.flags.has('help') || command === 'help') {
    out(projectUsage);
    return 0;
  }
  const home = options.values.get('home');
  const session = home === undefined ? Session.default : Session.local({ home });
  try {
    switch (command) {
      case 'templates':
        for (const template of await listProjectTemplates(session)) out(`${template.TemplateId}\t${template.Name}\n    ${template.Description}`);
        return 0;
      case 'list': {
        const client = await session.client();
        const listed = await client.send(new ListProjectsCommand({ SortBy: 'CreationTime', SortOrder: 'Descending', MaxResults: 100 }));
        for (const p of listed.ProjectSummaryList ?? []) out(`${p.ProjectName}\t${p.ProjectId}\t${p.ProjectStatus}\t${p.CreationTime?.toISOString() ?? ''}`);
        return 0;
      }
      case 'create': {
        const name = options.values.get('name');
        const template = options.values.get('template');
        if (name === undefined || template === undefined) return usageError('create needs --template ID and --name NAME', err);
        const dir = options.values.get('dir');
        const description = options.values.get('description');
        const project = await createProject({
          name,
          template,
          session,
          runPipelineOnCommit: options.flags.has('run-on-commit'),
          ...(dir === undefined ? {} : { dir: resolve(dir) }),
          ...(description === undefined ? {} : { description }),
        });
        out(`Created project ${project.projectName} (${project.projectId}) from template ${project.templateId}`);
        out(`  repository:           ${project.repositoryPath}`);
        out(`  pipeline:             ${project.pipelineName}`);
        out(`  model package group:  ${project.modelPackageGroupName}`);
        return 0;
      }
      case undefined:
        return usageError('name a project command', err);
      default:
        return usageError(`unknown project command "${command}"`, err);
    }
  } catch (error) {
    // The service's refusals (a taken name, an unknown template) are the user's to fix: say them plainly.
    if (error instanceof LocalServiceError) {
      err(`sluice project: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function usageError(message: string, err: Writer): number {
  err(`sluice project: ${message}\n\n${projectUsage}`);
  return 2;
}
