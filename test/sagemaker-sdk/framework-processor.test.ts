// The SageMaker Python SDK's FrameworkProcessor with a requirements.txt in its source_dir, as a user runs it after
// `eval "$(sluice service env)"`: the SDK's runproc.sh pip-installs it in the job; Sluice has installed it into the
// image's environment first, where the job's pip finds it.
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { serviceUser } from './service-user.js';

interface Outcome {
  wait?: string;
  status: string;
  steps: [string, string, string | null][];
  table?: string;
}

describe("the SageMaker Python SDK's FrameworkProcessor on the local service", () => {
  const user = serviceUser();

  it("runs its script with the packages its source_dir's requirements.txt names", async () => {
    const outcome = await user.outcomeOf<Outcome>('python_framework_processor.py', [join(repoRoot, 'test', 'fixtures', 'framework-processor')]);

    expect(outcome.steps).toEqual([['Prepare', 'Succeeded', null]]);
    expect(outcome.status).toBe('Succeeded');
    // Rows=3 given to start(), tabulated by the package requirements.txt named.
    expect(outcome.table?.split('\n').map((line) => line.trim().split(/\s+/))).toEqual([
      ['n', 'square'],
      ['0', '0'],
      ['1', '1'],
      ['2', '4'],
    ]);
  });
});
