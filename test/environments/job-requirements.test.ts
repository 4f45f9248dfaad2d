// What Sluice reads from a job whose program pip-installs packages, to make its environment first: a function step's
// dependency file (the SageMaker Python SDK's @step), a FrameworkProcessor's requirements.txt in sourcedir.tar.gz;
// the packages that go on top of the image's, and the order they are installed in. test/sagemaker-sdk's
// function-steps and framework-processor tests run such jobs end to end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentStore, ImageEnvironments, ImageRuntimeError, loadImageRules } from '../../kernel-lib/src/engine/index.js';
import { defaultInstaller, type Installer } from '../../kernel-lib/src/engine/environments/installer.js';
import { jobFolder } from '../../kernel-lib/src/engine/runners/container-paths.js';
import { frameworkProcessorRuntime, isFrameworkProcessorJob } from '../../kernel-lib/src/engine/runners/framework-processor.js';
import { JobLog } from '../../kernel-lib/src/engine/jobs/job-log.js';
import { dependencyFileOf, remoteFunctionDriver, remoteFunctionPackages, remoteFunctionRuntime } from '../../kernel-lib/src/engine/runners/remote-function.js';
import type { StepRunContext } from '../../kernel-lib/src/engine/runners/types.js';
import { StepFailure } from '../../kernel-lib/src/engine/runners/types.js';
import { makeTestWorkspace } from '../harness/workspace.js';

/** A job's /opt/ml with the SDK's dependencies channel holding `files`. */
function jobWith(files: Record<string, string>): string {
  const ml = join(makeTestWorkspace('remote-function'), 'ml');
  const channel = join(ml, 'input', 'data', 'pre_exec_script_and_dependencies');
  mkdirSync(channel, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(channel, name), text);
  return ml;
}

const settings = (file: string | null) => ['--dependency_settings', JSON.stringify({ dependency_file: file })];

describe("a function step's dependency file", () => {
  it('is the file --dependency_settings names, in the dependencies channel', () => {
    const ml = jobWith({ 'sagemaker_requirements_x1.txt': 'pandas\n', 'other.txt': '' });
    expect(dependencyFileOf(['--region', 'us-east-1', ...settings('sagemaker_requirements_x1.txt')], ml)).toBe(
      join(ml, 'input', 'data', 'pre_exec_script_and_dependencies', 'sagemaker_requirements_x1.txt'),
    );
    expect(dependencyFileOf(settings(null), ml)).toBeUndefined();
  });

  it("is in a @remote function's workspace archive, where the SDK puts it for a job outside a pipeline", () => {
    const ml = jobWith({});
    const workspace = join(ml, 'input', 'data', 'sm_rf_user_ws');
    mkdirSync(workspace, { recursive: true });
    const zip = spawnSync('python3', [
      '-c',
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    z.writestr("sagemaker_remote_function_workspace/sagemaker_requirements_ab.txt", "tabulate\\n")',
      join(workspace, 'workspace.zip'),
    ]);
    expect(zip.status).toBe(0);
    const file = dependencyFileOf(settings('sagemaker_requirements_ab.txt'), ml);
    expect(file === undefined ? undefined : readFileSync(file, 'utf8')).toBe('tabulate\n');
    expect(() => dependencyFileOf(settings('other.txt'), ml)).toThrow(/neither in the channel/);
  });

  it("is the channel's first .txt/.yml when an older SDK named none", () => {
    const ml = jobWith({ 'pre_exec.sh': 'echo hi\n', 'requirements.txt': 'pandas\n' });
    expect(dependencyFileOf([], ml)).toBe(join(ml, 'input', 'data', 'pre_exec_script_and_dependencies', 'requirements.txt'));
  });

  it('names what is wrong: settings that are not JSON, a file that is not there, a path', () => {
    const ml = jobWith({});
    expect(() => dependencyFileOf(['--dependency_settings', '{dependency_file'], ml)).toThrow(/--dependency_settings must be JSON/);
    expect(() => dependencyFileOf(settings('missing.txt'), ml)).toThrow(
      /the dependency file missing\.txt is neither in the channel pre_exec_script_and_dependencies nor in sm_rf_user_ws\/workspace\.zip/,
    );
    expect(() => dependencyFileOf(settings('../../etc/passwd'), ml)).toThrow(StepFailure);
  });
});

describe('a function step in a conda environment', () => {
  it('is refused, saying why and what to do', async () => {
    const ml = jobWith({});
    const algorithm = { ContainerEntrypoint: ['/bin/bash', remoteFunctionDriver], ContainerArguments: ['--job_conda_env', 'analytics', ...settings(null)] };
    await expect(remoteFunctionRuntime('my-functions:1', algorithm, ml, {} as StepRunContext, new JobLog(join(ml, '..', 'log')))).rejects.toThrow(
      /job_conda_env="analytics".*Sluice makes none; leave it out and give dependencies= a requirements\.txt/,
    );
  });
});

describe("the packages on top of the image's", () => {
  it("are the file's requirements and the client's SDK when the file names none", () => {
    const ml = jobWith({ 'r.txt': '# the model\ntabulate>=0.9\n\nscikit-learn==1.4.*  # pinned\n' });
    const file = join(ml, 'input', 'data', 'pre_exec_script_and_dependencies', 'r.txt');
    expect(remoteFunctionPackages(file, '2.257.6')).toEqual(['tabulate>=0.9', 'scikit-learn==1.4.*', 'sagemaker==2.257.6']);
    expect(remoteFunctionPackages(undefined, '2.257.6')).toEqual(['sagemaker==2.257.6']);
  });

  it("keep the file's own SDK requirement", () => {
    const ml = jobWith({ 'r.txt': 'sagemaker>=2.256.0,<3.0.0\npip<26\n' });
    const file = join(ml, 'input', 'data', 'pre_exec_script_and_dependencies', 'r.txt');
    expect(remoteFunctionPackages(file, '2.257.6')).toEqual(['sagemaker>=2.256.0,<3.0.0', 'pip<26']);
  });

  it('refuse a conda environment file, pip options and local paths, saying so', () => {
    const ml = jobWith({ 'environment.yml': 'dependencies: [pandas]\n', 'r.txt': 'pandas\n-r more.txt\n' });
    const channel = join(ml, 'input', 'data', 'pre_exec_script_and_dependencies');
    expect(() => remoteFunctionPackages(join(channel, 'environment.yml'), '2.257.6')).toThrow(
      /conda environment file \(environment\.yml\).*give dependencies= a requirements\.txt/,
    );
    expect(() => remoteFunctionPackages(join(channel, 'r.txt'), '2.257.6')).toThrow(/has the line "-r more\.txt"/);
    writeFileSync(join(channel, 'local.txt'), 'pandas\n./helpers\n');
    expect(() => remoteFunctionPackages(join(channel, 'local.txt'), '2.257.6')).toThrow(/local\.txt has the line "\.\/helpers", a local path/);
  });
});

describe('ImageEnvironments.runtimeWith', () => {
  /** A real store whose installs are recorded instead of run: the order of installs is what is tested. */
  function recording(home: string): { environments: ImageEnvironments; installs: string[][] } {
    const installs: string[][] = [];
    const installer: Installer = {
      ...defaultInstaller(),
      install: (_python, requirements) => {
        installs.push([...requirements]);
        return Promise.resolve();
      },
    };
    const store = new EnvironmentStore({ dir: join(home, 'envs'), installer });
    return { environments: new ImageEnvironments(store, loadImageRules(join(home, 'images.json'))), installs };
  }

  it("installs the image's packages first, then the extra ones on top, in an environment of their own", async () => {
    const home = makeTestWorkspace('remote-function-env');
    writeFileSync(
      join(home, 'images.json'),
      JSON.stringify([
        { pattern: 'my-team/trainer', requirements: ['numpy<2'], imports: ['json'] },
        { pattern: 'my-team/legacy', python: '/usr/bin/python3' },
      ]),
    );
    const { environments, installs } = recording(home);
    const base = { python: '/project/python', node: process.execPath };
    const lines: string[] = [];

    const plain = await environments.runtimeFor('123456789012.dkr.ecr.us-east-1.amazonaws.com/my-team/trainer:1', base, () => undefined);
    const layered = await environments.runtimeWith(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-team/trainer:1',
      { label: 'requirements.txt', packages: ['tabulate', 'pip'] },
      base,
      (line) => lines.push(line),
    );
    const alone = await environments.runtimeWith(
      'docker.io/library/busybox:1',
      { label: 'requirements.txt', packages: ['tabulate', 'pip'] },
      base,
      () => undefined,
    );

    expect(installs).toEqual([['numpy<2'], ['numpy<2'], ['tabulate', 'pip'], ['tabulate', 'pip']]);
    expect(layered.environmentDir).not.toBe(plain.environmentDir);
    expect(alone.environmentDir).not.toBe(layered.environmentDir);
    expect(lines.join('\n')).toMatch(
      /creating environment for 123456789012\.dkr\.ecr.*my-team\/trainer:1 \(images\.json my-team\\\/trainer\) with requirements\.txt: 1 packages \(numpy<2\), then tabulate pip/,
    );
    await expect(
      environments.runtimeWith(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/my-team/legacy:1',
        { label: 'requirements.txt', packages: ['pip'] },
        base,
        () => undefined,
      ),
    ).rejects.toThrow(ImageRuntimeError);
  });
});

describe("a FrameworkProcessor's source_dir", () => {
  /** A job folder whose input "code" holds sourcedir.tar.gz made of `files`, or the bytes given. */
  function processingJob(files: Record<string, string> | Buffer) {
    const jobsDir = join(makeTestWorkspace('framework-processor'), 'jobs');
    const folder = jobFolder(jobsDir, 'prepare-1');
    const code = join(folder.ml, 'processing', 'input', 'code');
    mkdirSync(code, { recursive: true });
    if (Buffer.isBuffer(files)) {
      writeFileSync(join(code, 'sourcedir.tar.gz'), files);
    } else {
      const source = join(jobsDir, 'source');
      mkdirSync(source, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(source, name), text);
      spawnSync('tar', ['-czf', join(code, 'sourcedir.tar.gz'), '-C', source, '.']);
    }
    return { folder, log: new JobLog(folder.logFile) };
  }
  // Only what the paths below read: they end before the environments are asked.
  const context = {} as StepRunContext;
  const image = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';

  it("is known by the SDK's runproc.sh entry point", () => {
    expect(isFrameworkProcessorJob(['/bin/bash', '/opt/ml/processing/input/entrypoint/runproc.sh'])).toBe(true);
    expect(isFrameworkProcessorJob(['python3', '/opt/ml/processing/input/code/preprocess.py'])).toBe(false);
  });

  it('without a requirements.txt at its top leaves the image as it is, and leaves nothing beside the job', async () => {
    const { folder, log } = processingJob({ 'prepare.py': 'print(1)\n' });
    expect(await frameworkProcessorRuntime(image, folder, context, log)).toBeUndefined();
    expect(existsSync(join(folder.root, 'sourcedir'))).toBe(false);
  });

  it('names what is wrong with the archive or the file', async () => {
    const broken = processingJob(Buffer.from('not a tar.gz'));
    await expect(frameworkProcessorRuntime(image, broken.folder, context, broken.log)).rejects.toThrow(/sourcedir\.tar\.gz \(the input "code"\)/);
    const option = processingJob({ 'prepare.py': '', 'requirements.txt': '--index-url https://example.invalid/simple\ntabulate\n' });
    await expect(frameworkProcessorRuntime(image, option.folder, context, option.log)).rejects.toThrow(
      /requirements\.txt has the line "--index-url https:\/\/example\.invalid\/simple"/,
    );
    expect(existsSync(join(option.folder.root, 'sourcedir'))).toBe(false);
  });
});
