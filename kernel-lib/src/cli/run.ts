import { version } from '../version.js';
import { runServiceCommand } from './service-command.js';
import { runPipelineCommand } from './pipeline-command.js';
import { runProjectCommand } from './project-command.js';
import { runEndpointCommand } from './endpoint-command.js';
import { runEnvCommand } from './env-command.js';
import { runDoctorCommand } from './doctor-command.js';

const usage = `Usage: sluice <command>

Commands:
  version     print the installed sluice version
  service     start, stop and inspect the local SageMaker-compatible service (sluice service --help)
  pipeline    list, describe, start, stop, retry and export-ts pipelines, locally or on AWS (sluice pipeline --help)
  project     create projects from templates, list them (sluice project --help)
  endpoint    list, describe, invoke and delete endpoints; follow a group's approvals (sluice endpoint --help)
  env         list, prepare and remove the Python environments of container images (sluice env --help)
  doctor      say which guarantees (sandbox, network isolation, limits) this host gives jobs, and what to install

Options:
  --version   print the installed sluice version
  --help      print this help`;

/**
 * Runs the CLI with the given arguments, writing to `out` (and errors to `err`); returns the process exit
 * code, or a promise of it for commands that wait on the service.
 */
export function runCli(args: readonly string[], out: (text: string) => void, err: (text: string) => void = out): number | Promise<number> {
  const [command] = args;
  if (command === undefined) {
    out(usage);
    return 1;
  }
  if (command === '--help' || command === 'help') {
    out(usage);
    return 0;
  }
  if (command === '--version' || command === 'version') {
    out(version);
    return 0;
  }
  if (command === 'service') return runServiceCommand(args.slice(1), out, err);
  if (command === 'pipeline') return runPipelineCommand(args.slice(1), out, err);
  if (command === 'project') return runProjectCommand(args.slice(1), out, err);
  if (command === 'endpoint') return runEndpointCommand(args.slice(1), out, err);
  if (command === 'env') return runEnvCommand(args.slice(1), out, err);
  if (command === 'doctor') return runDoctorCommand(args.slice(1), out, err);
  out(`sluice: unknown command "${command}"\n\n${usage}`);
  return 2;
}
