/**
 * The SageMaker Python SDK's function steps (`@step`): a training job whose ContainerEntrypoint is the SDK's
 * `job_driver.sh` in the channel `sagemaker_remote_function_bootstrap`. On SageMaker that driver runs in the image,
 * installs the step's dependency file (`--dependency_settings`, in the channel `pre_exec_script_and_dependencies`)
 * with `pip install -r … -U`, and invokes the function with the SDK the image holds. Here the file's requirements and
 * the SDK (the client's version when the file names none) are installed first (job-requirements.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultBasePython } from '../environments/environment-store.js';
import type { JsonObject } from '../definition.js';
import type { JobRuntime } from '../environments/image-environments.js';
import type { JobLog } from '../jobs/job-log.js';
import { pipRequirements, requiresPackage, runtimeWithRequirements } from './job-requirements.js';
import { StepFailure, type StepRunContext } from './types.js';
import { stringsAt } from './values.js';

const bootstrapChannel = 'sagemaker_remote_function_bootstrap';
const dependenciesChannel = 'pre_exec_script_and_dependencies';
/** A `@remote` function's channel: workspace.zip, whose `sagemaker_remote_function_workspace/` holds its dependency file. */
const workspaceChannel = 'sm_rf_user_ws';
const workspaceFolder = 'sagemaker_remote_function_workspace';
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
    if (existsSync(file)) return file;
    // A @remote function (not a pipeline's step) carries it in its workspace archive instead.
    const fromWorkspace = fromWorkspaceArchive(mlDir, name);
    if (fromWorkspace !== undefined) return fromWorkspace;
    throw new StepFailure(`the dependency file ${name} is neither in the channel ${dependenciesChannel} nor in ${workspaceChannel}/workspace.zip`);
  }
  if (!existsSync(channel)) return undefined;
  const found = readdirSync(channel).find((name) => /\.(txt|ya?ml)$/.test(name));
  return found === undefined ? undefined : join(channel, found);
}

/**
 * `sagemaker_remote_function_workspace/<name>` from the channel `sm_rf_user_ws`'s workspace.zip, where the SDK puts a
 * `@remote` function's dependency file, copied beside the job's /opt/ml; undefined when the archive does not hold it.
 * Read with this machine's Python (its zipfile), which environments are made from.
 */
function fromWorkspaceArchive(mlDir: string, name: string): string | undefined {
  const archive = join(mlDir, 'input', 'data', workspaceChannel, 'workspace.zip');
  if (!existsSync(archive)) return undefined;
  const read = spawnSync(defaultBasePython(), ['-c', readMember, archive, `${workspaceFolder}/${name}`], { encoding: 'utf8', timeout: 30000 });
  if (read.status !== 0) return undefined;
  const copy = join(mlDir, '..', 'remote-function', name);
  mkdirSync(dirname(copy), { recursive: true });
  writeFileSync(copy, read.stdout);
  return copy;
}

/** Prints one member of a zip archive; exits 1 when it has no such member. */
const readMember =
  'import sys, zipfile\ntry:\n    sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())\nexcept KeyError:\n    sys.exit(1)\n';

/**
 * What the job installs beside the image's packages: the dependency file's requirements and the SDK. A conda
 * environment file cannot be made here: an error that says so.
 */
export function remoteFunctionPackages(file: string | undefined, clientSdkVersion: string | undefined): string[] {
  if (file !== undefined && /\.ya?ml$/.test(file)) {
    throw new StepFailure(
      `the function's dependencies are a conda environment file (${file.slice(file.lastIndexOf('/') + 1)}); Sluice makes environments with pip's packages only: give dependencies= a requirements.txt`,
    );
  }
  const requirements = file === undefined ? [] : pipRequirements(file);
  if (requiresPackage(requirements, 'sagemaker')) return requirements;
  return [...requirements, clientSdkVersion === undefined ? 'sagemaker<3' : `sagemaker==${clientSdkVersion}`];
}

/** The job's interpreters: the image's environment with the function's dependencies, made once for each set of them. */
export async function remoteFunctionRuntime(image: string, algorithm: JsonObject, mlDir: string, context: StepRunContext, log: JobLog): Promise<JobRuntime> {
  const args = stringsAt(algorithm.ContainerArguments, 'AlgorithmSpecification.ContainerArguments');
  const conda = argumentOf(args, 'job_conda_env');
  if (conda !== undefined && conda !== '') {
    throw new StepFailure(
      `job_conda_env="${conda}": the function would run in a conda environment of the image, and Sluice makes none; leave it out and give dependencies= a requirements.txt`,
    );
  }
  const file = dependencyFileOf(args, mlDir);
  const packages = remoteFunctionPackages(file, argumentOf(args, 'client_sagemaker_pysdk_version'));
  const dependencies = file === undefined ? 'the SageMaker Python SDK' : file.slice(file.lastIndexOf('/') + 1);
  log.note(`a function step (the SageMaker Python SDK's @step): ${image} with ${dependencies}, installed into its environment before the job`);
  return runtimeWithRequirements(image, dependencies, packages, context, log);
}
