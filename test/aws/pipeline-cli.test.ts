// `sluice pipeline …` with --target local (the local service) and --target aws (a moto server).
import { ParameterString, Pipeline, PipelineExecution, ProcessingStep, Session } from '../../kernel-lib/src/index.js';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';
import { dummyCredentials, motoSession, startMoto, type MotoServer } from './moto-harness.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    ['pipeline', ...args],
    (text) => out.push(text),
    (text) => err.push(text),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A pipeline whose one step runs long enough locally to be stopped. */
function slowPipeline(): Pipeline {
  return new Pipeline({
    name: 'Slow',
    parameters: [new ParameterString({ name: 'Greeting', defaultValue: 'hello' })],
    steps: [
      new ProcessingStep({
        name: 'Wait',
        imageUri: 'node',
        roleArn: 'arn:aws:iam::000000000000:role/R',
        instanceType: 'local',
        instanceCount: 1,
        entrypoint: ['node', '-e', 'setTimeout(() => {}, 60000)'],
      }),
    ],
  });
}

describe('sluice pipeline', () => {
  const { home, remove } = temporaryHome();

  async function waitForStatus(arn: string, status: string): Promise<void> {
    const execution = new PipelineExecution(arn, Session.local({ home }));
    for (let poll = 0; (await execution.describe()).PipelineExecutionStatus !== status; poll++) {
      if (poll > 200) throw new Error(`${arn} never became ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  let moto: MotoServer;
  const savedCredentials = { key: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] };

  beforeAll(async () => {
    moto = await startMoto();
    // The CLI takes credentials from the standard chain; here that is the environment, with dummy keys.
    process.env['AWS_ACCESS_KEY_ID'] = dummyCredentials.accessKeyId;
    process.env['AWS_SECRET_ACCESS_KEY'] = dummyCredentials.secretAccessKey;
  });
  afterAll(async () => {
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', savedCredentials.key],
      ['AWS_SECRET_ACCESS_KEY', savedCredentials.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    sluice('service', 'stop', '--home', home);
    remove();
    await moto?.stop();
  });

  it('lists, describes, starts, stops and retries on the local service', async () => {
    await slowPipeline().upsert({ session: Session.local({ home }) });
    const local = ['--target', 'local', '--home', home];

    expect(await cli('list', ...local)).toMatchObject({ code: 0, out: expect.stringMatching(/^Slow\tarn:aws:sagemaker:[^:]+:\d+:pipeline\/slow$/i) });
    expect(JSON.parse((await cli('describe', 'Slow', ...local)).out)).toMatchObject({ PipelineName: 'Slow', PipelineStatus: 'Active' });
    expect(await cli('export-ts', 'Slow', ...local)).toMatchObject({
      code: 0,
      out: expect.stringContaining("export const pipeline = new Pipeline({ name: 'Slow', parameters: [greeting], steps: [wait] });"),
    });

    const started = await cli('start', 'Slow', '--parameter', 'Greeting=bonjour', ...local);
    expect(started.code).toBe(0);
    const arn = started.out;
    expect(arn).toMatch(/pipeline\/slow\/execution\//i);
    expect((await cli('executions', 'Slow', ...local)).out).toMatch(new RegExp(`^${arn}\\t(Executing|Stopping)\\t\\d{4}-`));

    // Only a failed or stopped execution can be retried; the service's refusal reaches the user as it is.
    expect(await cli('retry', arn, ...local)).toMatchObject({ code: 1, err: expect.stringContaining('only a failed or stopped execution can be retried') });
    expect(await cli('stop', arn, ...local)).toMatchObject({ code: 0, out: `stopping ${arn}` });
    await waitForStatus(arn, 'Stopped');
    expect(await cli('retry', arn, ...local)).toMatchObject({ code: 0, out: `retrying ${arn}` });
    expect((await cli('stop', arn, ...local)).code).toBe(0);
  });

  it('does the same on SageMaker (moto) with --target aws', async () => {
    const { session } = await motoSession(moto, '123456789012');
    await slowPipeline().upsert({ session });
    const aws = ['--target', 'aws', '--region', 'us-east-1', '--endpoint', moto.endpoint];

    expect(await cli('list', ...aws)).toMatchObject({ code: 0, out: 'Slow\tarn:aws:sagemaker:us-east-1:123456789012:pipeline/Slow' });
    expect(JSON.parse((await cli('describe', 'Slow', ...aws)).out)).toMatchObject({ PipelineName: 'Slow' });
    const started = await cli('start', 'Slow', '--parameter=Greeting=bonjour', ...aws);
    expect(started.code).toBe(0);
    expect((await cli('executions', 'Slow', ...aws)).out).toMatch(new RegExp(`^${started.out}\\tSucceeded\\t`));
    // Moto has no StopPipelineExecution: the user reads what happened, not "undefined".
    expect(await cli('stop', started.out, ...aws)).toMatchObject({ code: 1, err: expect.stringContaining('StopPipelineExecution failed with HTTP 500') });
    expect(await cli('describe', 'Missing', ...aws)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^sluice pipeline describe: ValidationException: .*Missing/),
    });
  });

  it('explains a wrong target or a missing argument', async () => {
    expect(await cli('list', '--target', 'gcp')).toMatchObject({ code: 2, err: expect.stringContaining('--target must be local or aws, not "gcp"') });
    expect(await cli('describe', '--target', 'local', '--home', home)).toMatchObject({
      code: 2,
      err: expect.stringContaining('describe needs a pipeline name'),
    });
    expect(await cli('start', 'Slow', '--parameter', 'Greeting')).toMatchObject({ code: 2, err: expect.stringContaining('--parameter needs NAME=VALUE') });
    expect(await cli('--help')).toMatchObject({ code: 0, out: expect.stringContaining('--target aws') });
  });
});
