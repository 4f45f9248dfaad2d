// Jobs outside a pipeline, as the SageMaker Python SDK runs them with a plain Session after
// `eval "$(sluice service env)"`: CreateTrainingJob and CreateProcessingJob run on the engine with their own names,
// and the SDK waits for them (with their logs), reads what they wrote, and stops one.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { serviceUser } from './service-user.js';

interface Outcome {
  fit: { status: string; name: string; model: { epochs: number; job: string } };
  deploy: { status: string; predictions: number[]; left: number };
  run: { status: string; name: string; written: string };
  tune: { status: string; name: string; trials: number; best: string };
  remote: { value: number };
  stopped: string;
}

describe('the SageMaker Python SDK without a pipeline', () => {
  const user = serviceUser();

  it('fits and deploys an estimator, runs a processor, a tuner and a @remote function, and stops a job', async () => {
    const outcome = await user.outcomeOf<Outcome>('python_jobs_by_name.py', [join(repoRoot, 'test', 'fixtures', 'jobs-by-name')]);

    // The job ran under the name the SDK gave it, and saw it in SM_TRAINING_ENV.
    expect(outcome.fit).toEqual({ status: 'Completed', name: expect.stringMatching(/^sagemaker-scikit-learn-/), model: { epochs: 3, job: outcome.fit.name } });
    // Deployed, the script's predict_fn answers: each row's sum times the 3 epochs; then the SDK deletes it all.
    expect(outcome.deploy).toEqual({ status: 'InService', predictions: [9, 21], left: 0 });
    expect(outcome.run).toEqual({ status: 'Completed', name: expect.stringMatching(/^sagemaker-scikit-learn-/), written: outcome.run.name });
    // Two trials, named after the tuning job; the best is one of them.
    expect(outcome.tune).toMatchObject({ status: 'Completed', trials: 2 });
    expect(outcome.tune.best).toMatch(new RegExp(`^${outcome.tune.name}-00[12]-[0-9a-f]{8}$`));
    expect(outcome.remote).toEqual({ value: 2.5 });
    expect(outcome.stopped).toBe('Stopped');
  });
});
