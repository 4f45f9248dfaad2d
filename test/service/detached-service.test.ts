// The service as users run it: a detached process started by the CLI, used by boto3, killed and restarted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeProcessingJobCommand, ListPipelineExecutionStepsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  ConditionGreaterThanOrEqualTo,
  ConditionStep,
  JsonGet,
  Model,
  ModelStep,
  ParameterInteger,
  Pipeline,
  ProcessingStep,
  PropertyFile,
} from '../../kernel-lib/src/index.js';
import { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';
import { testVenvPython } from '../../scripts/lib/paths.mjs';
import { isAlive, waitFor } from '../../scripts/lib/processes.mjs';
import { codeFiles } from '../engine/engine-harness.js';
import { cli, parseEnv, sluice } from './cli-harness.js';
import { createPipeline, role, startExecution, waitForExecution } from './execution-harness.js';
import { temporaryHome } from './service-harness.js';

interface ServiceState {
  pid: number;
  endpoint: string;
}

function serviceState(home: string): ServiceState {
  return JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as ServiceState;
}

function clientsFor(home: string): { client: SageMakerClient; extras: LocalExtrasClient } {
  const variables = parseEnv(sluice('service', 'env', '--home', home).stdout);
  const address = {
    endpoint: variables['AWS_ENDPOINT_URL'],
    region: variables['AWS_REGION'],
    credentials: { accessKeyId: variables['AWS_ACCESS_KEY_ID'], secretAccessKey: variables['AWS_SECRET_ACCESS_KEY'] },
  };
  return { client: new SageMakerClient({ ...address, maxAttempts: 1 }), extras: new LocalExtrasClient(address) };
}

describe('a detached service', () => {
  const { home, remove } = temporaryHome();
  // The one host folder jobs may write (SLUICE_JOB_WRITABLE, which the service reads at start): SLUICE_HOME is hidden from them.
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-detached-'));

  const start = () =>
    spawnSync(process.execPath, [cli, 'service', 'start', '--home', home], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, SLUICE_JOB_WRITABLE: scratch },
    });

  beforeAll(() => {
    expect(start().status).toBe(0);
  });
  afterAll(() => {
    sluice('service', 'stop', '--home', home);
    if (existsSync(join(home, 'service.json'))) {
      try {
        process.kill(serviceState(home).pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    remove();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs a pipeline for boto3 with the variables of `sluice service env`: overrides, steps, model packages', () => {
    // Inline python, so boto3 needs nothing uploaded: it writes a score that the condition reads.
    const score = new ParameterInteger({ name: 'Score', defaultValue: 1 });
    const report = new PropertyFile({ name: 'Report', outputName: 'report', path: 'report.json' });
    const scoreStep = new ProcessingStep({
      name: 'Score',
      imageUri: 'python',
      roleArn: role,
      instanceType: 'local',
      instanceCount: 1,
      entrypoint: ['python3', '-c', "import json, sys; json.dump({'score': int(sys.argv[1])}, open('/opt/ml/processing/report/report.json', 'w'))"],
      arguments: [score.asString()],
      outputs: [{ outputName: 'report', source: '/opt/ml/processing/report' }],
      propertyFiles: [report],
    });
    const register = new ModelStep({
      name: 'Register',
      stepArgs: new Model({ imageUri: 'python', roleArn: role, modelData: 's3://sluice-local/m.tar.gz' }).register({
        contentTypes: ['text/csv'],
        responseTypes: ['text/csv'],
        modelPackageGroupName: 'BotoModels',
        approvalStatus: 'Approved',
      }),
    });
    const gate = new ConditionStep({
      name: 'GoodEnough',
      conditions: [new ConditionGreaterThanOrEqualTo({ left: new JsonGet({ step: scoreStep, propertyFile: report, jsonPath: 'score' }), right: 5 })],
      ifSteps: [register],
    });
    const definition = new Pipeline({ name: 'FromBoto3', parameters: [score], steps: [scoreStep, gate], defaultBucket: 'sluice-local' }).definition();

    const script = `
import json, sys, time, boto3
client = boto3.client("sagemaker")
client.create_pipeline(PipelineName="FromBoto3", RoleArn=sys.argv[1], PipelineDefinition=sys.argv[2])
arn = client.start_pipeline_execution(PipelineName="FromBoto3", PipelineParameters=[{"Name": "Score", "Value": "7"}])["PipelineExecutionArn"]
for _ in range(600):
    status = client.describe_pipeline_execution(PipelineExecutionArn=arn)["PipelineExecutionStatus"]
    if status in ("Succeeded", "Failed", "Stopped"):
        break
    time.sleep(0.2)
steps = client.list_pipeline_execution_steps(PipelineExecutionArn=arn, SortOrder="Ascending")["PipelineExecutionSteps"]
packages = client.list_model_packages(ModelPackageGroupName="BotoModels")["ModelPackageSummaryList"]
print(json.dumps({"status": status, "steps": [[s["StepName"], s["StepStatus"]] for s in steps],
                  "packages": [[p["ModelPackageVersion"], p["ModelApprovalStatus"]] for p in packages]}))
`;
    const variables = parseEnv(sluice('service', 'env', '--home', home).stdout);
    const isolated = { AWS_CONFIG_FILE: join(home, 'no-aws-config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials') };
    const python = spawnSync(testVenvPython, ['-c', script, role, definition], {
      encoding: 'utf8',
      timeout: 150_000,
      env: { PATH: process.env['PATH'] ?? '', HOME: home, ...isolated, ...variables },
    });
    expect(python.stderr).toBe('');
    expect(JSON.parse(python.stdout)).toEqual({
      status: 'Succeeded',
      steps: [
        ['Score', 'Succeeded'],
        ['GoodEnough', 'Succeeded'],
        ['Register-RegisterModel', 'Succeeded'],
      ],
      packages: [[1, 'Approved']],
    });
  });

  it('loses nothing when killed with SIGKILL mid-execution: the execution resumes, each step recorded once', async () => {
    const code = codeFiles({
      'quick.ts': `console.log('quick');`,
      'slow.ts': `
        import { appendFileSync } from 'node:fs';
        appendFileSync(process.env.PIDS as string, 'started\\n');
        setTimeout(() => appendFileSync(process.env.PIDS as string, 'done\\n'), 2500);
      `,
    });
    const pids = join(scratch, 'slow-runs');
    writeFileSync(pids, '');
    const step = (name: string, file: string, extra: Partial<ConstructorParameters<typeof ProcessingStep>[0]> = {}) =>
      new ProcessingStep({ name, imageUri: 'node', roleArn: role, instanceType: 'local', instanceCount: 1, code: file, ...extra });
    const first = step('First', code['quick.ts']);
    const slow = step('Slow', code['slow.ts'], { env: { PIDS: pids }, dependsOn: [first] });
    const last = step('Last', code['quick.ts'], { dependsOn: [slow] });
    let { client, extras } = clientsFor(home);
    await createPipeline(client, extras, new Pipeline({ name: 'Survivor', steps: [first, slow, last], defaultBucket: 'sluice-local' }));
    const arn = await startExecution(client, 'Survivor');
    expect(await waitFor(() => readFileSync(pids, 'utf8').trim() !== '', 30000)).toBe(true);
    const before = await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' }));

    const killed = serviceState(home).pid;
    process.kill(killed, 'SIGKILL');
    expect(await waitFor(() => !isAlive(killed), 10000)).toBe(true);
    client.destroy();
    expect(start().status).toBe(0);
    ({ client, extras } = clientsFor(home));

    const run = await waitForExecution(client, arn, 60000);
    expect(run.status).toBe('Succeeded');
    expect(run.steps.map((s) => `${s.StepName}:${s.StepStatus}`)).toEqual(['First:Succeeded', 'Slow:Succeeded', 'Last:Succeeded']);
    expect(run.steps[0].StartTime).toEqual(before.PipelineExecutionSteps![0].StartTime);
    // Two starts and one finish: the job the killed service left (its pid is its sandbox's own) ended with it.
    const runs = readFileSync(pids, 'utf8').trim().split('\n');
    expect(runs.filter((line) => line === 'started')).toHaveLength(2);
    expect(runs.filter((line) => line === 'done')).toHaveLength(1);
    // That job's record says it ended with the service; the step's new job is the one that completed.
    const killedJob = before.PipelineExecutionSteps!.find((s) => s.StepName === 'Slow')!.Metadata!.ProcessingJob!.Arn!.split('/')[1]!;
    const described = await client.send(new DescribeProcessingJobCommand({ ProcessingJobName: killedJob }));
    expect({ status: described.ProcessingJobStatus, reason: described.FailureReason }).toEqual({
      status: 'Failed',
      reason: expect.stringContaining('The service stopped while the job ran'),
    });
    expect(run.steps[1].Metadata?.ProcessingJob?.Arn).not.toContain(killedJob);
    client.destroy();
  });
});
