// The limits on how many jobs run at once, read from the jobs themselves: each job writes when its program
// started and ended, and the test checks how many were running at every moment.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IntegerParameter, Pipeline, ProcessingStep, TuningStep } from '../../kernel-lib/src/index.js';
import { readJobLog } from '../../kernel-lib/src/engine/index.js';
import { codeFiles, EngineHome } from './engine-harness.js';

const role = 'arn:aws:iam::000000000000:role/Local';
const home = new EngineHome();

/** A job's program: sleeps briefly, then writes [start, end] (ms) to `<scratch>/<folder>/<unique name>.json`. */
const recordSpan = (folder: string) => `
  const { mkdirSync, writeFileSync } = require('node:fs');
  const started = Date.now();
  setTimeout(() => {
    mkdirSync(${JSON.stringify(join(home.scratch, folder))}, { recursive: true });
    // Not the pid: in its sandbox every job's is the same, and two jobs can start in the same millisecond.
    writeFileSync(${JSON.stringify(join(home.scratch, folder))} + '/' + require('node:crypto').randomUUID() + '.json', JSON.stringify([started, Date.now()]));
    console.log('loss: ' + (started % 97));
  }, 150);
`;

function spans(folder: string): [number, number][] {
  const dir = join(home.scratch, folder);
  return readdirSync(dir).map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as [number, number]);
}

/** The most jobs running at one moment (a job ending at the moment another starts does not overlap it). */
function mostAtOnce(intervals: [number, number][]): number {
  const events = intervals.flatMap(([start, end]) => [
    { at: start, change: 1 },
    { at: end, change: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.change - b.change);
  let running = 0;
  let most = 0;
  for (const event of events) {
    running += event.change;
    most = Math.max(most, running);
  }
  return most;
}

const node = (name: string, folder: string, dependsOn: string[] = []) =>
  new ProcessingStep({
    name,
    imageUri: 'node',
    roleArn: role,
    instanceType: 'local',
    instanceCount: 1,
    entrypoint: ['node', '-e', recordSpan(folder)],
    dependsOn,
  });

it('MaxParallelExecutionSteps 2: the jobs of a 1 → 6 → 1 pipeline run at most 2 at a time, and 2 do run together', async () => {
  const middle = Array.from({ length: 6 }, (_, i) => node(`Middle${i}`, 'fan', ['First']));
  const pipeline = new Pipeline({
    name: 'FanOut',
    steps: [
      node('First', 'fan'),
      ...middle,
      node(
        'Last',
        'fan',
        middle.map((step) => step.name),
      ),
    ],
    defaultBucket: 'local-bucket',
  });

  const run = await home.run(pipeline, { maxParallelSteps: 2 });

  expect(run.status).toBe('Succeeded');
  const intervals = spans('fan');
  expect(intervals).toHaveLength(8);
  expect(mostAtOnce(intervals)).toBe(2);
});

describe('a tuning step', () => {
  const train = codeFiles({ 'train.js': recordSpan('trials') })['train.js'];
  const tuning = (strategy: 'Bayesian' | 'Hyperband', maxJobs: number) =>
    new Pipeline({
      name: `Tune${strategy}`,
      defaultBucket: 'local-bucket',
      steps: [
        new TuningStep({
          name: 'Tune',
          estimator: {
            imageUri: 'node',
            roleArn: role,
            instanceType: 'local',
            outputPath: 's3://local-bucket/tuning',
            code: train,
            metricDefinitions: [{ name: 'loss', regex: 'loss: ([0-9]+)' }],
          },
          objectiveMetricName: 'loss',
          objectiveType: 'Minimize',
          hyperparameterRanges: { depth: new IntegerParameter({ min: 1, max: 1000 }) },
          strategy,
          maxJobs,
          maxParallelJobs: 2,
        }),
      ],
    });
  /** The tuning job's own log: its notes. */
  const tuningLog = () => {
    const name = [...home.jobs.entries()].reverse().find(([, document]) => 'HyperParameterTuningJobArn' in document)![0];
    return readJobLog(join(home.jobsDir, name, 'log')).map((line) => line.text);
  };

  it('MaxParallelTrainingJobs 2: 6 trials run at most 2 at a time and 2 do run together; Bayesian falls back to Random, said in the log', async () => {
    const run = await home.run(tuning('Bayesian', 6));

    expect(run.status).toBe('Succeeded');
    const intervals = spans('trials');
    expect(intervals).toHaveLength(6);
    expect(mostAtOnce(intervals)).toBe(2);
    const summaries = run.steps.get('Tune')!.properties!.TrainingJobSummaries as { TunedHyperParameters: { depth: string } }[];
    const depths = summaries.map((summary) => Number(summary.TunedHyperParameters.depth));
    expect(depths.every((depth) => Number.isInteger(depth) && depth >= 1 && depth <= 1000)).toBe(true);
    expect(new Set(depths).size).toBeGreaterThan(1);
    expect(tuningLog()).toContain('Bayesian search is not available locally: the 6 trials are drawn at random instead.');
  });

  it('Hyperband falls back to Random, said in the log', async () => {
    const run = await home.run(tuning('Hyperband', 2));

    expect(run.status).toBe('Succeeded');
    expect(tuningLog()).toContain('Hyperband search is not available locally: the 2 trials are drawn at random instead.');
  });
});
