// The built-in algorithm's training program run directly in the XGBoost 1.7-1 environment (no service): the
// parts of its contract that need no pipeline around them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentStore, frameworkImageOf } from '../../kernel-lib/src/engine/index.js';
import { builtinProgram } from '../../kernel-lib/src/engine/environments/builtin-algorithms.js';
import { makeTestWorkspace, testEnvsDir } from '../harness/workspace.js';
import { abaloneSplits, toCsv } from './abalone-data.js';

async function xgboostPython(): Promise<string> {
  const found = frameworkImageOf('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1')!;
  const prepared = await new EnvironmentStore({ dir: testEnvsDir }).ensure(
    { label: found.label, packages: found.packages, imports: found.imports, indexUrls: found.indexUrls },
    () => undefined,
  );
  return prepared.python;
}

/** Lays out /opt/ml in a folder (the program reads SM_* paths) and runs train.py there. */
function train(python: string, hyperparameters: Record<string, string>, channels: Record<string, string>) {
  const ml = join(makeTestWorkspace('xgboost-program'), 'ml');
  for (const [name, body] of Object.entries(channels)) {
    mkdirSync(join(ml, 'input', 'data', name), { recursive: true });
    writeFileSync(join(ml, 'input', 'data', name, `${name}.csv`), body);
  }
  mkdirSync(join(ml, 'input', 'config'), { recursive: true });
  writeFileSync(join(ml, 'input', 'config', 'hyperparameters.json'), JSON.stringify(hyperparameters));
  writeFileSync(
    join(ml, 'input', 'config', 'inputdataconfig.json'),
    JSON.stringify(Object.fromEntries(Object.keys(channels).map((name) => [name, { ContentType: 'text/csv' }]))),
  );
  const env = {
    ...process.env,
    SM_INPUT_DIR: join(ml, 'input'),
    SM_INPUT_CONFIG_DIR: join(ml, 'input', 'config'),
    SM_MODEL_DIR: join(ml, 'model'),
    SM_OUTPUT_DIR: join(ml, 'output'),
  };
  const run = spawnSync(python, [builtinProgram('xgboost', 'train')], { encoding: 'utf8', env });
  return { ...run, ml };
}

describe('the built-in XGBoost training program', () => {
  let python: string;
  beforeAll(async () => {
    python = await xgboostPython();
  });

  it('reads instance weights from the second column with csv_weights=1, and the model has the other columns as features', () => {
    const rows = abaloneSplits()
      .train.slice(0, 500)
      .map(([label, ...features]) => [label, 1, ...features]);

    const run = train(python, { num_round: '5', csv_weights: '1' }, { train: toCsv(rows) });

    expect(run.stderr).toBe('');
    const features = spawnSync(
      python,
      ['-c', `import pickle; print(pickle.load(open(${JSON.stringify(join(run.ml, 'model', 'xgboost-model'))}, "rb")).num_features())`],
      { encoding: 'utf8' },
    );
    expect(features.stdout.trim()).toBe(String(rows[0].length - 2));
  });

  it('writes its reason to /opt/ml/output/failure, as the container does, and exits non-zero', () => {
    const run = train(python, { num_round: '5', early_stopping_rounds: '3' }, { train: toCsv(abaloneSplits().train.slice(0, 100)) });

    expect(run.status).toBe(1);
    expect(spawnSync('cat', [join(run.ml, 'output', 'failure')], { encoding: 'utf8' }).stdout).toBe(
      'ClientError: early_stopping_rounds requires a validation channel',
    );
  });
});
