/** `sluice env …`: the Python environments that stand in for container images: list, prepare (e.g. in CI), remove. */
import { join } from 'node:path';
import { EnvironmentStore, environmentsDir, ImageEnvironments, loadImageRules } from '../engine/index.js';
import { resolveHome } from '../home/paths.js';
import { parseOptions, UsageError, type ParsedOptions } from './options.js';

export const envUsage = `Usage: sluice env <command> [--home DIR]

  list                  environments made so far: digest, image, size, packages
  prepare IMAGE…        make the environments of these images now (as a step would on first use), e.g.
                        sagemaker-scikit-learn:1.2-1 or a full ECR image URI; SLUICE_HOME/images.json applies
  remove DIGEST|IMAGE|all
                        delete environments (a step re-creates what it needs)

Environments live in SLUICE_HOME/envs (or $SLUICE_ENVS_DIR). --home DIR picks SLUICE_HOME.`;

type Writer = (text: string) => void;

const megabytes = (bytes: number | undefined) => `${Math.round((bytes ?? 0) / 1e6)} MB`;

export async function runEnvCommand(args: readonly string[], out: Writer, err: Writer): Promise<number> {
  let options: ParsedOptions;
  try {
    options = parseOptions(args, ['home']);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message, err);
    throw error;
  }
  const [command, ...rest] = options.words;
  if (options.flags.has('help') || command === 'help') {
    out(envUsage);
    return 0;
  }
  const home = resolveHome(options.values.get('home'));
  const store = new EnvironmentStore({ dir: environmentsDir({ home }) });
  switch (command) {
    case 'list': {
      const records = store.list();
      if (records.length === 0) out(`no environments in ${store.dir}`);
      for (const record of records) {
        const main = record.installed.filter((line) =>
          record.spec.packages.some((requirement) => line.toLowerCase().startsWith(`${requirement.split(/[=<>!~ [;]/)[0].toLowerCase()}==`)),
        );
        out(`${record.digest}\t${record.label}\t${megabytes(record.sizeBytes)}\tmade ${record.createdAt} in ${record.seconds.toFixed(1)} s\t${main.join(' ')}`);
      }
      return 0;
    }
    case 'prepare': {
      if (rest.length === 0) return usageError('prepare needs one or more IMAGEs', err);
      const environments = new ImageEnvironments(store, loadImageRules(join(home, 'images.json')));
      let failed = 0;
      for (const image of rest) {
        try {
          const base = { python: 'python3', node: process.execPath };
          const runtime = await environments.runtimeFor(image, base, (line) => out(line));
          if (runtime.runtimes === base)
            out(
              `${image}: not a framework image in Sluice's table, and no SLUICE_HOME/images.json entry names an environment for it: its jobs run with the project's python`,
            );
          else out(`${image}: ${runtime.runtimes.python}`);
        } catch (error) {
          err(`${image}: ${error instanceof Error ? error.message : error}`);
          failed += 1;
        }
      }
      return failed === 0 ? 0 : 1;
    }
    case 'remove': {
      const [which] = rest;
      if (which === undefined) return usageError('remove needs a DIGEST, an IMAGE label or all', err);
      const removed = store.remove(which);
      if (removed.length === 0) {
        err(`no environment matches ${which} (sluice env list shows them)`);
        return 1;
      }
      for (const digest of removed) out(`removed ${digest}`);
      return 0;
    }
    default:
      return usageError(command === undefined ? 'which env command?' : `unknown env command "${command}"`, err);
  }
}

function usageError(message: string, err: Writer): number {
  err(`sluice env: ${message}\n\n${envUsage}`);
  return 2;
}
