// Where the host cannot build the sandbox (here: SLUICE_SANDBOX=off stands in for a host without bubblewrap
// or user namespaces), a job runs as before the sandbox, and its log, its step's metadata and `sluice doctor`
// say so plainly.
process.env.SLUICE_SANDBOX = 'off';

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { codeFiles, EngineHome } from '../engine/engine-harness.js';

const code = codeFiles({
  'hello.ts': `import { writeFileSync, mkdirSync } from 'node:fs'; mkdirSync('/opt/ml/processing/out', { recursive: true }); writeFileSync('/opt/ml/processing/out/hello.txt', 'hello');`,
});

afterAll(() => {
  delete process.env.SLUICE_SANDBOX;
});

describe('a host without the sandbox', () => {
  it('runs the job as before, and its log and step metadata say once that it is not sandboxed', async () => {
    const home = new EngineHome();
    const step = new ProcessingStep({
      name: 'Hello',
      imageUri: 'node',
      roleArn: 'arn:aws:iam::000000000000:role/Local',
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      code: code['hello.ts'],
      outputs: [{ outputName: 'out', source: '/opt/ml/processing/out' }],
    });
    const run = await home.run(new Pipeline({ name: 'Unsandboxed', steps: [step], defaultBucket: 'fallback-bucket' }));
    expect(run.status).toBe('Succeeded');
    const metadata = run.steps.get('Hello')!.metadata as { Sandbox?: string };
    expect(metadata.Sandbox).toMatch(
      /^this job is not sandboxed: SLUICE_SANDBOX=off\. It can read and write what the service's user can; run `sluice doctor`$/,
    );
    const jobName = String((metadata as { ProcessingJob?: { Arn: string } }).ProcessingJob?.Arn)
      .split('/')
      .pop()!;
    const folder = readdirSync(home.jobsDir).find((name) => name.toLowerCase() === jobName)!;
    const log = readFileSync(join(home.jobsDir, folder, 'log'), 'utf8');
    expect(log.match(/not sandboxed/g)).toHaveLength(1);
  });

  it('sluice doctor says the sandbox is missing and what to do, and exits 1', () => {
    const lines: string[] = [];
    const code = runCli(['doctor'], (line) => lines.push(line));
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/^no {3}sandbox +SLUICE_SANDBOX=off: jobs run as the service's user/);
    expect(lines[1]).toMatch(/→ unset SLUICE_SANDBOX/);
    expect(lines.join('\n')).toMatch(/no {3}memory limits/);
  });
});
