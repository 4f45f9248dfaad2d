/**
 * The SageMaker Python SDK's function steps (`@step`): a training job whose ContainerEntrypoint is
 * the SDK's `job_driver.sh` in the channel `sagemaker_remote_function_bootstrap`. On SageMaker that driver runs in the
 * image, installs the step's dependency file (`--dependency_settings`, in the channel
 * `pre_exec_script_and_dependencies`) with the image's `pip install -r … -U`, and invokes the function with the SDK the
 * image holds. Here the image stands for an environment made once: the image's packages (Sluice's table, or the
 * user's images.json), the dependency file's requirements, the SDK (the client's version when the file names none)
 * and pip. In the job, pip finds every requirement installed and never reaches an index (PIP_NO_INDEX): the shared
 * environment is read-only to jobs.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../definition.js';
import { packageName } from '../environments/image-table.js';
import type { JobRuntime } from '../environments/image-environments.js';
import type { JobLog } from '../jobs/job-log.js';
import { requirementsOf } from '../runtimes.js';
import { StepFailure, type StepRunContext } from './types.js';
import { stringsAt } from './values.js';

const bootstrapChannel = 'sagemaker_remote_function_bootstrap';
const dependenciesChannel = 'pre_exec_script_and_dependencies';
/** The SDK's entry point script, as its jobs name it in ContainerEntrypoint (`/bin/bash <driver>`). */
export const remoteFunctionDriver = `/opt/ml/input/data/${bootstrapChannel}/job_driver.sh`;

export function isRemoteFunctionJob(algorithm: JsonObject): boolean {
  return stringsAt(algorithm.ContainerEntrypoint, 'AlgorithmSpecification.ContainerEntrypoint').includes(remoteFunctionDriver);
}

/** The value after `--name` in the job's ContainerArguments, as the SDK's bootstrap parses them. */
function argumentOf(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? undefined : args[index + 1];
}

/**
 * The dependency file the step names (`--dependency_settings {"dependency_file": …}`), found in its channel under
 * the job's /opt/ml; undefined when the step has none. An SDK older than `--dependency_settings` left the name out:
 * then, as its bootstrap does, the first .txt, .yml or .yaml file in the channel.
 */
export function dependencyFileOf(args: readonly string[], mlDir: string): string | undefined {
  const channel = join(mlDir, 'input', 'data', dependenciesChannel);
  const settings = argumentOf(args, 'dependency_settings');
  if (settings !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(settings);
    } catch {
      throw new StepFailure(`--dependency_settings must be JSON (as the SageMaker Python SDK writes it), not ${settings}`);
    }
    const name = (parsed as { dependency_file?: unknown } | null)?.dependency_file;
    if (name === undefined || name === null) return undefined;
    if (typeof name !== 'string' || name.includes('/')) throw new StepFailure(`--dependency_settings names no file in ${dependenciesChannel}: ${settings}`);
    const file = join(channel, name);
    if (!existsSync(file)) throw new StepFailure(`the dependency file ${name} is not in the channel ${dependenciesChannel}`);
    return file;
  }
  if (!existsSync(channel)) return undefined;
  const found = readdirSync(channel).find((name) => /\.(txt|ya?ml)$/.test(name));
  return found === undefined ? undefined : join(channel, found);
}

/**
 * What the environment holds beside the image's packages: the dependency file's requirements, the SDK and pip. A
 * conda environment file cannot be made here, and a line that is a pip option has no place in a list of packages:
 * both are errors that say so.
 */
export function remoteFunctionPackages(file: string | undefined, clientSdkVersion: string | undefined): string[] {
  if (file !== undefined && /\.ya?ml$/.test(file)) {
    throw new StepFailure(
      `the function's dependencies are a conda environment file (${file.slice(file.lastIndexOf('/') + 1)}); Sluice makes environments with pip's packages only: give dependencies= a requirements.txt`,
    );
  }
  const requirements = file === undefined ? [] : requirementsOf(file);
  const option = requirements.find((line) => line.startsWith('-'));
  if (option !== undefined) {
    throw new StepFailure(`the function's requirements.txt has the line "${option}": only package requirements can be installed here, one a line`);
  }
  const names = new Set(requirements.map(packageName));
  const sdk = names.has('sagemaker') ? [] : [clientSdkVersion === undefined ? 'sagemaker<3' : `sagemaker==${clientSdkVersion}`];
  return [...requirements, ...sdk, ...(names.has('pip') ? [] : ['pip'])];
}

/** The job's interpreters: the image's environment with the function's dependencies, made once for each set of them. */
export async function remoteFunctionRuntime(image: string, algorithm: JsonObject, mlDir: string, context: StepRunContext, log: JobLog): Promise<JobRuntime> {
  if (context.environments === undefined) return { runtimes: context.runtimes, env: {} };
  const args = stringsAt(algorithm.ContainerArguments, 'AlgorithmSpecification.ContainerArguments');
  const file = dependencyFileOf(args, mlDir);
  const packages = remoteFunctionPackages(file, argumentOf(args, 'client_sagemaker_pysdk_version'));
  const dependencies = file === undefined ? 'the SageMaker Python SDK' : file.slice(file.lastIndexOf('/') + 1);
  log.note(`a function step (the SageMaker Python SDK's @step): ${image} with ${dependencies}, installed into its environment before the job`);
  let runtime: JobRuntime;
  try {
    runtime = await context.environments.runtimeWith(image, { label: dependencies, packages }, context.runtimes, (line) => log.note(line));
  } catch (error) {
    throw new StepFailure(error instanceof Error ? error.message : String(error));
  }
  // The driver's `pip install -r … -U` then finds each requirement installed and changes nothing.
  return { ...runtime, env: { ...runtime.env, PIP_NO_INDEX: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1' } };
}
