// The function-step pipeline through the AWS session against moto: the definition SageMaker stores is one our
// definition core accepts, and each function's bundle is uploaded once (content-addressed, reused by the next upsert).
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DescribePipelineCommand } from '@aws-sdk/client-sagemaker';
import type { AwsSession } from '../../kernel-lib/src/index.js';
import { definitionProblems } from '../../kernel-lib/src/service/definition-check.js';
import { functionStepPipeline } from '../fixtures/function-steps/pipeline.js';
import { motoSession, startMoto, type MotoServer } from './moto-harness.js';

describe('a function-step pipeline on the AWS session (moto)', () => {
  let moto: MotoServer;
  let session: AwsSession;
  let sent: string[];

  beforeAll(async () => {
    moto = await startMoto();
    ({ session, sent } = await motoSession(moto, '222233334444'));
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('writes a definition our definition core accepts, uploading each bundle once', async () => {
    const { pipeline } = functionStepPipeline({ name: 'Functions', roleArn: session.roleArn });
    const { definition, codeAssets } = pipeline.compileFor(session.defaultBucket);
    const bundles = codeAssets.filter((asset) => asset.key.endsWith('.mjs'));
    expect(bundles.map((asset) => asset.key.slice(asset.key.lastIndexOf('/') + 1)).sort()).toEqual(['evaluate.mjs', 'prepare.mjs', 'train.mjs']);

    sent.length = 0;
    expect(await pipeline.upsert({ session })).toMatchObject({ created: true });
    expect(sent.filter((call) => call === 'S3.PutObject')).toHaveLength(codeAssets.length);

    sent.length = 0;
    expect(await pipeline.upsert({ session })).toMatchObject({ created: false });
    expect(sent).not.toContain('S3.PutObject');

    const described = await (await session.client()).send(new DescribePipelineCommand({ PipelineName: 'Functions' }));
    expect(described.PipelineDefinition).toBe(definition);
    expect(definitionProblems(described.PipelineDefinition!)).toEqual([]);
    const types = (JSON.parse(described.PipelineDefinition!) as { Steps: { Type: string }[] }).Steps.map((s) => s.Type);
    expect(types).toEqual(['Processing', 'Processing', 'Processing']);

    const prepare = bundles.find((asset) => asset.key.endsWith('/prepare.mjs'))!;
    const stored = await session.s3().send(new GetObjectCommand({ Bucket: prepare.bucket, Key: prepare.key }));
    expect(await stored.Body!.transformToByteArray()).toEqual(prepare.body);
  });

  it('gives steps without a roleArn the role of the session upserting, not the default session', async () => {
    // No Session.setDefault(session): the default session is still the local one, with its own role.
    const { pipeline } = functionStepPipeline({ name: 'FunctionsSessionRole' });
    await pipeline.upsert({ session });
    const described = await (await session.client()).send(new DescribePipelineCommand({ PipelineName: 'FunctionsSessionRole' }));
    const steps = (JSON.parse(described.PipelineDefinition!) as { Steps: { Name: string; Arguments: { RoleArn: string } }[] }).Steps;
    expect(steps.map((s) => [s.Name, s.Arguments.RoleArn]).sort()).toEqual(['evaluate', 'prepare', 'train'].map((name) => [name, session.roleArn]));
  });
});
