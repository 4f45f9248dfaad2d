// SageMaker Projects' abalone seed code, in its own shape, written with the SageMaker Python SDK: it runs
// unchanged after `eval "$(sluice service env)"` (scikit-learn and XGBoost images in environments of their
// own, the XGBoost built-in algorithm), registers a good model, deploys it and transforms with it.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace, testEnvsDir } from '../harness/workspace.js';
import { cli, parseEnv } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';

interface Outcome {
  image: string;
  tags: { Key: string; Value: string }[];
  status: string;
  failure?: string;
  error?: string;
  steps: [string, string, string | null, boolean][];
  metrics?: Record<string, number>;
  mse?: number;
  package?: string;
  endpoint?: { count: number; mse: number };
  transform?: { count: number; status: string };
}

const fixtures = join(repoRoot, 'test', 'fixtures', 'abalone-seed');
const data = join(repoRoot, '..', 'shared', 'data', 'abalone.csv');

describe('the abalone seed pipeline, written with the SageMaker Python SDK', () => {
  const { home, remove } = temporaryHome();
  let env: Record<string, string>;
  const workspace = makeTestWorkspace('seed-pipeline');

  async function run(...extra: string[]): Promise<Outcome> {
    const output = join(workspace, `outcome-${extra.join('') || 'first'}.json`);
    const child = spawn(testVenvPython, [join(repoRoot, 'test', 'sagemaker-sdk', 'python_seed_pipeline.py'), fixtures, data, output, ...extra], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    if (code !== 0) throw new Error(`python_seed_pipeline.py exited ${code}:\n${stderr.slice(-3000)}`);
    return JSON.parse(readFileSync(output, 'utf8')) as Outcome;
  }

  beforeAll(() => {
    const started = spawnSync(process.execPath, [cli, 'service', 'start', '--home', home], {
      encoding: 'utf8',
      env: { ...process.env, SLUICE_ENVS_DIR: testEnvsDir },
    });
    if (started.status !== 0) throw new Error(`service start failed: ${started.stderr}`);
    const variables = parseEnv(spawnSync(process.execPath, [cli, 'service', 'env', '--home', home], { encoding: 'utf8' }).stdout);
    env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
      ...variables,
    };
  });

  afterAll(() => {
    spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home]);
    remove();
  });

  it('runs unchanged, registers a version with test MSE below 6, deploys it and batch-transforms with it', async () => {
    const outcome = await run();

    expect(outcome.image).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
    expect(outcome.error).toBeUndefined();
    expect(outcome.steps.map(([name, status, reason]) => [name, status, reason])).toEqual([
      ['PreprocessAbaloneData', 'Succeeded', null],
      ['TrainAbaloneModel', 'Succeeded', null],
      ['EvaluateAbaloneModel', 'Succeeded', null],
      ['CheckMSEAbaloneEvaluation', 'Succeeded', null],
      ['RegisterAbaloneModel-RegisterModel', 'Succeeded', null],
    ]);
    expect(outcome.status).toBe('Succeeded');
    // The built-in algorithm's metric definitions, with none given.
    expect(Object.keys(outcome.metrics ?? {})).toEqual(expect.arrayContaining(['train:rmse', 'validation:rmse']));
    expect(outcome.mse).toBeLessThan(6);
    expect(outcome.package).toMatch(/model-package\/abaloneseedpackagegroup\/1$/);
    expect(outcome.endpoint?.count).toBe(20);
    expect(outcome.endpoint?.mse).toBeLessThan(12);
    expect(outcome.transform).toEqual({ count: 627, status: 'Completed' });
  });

  it('runs again from the cache, creating no environment; the second upsert keeps the project tags', async () => {
    const environmentsBefore = readdirSync(testEnvsDir).sort();
    const again = await run('--rerun');
    expect(again.status).toBe('Succeeded');
    // The SDK's upsert of an existing pipeline lists its tags and adds them again (ListTags, AddTags).
    expect(again.tags).toEqual([
      { Key: 'sagemaker:project-name', Value: 'abalone-seed' },
      { Key: 'sagemaker:project-id', Value: 'p-seed' },
    ]);
    const cached = again.steps.filter(([, , , hit]) => hit).map(([name]) => name);
    expect(cached).toEqual(['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel']);
    expect(readdirSync(testEnvsDir).sort()).toEqual(environmentsBefore);
  });
});
