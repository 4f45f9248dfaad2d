// The response checker itself: on a document with known faults it must name each one, or the suite proves nothing.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';

describe("conformance.py's checker", () => {
  it('names missing required members, bad patterns and enums, unknown members, short lists and unreadable timestamps', () => {
    const run = spawnSync(
      testVenvPython,
      [join(repoRoot, 'test', 'conformance', 'conformance.py'), 'http://127.0.0.1:9', 'key', 'secret', 'us-east-1', '--self-test'],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      'DescribeTrainingJob.TrainingJobArn: required but missing',
      'DescribeTrainingJob.ModelArtifacts: required but missing',
      'DescribeTrainingJob.SecondaryStatus: required but missing',
      'DescribeTrainingJob.StoppingCondition: required but missing',
      "DescribeTrainingJob.TrainingJobName: 'bad_name' does not match [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
      "DescribeTrainingJob.TrainingJobStatus: 'Running' is not one of TrainingJobStatus's values",
      'DescribeTrainingJob.BatchStrategy: not a member of DescribeTrainingJobResponse',
      'DescribeTrainingJob.InputDataConfig: 0 items, the minimum is 1',
      "DescribeTrainingJob.CreationTime: unreadable timestamp 'yesterday'",
    ]);
  });
});
