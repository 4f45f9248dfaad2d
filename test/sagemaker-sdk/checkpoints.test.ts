// A training job's CheckpointConfig (the SDK's checkpoint_s3_uri), as SageMaker keeps it: what the job writes in
// /opt/ml/checkpoints is saved to S3, and the next job with the same S3Uri starts with it there.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { serviceUser } from './service-user.js';

interface Run {
  wait?: string;
  status: string;
  steps: [string, string, string | null][];
  checkpoint?: { epochs_done: number; runs: number };
  checkpointConfig?: { S3Uri: string; LocalPath?: string };
}

describe('checkpoint_s3_uri on the local service', () => {
  const user = serviceUser();

  it('saves what the job left in /opt/ml/checkpoints, and gives it to the next run', async () => {
    const { runs } = await user.outcomeOf<{ runs: Run[] }>('python_checkpoints.py', [join(repoRoot, 'test', 'fixtures', 'checkpoints')]);

    expect(runs.map((each) => each.steps)).toEqual([[['Train', 'Succeeded', null]], [['Train', 'Succeeded', null]]]);
    // 3 epochs a run: the second resumed after the first's.
    expect(runs.map((each) => each.checkpoint)).toEqual([
      { epochs_done: 3, runs: 1 },
      { epochs_done: 6, runs: 2 },
    ]);
    expect(runs[0]?.checkpointConfig?.S3Uri).toBe('s3://sagemaker-us-east-1-000000000000/resuming/checkpoints');
  });
});
