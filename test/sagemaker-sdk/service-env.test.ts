// A SageMaker user's own session: `eval "$(sluice service env)"`, then the SageMaker Python SDK with no
// arguments. No moto, no copying: the SDK's default bucket, data and code uploads go to the service's S3.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, testVenvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';
import { serviceUser } from './service-user.js';

interface Outcome {
  bucket: string;
  input: string;
  status: string;
  failure?: string;
  error?: string;
  steps: [string, string, string | null][];
  model: string | null;
  buckets: string[];
}

describe('the SageMaker Python SDK after `eval "$(sluice service env)"`', () => {
  const user = serviceUser();

  it('names everything a client needs, the SDK config included', () => {
    expect(Object.keys(user.variables()).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_DEFAULT_REGION',
      'AWS_ENDPOINT_URL',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'SAGEMAKER_USER_CONFIG_OVERRIDE',
    ]);
    const config = JSON.parse(readFileSync(user.variables()['SAGEMAKER_USER_CONFIG_OVERRIDE']!, 'utf8')) as unknown;
    expect(config).toMatchObject({
      SageMaker: { PythonSDK: { Modules: { TelemetryOptOut: true, Session: { DefaultS3Bucket: 'sagemaker-us-east-1-000000000000' } } } },
    });
  });

  it('builds, upserts, starts and waits for a pipeline with processing code= and a script-mode source_dir', async () => {
    const output = join(makeTestWorkspace('service-env'), 'outcome.json');
    // Nothing of this machine's AWS set-up: only what `service env` printed.
    const env = user.env();
    const script = join(repoRoot, 'test', 'sagemaker-sdk', 'python_service_env.py');
    const run = await user.runPython(script, [
      join(repoRoot, 'test', 'fixtures', 'script-mode'),
      join(repoRoot, '..', 'shared', 'data', 'abalone.csv'),
      output,
    ]);
    expect(run.output).not.toMatch(/Traceback/);
    expect(run.code).toBe(0);
    const outcome = JSON.parse(readFileSync(output, 'utf8')) as Outcome;

    expect(outcome.bucket).toBe('sagemaker-us-east-1-000000000000');
    expect(outcome.input).toBe('s3://sagemaker-us-east-1-000000000000/abalone/abalone.csv');
    expect(outcome.error).toBeUndefined();
    expect(outcome.steps).toEqual([
      ['Prepare', 'Succeeded', null],
      ['Train', 'Succeeded', null],
    ]);
    expect(outcome.status).toBe('Succeeded');
    expect(outcome.buckets).toContain('sagemaker-us-east-1-000000000000');
    // The model is an S3 object like any other: the aws CLI lists it.
    const listed = spawnSync(join(testVenvPython, '..', 'aws'), ['s3', 'ls', outcome.model!], { encoding: 'utf8', env });
    expect(listed.stdout).toMatch(/\d+ model\.tar\.gz/);
  });
});
