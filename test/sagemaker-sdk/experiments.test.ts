// SageMaker Experiments with the Python SDK after `eval "$(sluice service env)"`: runs that log parameters and
// metrics (Create/Describe/Update trial components, trials, experiments; SageMaker Metrics' BatchPutMetrics),
// compared as ExperimentAnalytics' table (Search over trial components by experiment), listed, loaded, deleted.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { serviceUser } from './service-user.js';

interface Outcome {
  table: Record<string, unknown>[];
  runs: string[];
  broken: { PrimaryStatus: string; Message: string };
  loaded: Record<string, number>;
  trial: string[];
  left: { experiments: string[]; runs: string[] };
  job: {
    status: string;
    failure: string | null;
    config: Record<string, string>;
    parameters: Record<string, string>;
    metrics: Record<string, number>;
    trial: string[];
    name: string;
  };
  TrackedPipeline: PipelineOutcome;
  UntrackedPipeline: PipelineOutcome;
}

interface PipelineOutcome {
  status: string;
  config: { ExperimentName: string; TrialName: string } | null;
  id: string;
  job: string;
  trial: string[];
  experiments: string[];
  table?: Record<string, unknown>[];
}

describe('the SageMaker Python SDK tracking runs', () => {
  const user = serviceUser();

  it('logs runs, from the notebook and from a training job, compares them as a table, loads one again and deletes the experiment', async () => {
    const outcome = await user.outcomeOf<Outcome>('python_experiments.py', [join(repoRoot, 'test', 'fixtures', 'experiments')]);

    const run = (rate: number, name: string) => ({
      TrialComponentName: name,
      learning_rate: rate,
      optimizer: 'adam',
      epochs: 3,
      'loss - Min': expect.closeTo(rate / 3, 8),
      'loss - Max': rate,
      'loss - Last': expect.closeTo(rate / 3, 8),
      'loss - Count': 3,
      'accuracy - Last': 1 - rate,
      Experiments: ['churn'],
    });
    expect(outcome.table).toEqual([
      expect.objectContaining({ TrialComponentName: 'churn-broken', learning_rate: 5, optimizer: null, 'loss - Count': null }),
      run(0.01, 'churn-rate-0-01'),
      run(0.1, 'churn-rate-0-1'),
    ]);
    expect(outcome.runs).toEqual(['broken', 'rate-0-01', 'rate-0-1']);
    // The exception inside the run's `with` is its status.
    expect(outcome.broken).toEqual({ PrimaryStatus: 'Failed', Message: 'diverged at epoch 2' });
    // Loaded again, the run adds a fourth loss to the three it had.
    expect(outcome.loaded).toEqual({ accuracy: 1, loss: 4 });
    expect(outcome.trial).toEqual(['Default-Run-Group-churn']);
    // A training job started for a run: its description keeps the run, its script logged to the run with load_run()
    // (with the SDK's configuration a job gets, telemetry off), and its own trial component joined the run group.
    expect(outcome.job).toEqual({
      status: 'Completed',
      failure: null,
      config: { ExperimentName: 'churn', TrialName: 'Default-Run-Group-churn', RunName: 'churn-in-a-job' },
      parameters: { job: outcome.job.name, telemetry_opt_out: 'True' },
      metrics: { 'job-loss': 2 },
      trial: ['churn-broken', 'churn-in-a-job', 'churn-rate-0-01', 'churn-rate-0-1', `${outcome.job.name}-aws-training-job`],
      name: outcome.job.name,
    });
    expect(outcome.left.experiments).not.toContain('churn');
    // A pipeline's execution: the trial of the pipeline's experiment, its training job's trial component in it.
    const tracked = outcome.TrackedPipeline;
    expect(tracked.status).toBe('Succeeded');
    expect(tracked.config).toEqual({ ExperimentName: 'TrackedPipeline', TrialName: tracked.id });
    expect(tracked.trial).toHaveLength(1);
    expect(tracked.trial[0]!.toLowerCase()).toBe(`${tracked.job}-aws-training-job`);
    // ExperimentAnalytics over the pipeline's experiment: the training job's hyperparameters and the losses it printed.
    expect(tracked.table).toEqual([{ epochs: 2, 'loss - Last': 0.5, 'loss - Count': 2, Trials: [tracked.id] }]);
    // Without PipelineExperimentConfig in its definition, no experiment.
    expect(outcome.UntrackedPipeline).toMatchObject({ status: 'Succeeded', config: null });
    expect(outcome.UntrackedPipeline.experiments).not.toContain('UntrackedPipeline');
    expect(outcome.left.runs).toEqual([]);
  });
});
