// After the jobs ran, with the SageMaker Python SDK after `eval "$(sluice service env)"`: attaching to a job by
// name (ListTags), its metrics as a table (CloudWatch's GetMetricStatistics), registering its model (Search finds
// the job by its model artifacts for the model card), searching jobs, and a tuner's trials as a table.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { serviceUser } from './service-user.js';

interface Outcome {
  attached: { model: boolean; epochs: string; tags: { Key: string; Value: string }[]; instance: string };
  analytics: { metrics: string[]; rows: number };
  statistics: { count: number; min: number; max: number; sum: number };
  registered: { arn: string; card_job: string; job: string };
  search: Record<'by_model' | 'by_metric' | 'by_hyperparameter' | 'by_tag_or_name' | 'package', string[]>;
  tuner: { rows: number; columns: string[]; best: number; lowest: number };
  tuner_attached: { best: string; objective: string; static: string[] };
}

describe('the SageMaker Python SDK on jobs that ran', () => {
  const user = serviceUser();

  it('attaches to a job, reads its metrics, registers its model, searches jobs and reads a tuning job', async () => {
    const outcome = await user.outcomeOf<Outcome>('python_job_analytics.py', [join(repoRoot, 'test', 'fixtures', 'jobs-by-name')]);

    // Estimator.attach: the job's model, hyperparameters, instance and the tags fit() gave it.
    expect(outcome.attached).toEqual({ model: true, epochs: '3', tags: [{ Key: 'team', Value: 'forecasting' }], instance: 'ml.m5.large' });
    // The script's three losses (1.000, 0.500, 0.333), per minute as CloudWatch keeps them.
    expect(outcome.analytics.metrics).toEqual(['loss']);
    expect(outcome.analytics.rows).toBeGreaterThanOrEqual(1);
    expect(outcome.statistics).toEqual({ count: 3, min: 0.333, max: 1, sum: 1.833 });
    // The model card the SDK built names the job that made the model.
    expect(outcome.registered.arn).toBe('arn:aws:sagemaker:us-east-1:000000000000:model-package/analytics-models/1');
    expect(outcome.registered.card_job).toBe(outcome.registered.job);
    const job = outcome.registered.job.split('/').pop()!;
    expect(outcome.search).toEqual({
      by_model: [job],
      by_metric: [job],
      by_hyperparameter: [],
      by_tag_or_name: [job],
      package: [outcome.registered.arn],
    });
    // Two trials as rows, with the tuned hyperparameter and the objective; the best job has the lowest loss.
    expect(outcome.tuner.rows).toBe(2);
    expect(outcome.tuner.columns).toEqual(expect.arrayContaining(['FinalObjectiveValue', 'TrainingJobName', 'TrainingJobStatus', 'epochs']));
    expect(outcome.tuner.best).toBe(outcome.tuner.lowest);
    // HyperparameterTuner.attach on a tuning job boto3 made: the objective, and the static hyperparameters without
    // the one SageMaker adds for the objective.
    expect(outcome.tuner_attached.best).toMatch(/^boto3-tuning-00[12]-[0-9a-f]{8}$/);
    expect(outcome.tuner_attached.objective).toBe('loss');
    expect(outcome.tuner_attached.static).toContain('sagemaker_program');
    expect(outcome.tuner_attached.static).not.toContain('_tuning_objective_metric');
  });
});
