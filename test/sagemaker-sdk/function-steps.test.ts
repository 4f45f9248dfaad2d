// The SageMaker Python SDK's function steps (`@step`) on the local service, as a user runs them after
// `eval "$(sluice service env)"`: the SDK's own job driver runs in the job; Sluice makes the environment the image
// stands for, with the function's dependencies and the SDK in it, once.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { serviceUser } from './service-user.js';

type StepRow = [name: string, status: string, failure: string | null];

interface Outcome {
  wait?: string;
  status: string;
  steps: StepRow[];
  results?: { MakeList: number[]; Total: number; Table: string };
  failing: { status: string; steps: StepRow[] };
}

describe("the SageMaker Python SDK's @step functions on the local service", () => {
  const user = serviceUser();

  it("runs them, passes one's result to the next and to a condition, installs a function's requirements, and says why one failed", async () => {
    const outcome = await user.outcomeOf<Outcome>('python_function_steps.py', [join(repoRoot, 'test', 'fixtures', 'function-steps', 'requirements.txt')]);

    expect(outcome.steps).toEqual([
      ['Enough', 'Succeeded', null],
      ['MakeList', 'Succeeded', null],
      ['Table', 'Succeeded', null],
      ['Total', 'Succeeded', null],
    ]);
    expect(outcome.status).toBe('Succeeded');
    // Count=4 given to start(): each result as the SDK reads it back from S3.
    expect(outcome.results?.MakeList).toEqual([0, 1, 2, 3]);
    expect(outcome.results?.Total).toBe(6);
    expect(outcome.results?.Table.split('\n').map((line) => line.trim().split(/\s+/))).toEqual([
      ['n', 'square'],
      ['0', '0'],
      ['1', '1'],
      ['2', '4'],
      ['3', '9'],
    ]);

    expect(outcome.failing.status).toBe('Failed');
    expect(outcome.failing.steps).toEqual([['Refuse', 'Failed', expect.stringContaining("ValueError('the input has no rows')")]]);
  });
});
