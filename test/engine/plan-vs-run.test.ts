// Plan vs run: for each kind of change, the plan made before a run names exactly the steps the run then runs, with
// the reason the run records (issue 20, test 4).
import {
  CacheConfig,
  ConditionGreaterThan,
  ConditionStep,
  FailStep,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  TrainingStep,
} from '../../kernel-lib/src/index.js';
import { plannedStepText, runReasonText, type PlannedStep } from '../../kernel-lib/src/definition/index.js';
import type { StepRecord } from '../../kernel-lib/src/engine/index.js';
import { codeFiles, EngineHome, type EngineRun } from './engine-harness.js';

const role = 'arn:aws:iam::000000000000:role/Local';
/** Where both processing steps run: this machine, with this Node.js. */
const onThisMachine = { imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1 } as const;
const home = new EngineHome();
home.artifacts.putObject('s3://local-bucket/plan/a.csv', Buffer.from('1\n2\n3\n'));
home.artifacts.putObject('s3://local-bucket/plan/b.csv', Buffer.from('4\n5\n'));

const prepareCode = codeFiles({
  'prepare.ts': `
    import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
    mkdirSync('/opt/ml/processing/rows', { recursive: true });
    for (const file of readdirSync('/opt/ml/processing/input/data')) copyFileSync('/opt/ml/processing/input/data/' + file, '/opt/ml/processing/rows/' + file);
  `,
})['prepare.ts'];
const trainCode = (variant: string) =>
  codeFiles({
    'train.ts': `
      import { writeFileSync } from 'node:fs';
      writeFileSync(process.env.SM_MODEL_DIR + '/model.json', JSON.stringify({ variant: '${variant}' }));
    `,
  })['train.ts'];
const summaryCode = codeFiles({ 'summary.ts': `console.log('summary');` })['summary.ts'];

const inputData = new ParameterString({ name: 'InputData', defaultValue: 's3://local-bucket/plan/a.csv' });
const maxDepth = new ParameterInteger({ name: 'MaxDepth', defaultValue: 5 });

interface Variant {
  mode?: string;
  trainCode?: string;
  trainImage?: string;
  trainExpireAfter?: string;
}

/** Prepare (processing, cached) → Train (training, cached) → Summary (processing, caching off). */
function pipeline(variant: Variant = {}): Pipeline {
  const prepare = new ProcessingStep({
    ...onThisMachine,
    name: 'Prepare',
    code: prepareCode,
    env: { MODE: variant.mode ?? 'fast' },
    inputs: [{ inputName: 'data', source: inputData, destination: '/opt/ml/processing/input/data' }],
    outputs: [{ outputName: 'rows', source: '/opt/ml/processing/rows' }],
    cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: 'P30D' }),
  });
  const train = new TrainingStep({
    name: 'Train',
    imageUri: variant.trainImage ?? 'node',
    roleArn: role,
    instanceType: 'local',
    outputPath: 's3://local-bucket/plan-models',
    code: variant.trainCode ?? trainV1,
    hyperparameters: { max_depth: maxDepth },
    inputs: { train: prepare.properties.ProcessingOutputConfig.Outputs.get('rows').S3Output.S3Uri },
    cacheConfig: new CacheConfig({ enableCaching: true, expireAfter: variant.trainExpireAfter ?? 'P30D' }),
  });
  const summary = new ProcessingStep({
    name: 'Summary',
    imageUri: 'node',
    roleArn: role,
    instanceType: 'local',
    instanceCount: 1,
    code: summaryCode,
    dependsOn: [train],
  });
  return new Pipeline({ name: 'PlanVsRun', parameters: [inputData, maxDepth], steps: [prepare, train, summary], defaultBucket: 'local-bucket' });
}
const trainV1 = trainCode('one');
// The digest covers the file's path too: each version is written once.
const trainV2 = trainCode('two');

const executionId = (arn: string) => arn.split('/').pop();

/** The plan in words, one line a step. */
function predicted(plan: readonly PlannedStep[]): string[] {
  return plan.map((step) => {
    if (step.Decision === 'CacheHit') return `${step.StepName}: cache hit from ${executionId(step.SourcePipelineExecutionArn)}`;
    if (step.Decision === 'NotRun') return `${step.StepName}: not run`;
    return `${step.StepName}: runs, ${runReasonText(step.Reason)}`;
  });
}

/** What the run did in the same words: reused (from where) or ran, with the reason it recorded. */
function happened(run: EngineRun): string[] {
  return [...run.steps.values()].map((record: StepRecord) => {
    if (record.cacheHit) return `${record.name}: cache hit from ${executionId(record.cacheHit.sourceExecutionArn)}`;
    return `${record.name}: runs, ${record.runReason === undefined ? 'caching off' : runReasonText(record.runReason)}`;
  });
}

/** Plans, runs, and checks that the run did what the plan said; a step the plan says depends on another that will run must run because its input changed. */
async function planAndRun(variant: Variant, parameters?: { Name: string; Value: string }[]): Promise<{ plan: string[]; run: EngineRun }> {
  const built = pipeline(variant);
  const plan = home.plan(built, parameters);
  const run = await home.run(built, { parameters });
  expect(run.failureReason ?? run.status).toBe('Succeeded');
  const expected = predicted(plan);
  const actual = happened(run);
  plan.forEach((step, index) => {
    if (step.Decision === 'Run' && step.Reason.Kind === 'Upstream') {
      expect(actual[index]).toMatch(new RegExp(`^${step.StepName}: runs, input \\w+ changed s3://\\S+ → s3://\\S+$`));
    } else {
      expect(actual[index]).toBe(expected[index]);
    }
  });
  return { plan: expected, run };
}

describe('the plan says what will run and why, and the run agrees', () => {
  let last: string | undefined;
  const ids = () => ({ last: last ?? '' });

  it('first run: every cached step never ran; the step without caching says so', async () => {
    const { plan, run } = await planAndRun({});
    expect(plan).toEqual(['Prepare: runs, never ran', 'Train: runs, never ran', 'Summary: runs, caching off']);
    last = executionId(run.executionArn);
  });

  it('nothing changed: both cached steps are cache hits from the first run', async () => {
    const { plan } = await planAndRun({});
    expect(plan).toEqual([`Prepare: cache hit from ${ids().last}`, `Train: cache hit from ${ids().last}`, 'Summary: runs, caching off']);
  });

  it('code: a new digest of the training code', async () => {
    const { plan, run } = await planAndRun({ trainCode: trainV2 });
    expect(plan[0]).toBe(`Prepare: cache hit from ${ids().last}`);
    expect(plan[1]).toMatch(/^Train: runs, code changed \(digest [0-9a-f]{12} → [0-9a-f]{12}\)$/);
    last = executionId(run.executionArn);
  });

  it('input: another input URI; the step reading its output depends on it', async () => {
    const changed = [{ Name: 'InputData', Value: 's3://local-bucket/plan/b.csv' }];
    const built = pipeline({ trainCode: trainV2 });
    const plan = home.plan(built, changed);
    expect(plan.map((step) => (step.Decision === 'Run' ? step.Reason : step.Decision))).toEqual([
      {
        Kind: 'Changed',
        SourcePipelineExecutionArn: expect.stringContaining(ids().last),
        Changes: [{ Kind: 'input', Name: 'data', Before: 's3://local-bucket/plan/a.csv', After: 's3://local-bucket/plan/b.csv' }],
      },
      { Kind: 'Upstream', Steps: ['Prepare'] },
      { Kind: 'CachingOff' },
    ]);
    const { plan: words } = await planAndRun({ trainCode: trainV2 }, changed);
    expect(words.slice(0, 2)).toEqual([
      'Prepare: runs, input data changed s3://local-bucket/plan/a.csv → s3://local-bucket/plan/b.csv',
      'Train: runs, depends on Prepare, which will run',
    ]);
  });

  it('hyperparameter: max_depth 5 → 7', async () => {
    const { plan } = await planAndRun({ trainCode: trainV2 }, [
      { Name: 'InputData', Value: 's3://local-bucket/plan/b.csv' },
      { Name: 'MaxDepth', Value: '7' },
    ]);
    expect(plan[0]).toMatch(/^Prepare: cache hit from /);
    expect(plan[1]).toBe('Train: runs, hyperparameter max_depth changed 5 → 7');
  });

  it('environment: a variable of the processing step; the training step after it depends on it', async () => {
    const { plan } = await planAndRun({ trainCode: trainV2, mode: 'slow' }, [
      { Name: 'InputData', Value: 's3://local-bucket/plan/b.csv' },
      { Name: 'MaxDepth', Value: '7' },
    ]);
    expect(plan.slice(0, 2)).toEqual(['Prepare: runs, environment variable MODE changed fast → slow', 'Train: runs, depends on Prepare, which will run']);
  });

  const settled = [
    { Name: 'InputData', Value: 's3://local-bucket/plan/b.csv' },
    { Name: 'MaxDepth', Value: '7' },
  ];
  const nodeImage = 'public.ecr.aws/docker/library/node:20';

  it('image: the training image', async () => {
    const { plan, run } = await planAndRun({ trainCode: trainV2, mode: 'slow', trainImage: nodeImage }, settled);
    expect(plan[0]).toMatch(/^Prepare: cache hit from /);
    expect(plan[1]).toBe(`Train: runs, image changed node → ${nodeImage}`);
    last = executionId(run.executionArn);
  });

  it('expiry: the same key, but its run is older than ExpireAfter', async () => {
    const variant = { trainCode: trainV2, mode: 'slow', trainImage: nodeImage };
    expect(predicted(home.plan(pipeline(variant), settled))[1]).toBe(`Train: cache hit from ${ids().last}`);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { plan } = await planAndRun({ ...variant, trainExpireAfter: 'PT1S' }, settled);
    expect(plan[0]).toMatch(/^Prepare: cache hit from /);
    expect(plan[1]).toBe('Train: runs, expired (ExpireAfter PT1S)');
  });
});

describe('the plan follows condition branches', () => {
  const gate = new ParameterInteger({ name: 'Gate', defaultValue: 1 });
  const branching = () => {
    const work = new ProcessingStep({ ...onThisMachine, name: 'Work', code: summaryCode, cacheConfig: new CacheConfig({ enableCaching: true }) });
    const check = new ConditionStep({
      name: 'Check',
      conditions: [new ConditionGreaterThan({ left: gate, right: 5 })],
      ifSteps: [new FailStep({ name: 'Refuse', errorMessage: 'gate too high' })],
      elseSteps: [work],
    });
    return new Pipeline({ name: 'PlanBranches', parameters: [gate], steps: [check], defaultBucket: 'local-bucket' });
  };

  it('knows the branch a condition on parameters takes: the other one is not run, and the run agrees', async () => {
    const plan = home.plan(branching());
    expect(predicted(plan)).toEqual(['Check: runs, Condition steps are not cached', 'Refuse: not run', 'Work: runs, never ran']);
    const run = await home.run(branching());
    expect([...run.steps.keys()]).toEqual(['Check', 'Work']);
    expect(happened(run)).toEqual(['Check: runs, caching off', 'Work: runs, never ran']);
  });

  it('says which branch a step waits on when the condition reads a step that will run', () => {
    const train = new TrainingStep({ ...onThisMachine, name: 'Score', outputPath: 's3://local-bucket/plan-models', code: trainV1 });
    const check = new ConditionStep({
      name: 'Good',
      conditions: [new ConditionGreaterThan({ left: train.properties.FinalMetricDataList.get(0).Value, right: 0.5 })],
      ifSteps: [new FailStep({ name: 'Stop', errorMessage: 'too good' })],
    });
    const plan = home.plan(new Pipeline({ name: 'PlanUnknownBranch', steps: [train, check], defaultBucket: 'local-bucket' }));
    expect(plan.map(plannedStepText)).toEqual([
      'will run: caching off',
      'will run: Condition steps are not cached',
      'will run if Good is true: Fail steps are not cached',
    ]);
  });
});
