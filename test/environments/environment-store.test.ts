import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EnvironmentStore, frameworkImageOf, type EnvironmentSpec } from '../../kernel-lib/src/engine/index.js';
import { defaultInstaller, pipInstaller, type Installer } from '../../kernel-lib/src/engine/environments/installer.js';
import { makeTestWorkspace, testEnvsDir } from '../harness/workspace.js';

/** An environment with nothing to install: creating it costs a venv, so lock and failure tests stay fast. */
const bare = (label: string): EnvironmentSpec => ({ label, packages: [], imports: ['json'], indexUrls: [] });

function specOf(image: string): EnvironmentSpec {
  const found = frameworkImageOf(image)!;
  return { label: found.label, packages: found.packages, imports: found.imports, indexUrls: found.indexUrls };
}

describe('environments for framework images', () => {
  it('are created once when two jobs need the same new environment at once', async () => {
    const dir = join(makeTestWorkspace('envs'), 'envs');
    // Two stores on one folder stand for two services (or a service and `sluice env prepare`): the lock file decides.
    const [first, second] = [new EnvironmentStore({ dir }), new EnvironmentStore({ dir })];
    const lines: string[] = [];

    const prepared = await Promise.all([
      first.ensure(bare('a'), (line) => lines.push(line)),
      second.ensure(bare('a'), (line) => lines.push(line)),
      first.ensure(bare('a'), (line) => lines.push(line)),
    ]);

    expect(first.creations + second.creations).toBe(1);
    expect(prepared.filter((environment) => environment.created)).toHaveLength(1);
    expect(new Set(prepared.map((environment) => environment.python)).size).toBe(1);
    expect(lines.filter((line) => line.startsWith('creating environment for a'))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('waiting for the environment for a'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual([prepared[0].digest]);
  });

  it('leave nothing half made when creation fails, and the next job creates it cleanly', async () => {
    const dir = join(makeTestWorkspace('envs'), 'envs');
    const real = defaultInstaller();
    const failing: Installer = {
      ...real,
      install: () => Promise.reject(new Error('× No solution found when resolving dependencies: Because scikit-learn was not found in the package registry')),
    };
    const spec: EnvironmentSpec = { label: 'sagemaker-scikit-learn:1.2-1', packages: ['scikit-learn==1.2.*'], imports: [], indexUrls: [] };

    const failed = new EnvironmentStore({ dir, installer: failing }).ensure(spec, () => undefined);

    await expect(failed).rejects.toThrow(/sagemaker-scikit-learn:1\.2-1 \(package scikit-learn==1\.2\.\*\).*UV_INDEX_URL or PIP_INDEX_URL.*images\.json/);
    expect(readdirSync(dir)).toEqual([]);
    const retried = new EnvironmentStore({ dir, installer: { ...real, install: () => Promise.resolve() } });
    const prepared = await retried.ensure(spec, () => undefined);
    expect(prepared.created).toBe(true);
    expect(readdirSync(dir)).toEqual([prepared.digest]);
  });

  it('fail offline naming the image, the package and the fixes, with uv itself', async () => {
    const dir = join(makeTestWorkspace('envs'), 'envs');
    const spec: EnvironmentSpec = { label: 'sagemaker-xgboost:9.9-9', packages: ['sluice-no-such-package==9.9'], imports: [], indexUrls: [] };
    process.env['UV_OFFLINE'] = '1';
    try {
      await expect(new EnvironmentStore({ dir }).ensure(spec, () => undefined)).rejects.toThrow(
        /sagemaker-xgboost:9\.9-9 \(package sluice-no-such-package==9\.9\).*Fix: .*UV_INDEX_URL/,
      );
    } finally {
      delete process.env['UV_OFFLINE'];
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("are made with the base Python's venv and pip where uv is missing", async () => {
    const lines: string[] = [];
    const prepared = await new EnvironmentStore({ dir: join(makeTestWorkspace('envs'), 'envs'), installer: pipInstaller() }).ensure(bare('pip'), (line) =>
      lines.push(line),
    );

    expect(lines[0]).toMatch(/^creating environment for pip: 0 packages .* with pip on /);
    expect(spawnSync(prepared.python, ['-m', 'pip', '--version'], { encoding: 'utf8' }).stdout).toContain(prepared.dir);
  });

  it('are listed and removed', async () => {
    const dir = join(makeTestWorkspace('envs'), 'envs');
    const store = new EnvironmentStore({ dir });
    const prepared = await store.ensure(bare('listed'), () => undefined);

    expect(store.list().map((record) => [record.label, record.digest])).toEqual([['listed', prepared.digest]]);
    expect(store.remove('listed')).toEqual([prepared.digest]);
    expect(existsSync(prepared.dir)).toBe(false);
  });

  // The two images a seed-style pipeline uses; created once per machine in the shared test folder.
  it.each([
    '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
    '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
  ])('hold what %s holds, each package importable', async (image) => {
    mkdirSync(testEnvsDir, { recursive: true });
    const store = new EnvironmentStore({ dir: testEnvsDir });
    const spec = specOf(image);

    const prepared = await store.ensure(spec, () => undefined);

    const imported = spawnSync(
      prepared.python,
      ['-c', `import ${spec.imports.join(', ')}; import sklearn, numpy; print(sklearn.__version__, numpy.__version__)`],
      { encoding: 'utf8' },
    );
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(image.includes('scikit-learn') ? /^1\.2\.\d+ 1\.\d+\.\d+/ : /^1\.[0-3]\.\d+ 1\.\d+\.\d+/);
  });
});
