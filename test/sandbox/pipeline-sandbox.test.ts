// Pipelines on a running service, as a user runs them: a processing job cannot touch the host, the service's
// home or other jobs, yet its outputs upload; EnableNetworkIsolation takes its network away; its instance
// type's memory is its limit.
import { DescribeProcessingJobCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pipeline, ProcessingStep } from '../../kernel-lib/src/index.js';
import { sandboxSupport } from '../../kernel-lib/src/engine/jobs/sandbox.js';
import { memoryLimitSupport } from '../../kernel-lib/src/engine/jobs/memory-limit.js';
import { startService, type RunningService } from '../../kernel-lib/src/service/server.js';
import { codeFiles } from '../engine/engine-harness.js';
import { extrasClient, role, startExecution, waitForExecution } from '../service/execution-harness.js';
import { sageMakerClient, temporaryHome } from '../service/service-harness.js';
import type { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';
import { CreatePipelineCommand } from '@aws-sdk/client-sagemaker';

const whenSandboxed = sandboxSupport().available ? it : it.skip;
const MIB = 1024 * 1024;

const code = codeFiles({
  'escape.ts': `
    import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
    const targets: string[] = JSON.parse(process.env.TARGETS as string);
    const report: Record<string, unknown> = {};
    for (const file of targets) {
      try { writeFileSync(file, 'escaped'); report[file] = 'written'; } catch (error) { report[file] = (error as NodeJS.ErrnoException).code; }
    }
    report.seesCredentials = existsSync(process.env.CREDENTIALS as string);
    report.seesOtherJob = existsSync(process.env.OTHER_JOB as string);
    mkdirSync('/opt/ml/processing/report', { recursive: true });
    writeFileSync('/opt/ml/processing/report/report.json', JSON.stringify(report));
  `,
  'connect.ts': `
    import { writeFileSync, mkdirSync } from 'node:fs';
    mkdirSync('/opt/ml/processing/report', { recursive: true });
    fetch(process.env.AWS_ENDPOINT_URL as string)
      .then((response) => { console.log('reached the service: HTTP ' + response.status); writeFileSync('/opt/ml/processing/report/net.txt', 'reached'); })
      .catch((error) => { console.error('no connection: ' + (error.cause?.code ?? error.message)); process.exit(4); });
  `,
  'allocate.ts': `
    const mib = Number(process.env.MIB);
    const blocks: Buffer[] = [];
    for (let i = 0; i < mib; i++) blocks.push(Buffer.alloc(1024 * 1024, 1));
    console.log('allocated ' + mib + ' MiB');
  `,
});

let service: RunningService;
let client: SageMakerClient;
let extras: LocalExtrasClient;
let remove: () => void;

beforeAll(async () => {
  const temporary = temporaryHome();
  remove = temporary.remove;
  // ml.t3.medium holds 128 MiB here, so the memory test allocates little.
  service = await startService({
    home: temporary.home,
    port: 0,
    log: () => undefined,
    engine: { stopGraceMs: 1000, runtimes: { limits: { enabled: true, memoryBytes: (type) => (type === 'ml.t3.medium' ? 128 * MIB : undefined) } } },
  });
  client = sageMakerClient(service);
  extras = extrasClient(service);
});

afterAll(async () => {
  client.destroy();
  await service.close();
  remove();
});

const processing = (name: string, file: string, env: Record<string, string>, instanceType = 'ml.m5.large') =>
  new ProcessingStep({
    name,
    imageUri: 'node',
    roleArn: role,
    instanceType,
    instanceCount: 1,
    code: file,
    env,
    outputs: [{ outputName: 'report', source: '/opt/ml/processing/report' }],
  });

/** Creates the pipeline (its definition changed by `edit`, as any client could write it) and runs it to the end. */
async function run(
  name: string,
  steps: ProcessingStep[],
  edit: (definition: { Steps: { Name: string; Arguments: Record<string, unknown> }[] }) => void = () => undefined,
) {
  const pipeline = new Pipeline({ name, steps, defaultBucket: 'sandbox-bucket' });
  for (const asset of pipeline.codeAssets()) await extras.putArtifact(asset.s3Uri, asset.body);
  const definition = JSON.parse(pipeline.definition()) as { Steps: { Name: string; Arguments: Record<string, unknown> }[] };
  edit(definition);
  await client.send(
    new CreatePipelineCommand({ PipelineName: name, PipelineDefinition: JSON.stringify(definition), RoleArn: role, ClientRequestToken: `create-${name}` }),
  );
  return waitForExecution(client, await startExecution(client, name));
}

async function report(execution: Awaited<ReturnType<typeof run>>, step: string, file: string): Promise<string> {
  const arn = execution.steps.find((s) => s.StepName === step)?.Metadata?.ProcessingJob?.Arn ?? '';
  const job = await client.send(new DescribeProcessingJobCommand({ ProcessingJobName: arn.split('/').pop() }));
  const uri = job.ProcessingOutputConfig?.Outputs?.[0]?.S3Output?.S3Uri ?? '';
  return (await extras.getArtifact(`${uri}/${file}`)).toString();
}

describe('a pipeline job in its sandbox', () => {
  whenSandboxed(
    'cannot write to /etc, another job or SLUICE_HOME, sees neither credentials nor other jobs, writes / and $HOME only privately, and its own outputs upload',
    async () => {
      const other = join(service.home, 'jobs', 'another-job', 'ml');
      mkdirSync(other, { recursive: true });
      writeFileSync(join(other, 'secret.txt'), 'another job');
      const marker = `escaped-${process.pid}`;
      const targets = ['/etc', '/opt', other, service.home].map((folder) => join(folder, marker));
      const own = [join(process.env.HOME ?? '/root', marker), join('/', marker)];
      const execution = await run('Escape', [
        processing('Escape', code['escape.ts'], {
          TARGETS: JSON.stringify([...targets, ...own]),
          CREDENTIALS: join(service.home, 'credentials.json'),
          OTHER_JOB: other,
        }),
      ]);

      expect(execution.status).toBe('Succeeded');
      const seen = JSON.parse(await report(execution, 'Escape', 'report.json')) as Record<string, unknown>;
      for (const target of targets) expect([target, seen[target]]).toEqual([target, expect.stringMatching(/^(EROFS|EACCES|ENOENT|EPERM)$/)]);
      expect(seen.seesCredentials).toBe(false);
      expect(seen.seesOtherJob).toBe(false);
      // / and $HOME are the job's own tmpfs: a write there succeeds and vanishes with the job.
      for (const target of existsSync(process.env.HOME ?? '/root') ? own : own.slice(1)) expect([target, seen[target]]).toEqual([target, 'written']);
      for (const target of [...targets, ...own]) expect(existsSync(target)).toBe(false);
      expect(existsSync(join(service.home, 'credentials.json'))).toBe(true);
    },
  );

  whenSandboxed('reaches the local service without EnableNetworkIsolation, and cannot open a connection with it', async () => {
    const execution = await run('Network', [processing('Open', code['connect.ts'], {}), processing('Isolated', code['connect.ts'], {})], (definition) => {
      const isolated = definition.Steps.find((step) => step.Name === 'Isolated')!;
      isolated.Arguments.NetworkConfig = { EnableNetworkIsolation: true };
    });
    const open = execution.steps.find((step) => step.StepName === 'Open');
    const isolated = execution.steps.find((step) => step.StepName === 'Isolated');
    expect(open?.StepStatus).toBe('Succeeded');
    expect(await report(execution, 'Open', 'net.txt')).toBe('reached');
    expect(isolated?.StepStatus).toBe('Failed');
    expect(isolated?.FailureReason).toMatch(/no connection: (ECONNREFUSED|ENETUNREACH)/);
  });

  (sandboxSupport().available && memoryLimitSupport().available ? it : it.skip)(
    "kills a job that allocates past its instance type's memory, with a reason that names memory; one under it runs",
    async () => {
      const execution = await run('Memory', [
        processing('Under', code['allocate.ts'], { MIB: '16' }, 'ml.t3.medium'),
        processing('Over', code['allocate.ts'], { MIB: '512' }, 'ml.t3.medium'),
      ]);
      expect(execution.steps.find((step) => step.StepName === 'Under')?.StepStatus).toBe('Succeeded');
      const over = execution.steps.find((step) => step.StepName === 'Over');
      expect(over?.StepStatus).toBe('Failed');
      expect(over?.FailureReason).toMatch(/^OutOfMemoryError: .*memory.*0\.13 GiB of memory/);
    },
  );
});
