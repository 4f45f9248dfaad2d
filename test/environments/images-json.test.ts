import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { EnvironmentStore, ImageEnvironments, loadImageRules } from '../../kernel-lib/src/engine/index.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const MY_IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-team/trainer:2024-06';

/** A SLUICE_HOME whose images.json maps a user's own images to an environment and to an interpreter. */
function homeWithImages(): string {
  const home = makeTestWorkspace('env-home');
  writeFileSync(join(home, 'requirements-trainer.txt'), '# nothing to install: the environment is the base Python\n');
  writeFileSync(
    join(home, 'images.json'),
    JSON.stringify([
      { pattern: 'my-team/trainer', requirementsFile: 'requirements-trainer.txt', imports: ['json'] },
      { pattern: 'my-team/legacy', python: '/usr/bin/python3' },
      { pattern: 'sagemaker-scikit-learn:9', python: '/usr/bin/python3' },
    ]),
  );
  return home;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    (text) => (out += `${text}\n`),
    (text) => (err += `${text}\n`),
  );
  return { code, out, err };
}

describe('SLUICE_HOME/images.json', () => {
  it("maps a user's own image to an environment made from a requirements file, or to an interpreter", async () => {
    const home = homeWithImages();
    const environments = new ImageEnvironments(new EnvironmentStore({ dir: join(home, 'envs') }), loadImageRules(join(home, 'images.json')));
    const base = { python: '/project/python', node: process.execPath };

    const own = await environments.runtimeFor(MY_IMAGE, base, () => undefined);
    const legacy = await environments.runtimeFor('123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-team/legacy:1', base, () => undefined);
    // A user's entry also covers a framework version the shipped table does not hold.
    const pinned = await environments.runtimeFor('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:9.9-1-cpu-py3', base, () => undefined);
    const unknown = await environments.runtimeFor('docker.io/library/busybox:1', base, () => undefined);

    expect(own.runtimes.python).toBe(join(own.environmentDir!, 'bin', 'python'));
    expect(own.env.PATH?.startsWith(join(own.environmentDir!, 'bin'))).toBe(true);
    expect(legacy.runtimes.python).toBe('/usr/bin/python3');
    expect(pinned.runtimes.python).toBe('/usr/bin/python3');
    expect(unknown.runtimes.python).toBe('/project/python');
  });

  it('names its malformed entry', () => {
    const home = makeTestWorkspace('env-home');
    writeFileSync(join(home, 'images.json'), JSON.stringify([{ pattern: 'x', requirements: 'pandas' }]));

    expect(() => loadImageRules(join(home, 'images.json'))).toThrow(/images\.json\[0\]\.requirements must be a list/);
  });
});

describe('sluice env', () => {
  it('prepares, lists and removes environments', async () => {
    const home = homeWithImages();

    const prepared = await cli(['env', 'prepare', MY_IMAGE, '--home', home]);
    const listed = await cli(['env', 'list', '--home', home]);
    const removed = await cli(['env', 'remove', 'all', '--home', home]);
    const after = await cli(['env', 'list', '--home', home]);

    expect(prepared).toMatchObject({ code: 0, err: '' });
    expect(prepared.out).toMatch(/creating environment for .*my-team\/trainer.*: 0 packages/);
    expect(listed.out).toMatch(/^[0-9a-f]{16}\t.*my-team\/trainer.*\t\d+ MB\tmade /);
    expect(removed.out).toMatch(/^removed [0-9a-f]{16}$/m);
    expect(after.out).toMatch(/^no environments in /);
  });

  it('says when an image has no environment to prepare', async () => {
    const result = await cli(['env', 'prepare', 'sklearn:1.2-1', '--home', makeTestWorkspace('env-home')]);

    expect(result.code).toBe(0);
    expect(result.out).toMatch(/sklearn:1\.2-1: not a framework image in Sluice's table/);
  });

  it('fails for an unknown framework version, naming the nearest', async () => {
    const result = await cli(['env', 'prepare', 'sagemaker-xgboost:1.4-1', '--home', makeTestWorkspace('env-home')]);

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/the nearest are 1\.3-1 and 1\.5-1/);
  });
});
