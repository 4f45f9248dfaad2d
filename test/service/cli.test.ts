import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testVenvPython } from '../../scripts/lib/paths.mjs';
import { listeningAddresses } from '../harness/network.js';
import { cli, parseEnv, sluice } from './cli-harness.js';
import { definition, roleArn, temporaryHome } from './service-harness.js';

describe('sluice service (the CLI)', () => {
  const { home, remove } = temporaryHome();
  afterAll(() => {
    // Stop the service even when a test failed half way; then make sure its process is gone.
    sluice('service', 'stop', '--home', home);
    const state = existsSync(join(home, 'service.json')) ? (JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number }) : undefined;
    if (state !== undefined) {
      try {
        process.kill(state.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    remove();
  });

  it('reports no service before one starts', () => {
    const result = sluice('service', 'status', '--home', home);
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('not running');
  });

  it('starts a detached service on 127.0.0.1 and records it in SLUICE_HOME', () => {
    const result = sluice('service', 'start', '--home', home);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/started sluice service running: pid \d+, http:\/\/127\.0\.0\.1:\d+/);
    const state = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number; port: number };
    expect(listeningAddresses(state.port)).toEqual(['127.0.0.1']);
    expect(existsSync(join(home, 'sluice.db'))).toBe(true);
  });

  it('reports the running service on a second start instead of starting another', () => {
    const state = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number };
    const result = sluice('service', 'start', '--home', home);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`already sluice service running: pid ${state.pid}`);
    expect(sluice('service', 'status', '--home', home).stdout).toContain(`pid ${state.pid}`);
  });

  it('prints AWS_* variables with which boto3 creates and lists a pipeline', () => {
    const result = sluice('service', 'env', '--home', home);
    expect(result.status).toBe(0);
    const variables = parseEnv(result.stdout);
    expect(Object.keys(variables)).toEqual([
      'AWS_ENDPOINT_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'SAGEMAKER_USER_CONFIG_OVERRIDE',
    ]);
    expect(variables['AWS_ENDPOINT_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const script = `
import json, sys, boto3
client = boto3.client("sagemaker")
arn = client.create_pipeline(PipelineName="FromBoto3", RoleArn=sys.argv[1], PipelineDefinition=sys.argv[2])["PipelineArn"]
listed = client.list_pipelines()["PipelineSummaries"]
try:
    client.describe_pipeline(PipelineName="Missing")
    missing = "no error"
except client.exceptions.ResourceNotFound as error:
    missing = error.response["Error"]["Code"]
print(json.dumps({"arn": arn, "names": [p["PipelineName"] for p in listed], "created": str(listed[0]["CreationTime"].year), "missing": missing}))
`;
    const isolated = { AWS_CONFIG_FILE: join(home, 'no-aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials') };
    const python = spawnSync(testVenvPython, ['-c', script, roleArn, definition()], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ...isolated, ...variables },
    });
    expect(python.stderr).toBe('');
    expect(python.status).toBe(0);
    const output = JSON.parse(python.stdout) as { arn: string; names: string[]; created: string; missing: string };
    expect(output.arn).toBe('arn:aws:sagemaker:us-east-1:000000000000:pipeline/fromboto3');
    expect(output.names).toEqual(['FromBoto3']);
    expect(output.created).toBe(String(new Date().getUTCFullYear()));
    expect(output.missing).toBe('ResourceNotFound');
  });

  it('stops the service and cleans up its state file', () => {
    const state = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number; port: number };
    const result = sluice('service', 'stop', '--home', home);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`stopped (pid ${state.pid})`);
    expect(existsSync(join(home, 'service.json'))).toBe(false);
    expect(listeningAddresses(state.port)).toEqual([]);
    expect(sluice('service', 'status', '--home', home).status).toBe(3);
    expect(sluice('service', 'env', '--home', home).status).toBe(1);
  });

  it('keeps its data across a restart', () => {
    expect(sluice('service', 'start', '--home', home).status).toBe(0);
    const variables = parseEnv(sluice('service', 'env', '--home', home).stdout);
    const python = spawnSync(
      testVenvPython,
      ['-c', 'import boto3; print(boto3.client("sagemaker").describe_pipeline(PipelineName="FromBoto3")["PipelineName"])'],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: home,
          AWS_CONFIG_FILE: join(home, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(home, 'none'),
          ...variables,
        },
      },
    );
    expect(python.stdout.trim()).toBe('FromBoto3');
    expect(sluice('service', 'stop', '--home', home).status).toBe(0);
  });

  it('replaces a service that was killed with SIGKILL on the next start', () => {
    expect(sluice('service', 'start', '--home', home).status).toBe(0);
    const killed = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number };
    process.kill(killed.pid, 'SIGKILL');
    const restarted = sluice('service', 'start', '--home', home);
    expect(restarted.status).toBe(0);
    expect(restarted.stdout).toContain('started sluice service');
    expect(restarted.stdout).not.toContain(`pid ${killed.pid},`);
    expect(sluice('service', 'stop', '--home', home).status).toBe(0);
  });

  it('runs one service when two starts race', async () => {
    const start = (): Promise<string> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cli, 'service', 'start', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`start exited ${code}: ${stdout}`))));
      });
    const outputs = await Promise.all([start(), start()]);
    const pids = outputs.map((text) => /pid (\d+),/.exec(text)?.[1]);
    expect(pids[0]).toBeDefined();
    expect(pids[1]).toBe(pids[0]);
    expect(sluice('service', 'stop', '--home', home).status).toBe(0);
  });

  it('explains its usage', () => {
    expect(sluice('service', '--help').stdout).toContain('Usage: sluice service');
    const wrong = sluice('service', 'launch', '--home', home);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain('unknown service command "launch"');
  });
});
