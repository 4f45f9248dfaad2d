import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribePipelineCommand, ListPipelineVersionsCommand } from '@aws-sdk/client-sagemaker';
import { ExecutionFailedError, FailStep, Pipeline, ProcessingStep, Session, type LocalSession } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { isAlive } from '../../scripts/lib/processes.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';

describe('the local session', () => {
  const { home, remove } = temporaryHome();
  let session: LocalSession;

  beforeAll(() => {
    session = Session.local({ home });
  });
  afterAll(() => {
    sluice('service', 'stop', '--home', home);
    remove();
  });

  it('starts the service when none answers, and another session reuses it', async () => {
    expect(sluice('service', 'status', '--home', home).status).toBe(3);
    await session.client();
    const state = JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { pid: number };
    expect(isAlive(state.pid)).toBe(true);
    const second = await (Session.local({ home }) as LocalSession).connect();
    expect((second as { pid?: number }).pid).toBe(state.pid);
  });

  it('upserts a pipeline (create, then a new version), starts it with overrides, waits for it, and reruns one step with runSteps', async () => {
    const extras = await session.extras();
    await extras.putArtifact('s3://sluice-data/abalone/abalone.csv', readFileSync(join(repoRoot, '..', 'shared', 'data', 'abalone.csv')));
    const pipeline = abalonePipeline({
      name: 'Abalone',
      bucket: 'sluice-local',
      inputDataUrl: 's3://sluice-data/abalone/abalone.csv',
      modelPackageGroupName: 'AbaloneModels',
    });

    expect(await pipeline.upsert({ session, description: 'first' })).toMatchObject({ created: true });
    expect(await pipeline.upsert({ session, description: 'second' })).toMatchObject({ created: false });
    const versions = await (await session.client()).send(new ListPipelineVersionsCommand({ PipelineName: 'Abalone' }));
    expect(versions.PipelineVersionSummaries).toHaveLength(2);

    const execution = await pipeline.start({ session, parameters: { MseThreshold: 100, ModelApprovalStatus: 'Approved' } });
    const seen: string[] = [];
    const final = await execution.wait({
      delayMs: 100,
      onProgress: (described) => {
        seen.push(described.PipelineExecutionStatus ?? '');
      },
    });
    expect(final.PipelineExecutionStatus).toBe('Succeeded');
    expect(seen.at(-1)).toBe('Succeeded');
    expect((await execution.listSteps()).map((step) => step.StepName)).toContain('RegisterAbaloneModel-RegisterModel');
    expect(await execution.parameters()).toMatchObject({ MseThreshold: '100', ModelApprovalStatus: 'Approved' });
    expect((await pipeline.listExecutions({ session })).map((summary) => summary.PipelineExecutionArn)).toEqual([execution.arn]);

    // runSteps: a selective execution of one step, reusing that execution's outputs, with its own name and overrides.
    const rerun = await pipeline.runSteps(['EvaluateAbaloneModel'], { session, parameters: { MseThreshold: 99 }, displayName: 'evaluate-again' });
    const described = await rerun.describe();
    expect(described).toMatchObject({
      PipelineExecutionStatus: 'Succeeded',
      PipelineExecutionDisplayName: 'evaluate-again',
      SelectiveExecutionConfig: { SourcePipelineExecutionArn: execution.arn, SelectedSteps: [{ StepName: 'EvaluateAbaloneModel' }] },
    });
    expect(await rerun.parameters()).toMatchObject({ MseThreshold: '99', ModelApprovalStatus: 'PendingManualApproval' });
  });

  it('makes wait() throw the failure reason when the execution fails', async () => {
    const failing = new Pipeline({ name: 'Failing', steps: [new FailStep({ name: 'Stop', errorMessage: 'the data is not ready' })] });
    await failing.upsert({ session });
    const execution = await failing.start({ session });
    const failure = await execution.wait({ delayMs: 50 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ExecutionFailedError);
    expect((failure as ExecutionFailedError).message).toBe('Pipeline execution failed: the data is not ready');
  });

  it('sends a definition over 100 KiB through PipelineDefinitionS3Location', async () => {
    const steps = Array.from(
      { length: 120 },
      (_, i) =>
        new ProcessingStep({
          name: `Step-${i}`,
          imageUri: 'node',
          roleArn: session.roleArn,
          instanceType: 'local',
          instanceCount: 1,
          entrypoint: ['node', '-e', `console.log(${i})`],
          env: { PADDING: 'x'.repeat(800) },
        }),
    );
    const big = new Pipeline({ name: 'Big', steps });
    expect(Buffer.byteLength(big.compileFor(session.defaultBucket).definition)).toBeGreaterThan(100 * 1024);
    await big.upsert({ session });
    const described = await (await session.client()).send(new DescribePipelineCommand({ PipelineName: 'Big' }));
    expect(described.PipelineDefinition).toBe(big.compileFor(session.defaultBucket).definition);
  });
});
