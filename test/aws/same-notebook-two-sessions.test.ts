// The same notebook-level code against the local service and against moto: only the session differs.
import { CreateModelPackageCommand, CreateModelPackageGroupCommand, DescribePipelineCommand } from '@aws-sdk/client-sagemaker';
import { ModelRegistry, ParameterString, Pipeline, ProcessingStep, Session, type LocalSession } from '../../kernel-lib/src/index.js';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';
import { sluice } from '../service/cli-harness.js';
import { temporaryHome } from '../service/service-harness.js';
import { motoSession, startMoto, type MotoServer } from './moto-harness.js';

const bucket = 'sluice-notebook';
const role = 'arn:aws:iam::000000000000:role/SageMakerRole';

/** What a notebook does, cell by cell, with whichever session it is given. */
async function notebook(session: Session) {
  const abalone = abalonePipeline({ name: 'Abalone', bucket, inputDataUrl: `s3://${bucket}/abalone.csv`, modelPackageGroupName: 'AbaloneModels' });
  await abalone.upsert({ session, description: 'abalone' });

  const greeting = new ParameterString({ name: 'Greeting', defaultValue: 'hello' });
  const hello = new Pipeline({
    name: 'Hello',
    parameters: [greeting],
    steps: [
      new ProcessingStep({
        name: 'Greet',
        imageUri: 'node',
        roleArn: role,
        instanceType: 'local',
        instanceCount: 1,
        entrypoint: ['node', '-e', 'console.log(1)'],
      }),
    ],
  });
  const first = await hello.upsert({ session, description: 'greets' });
  const second = await hello.upsert({ session, description: 'greets again' });
  const execution = await hello.start({ session, parameters: { Greeting: 'bonjour' } });

  const client = await session.client();
  await client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'HelloModels' }));
  const inference = {
    Containers: [{ Image: 'sluice/node:20', ModelDataUrl: `s3://${bucket}/model.tar.gz` }],
    SupportedContentTypes: ['text/csv'],
    SupportedResponseMIMETypes: ['text/csv'],
  };
  const version = await client.send(
    new CreateModelPackageCommand({ ModelPackageGroupName: 'HelloModels', InferenceSpecification: inference, ModelApprovalStatus: 'PendingManualApproval' }),
  );
  const registry = new ModelRegistry(session);
  await registry.approve(version.ModelPackageArn!, 'greets politely');
  const approved = await registry.describe(version.ModelPackageArn!);

  return {
    groups: (await registry.listGroups()).map((group) => group.ModelPackageGroupName),
    versions: (await registry.listVersions('HelloModels', { approvalStatus: 'Approved' })).length,
    approval: [approved.ModelApprovalStatus, approved.ApprovalDescription],
    created: [first.created, second.created],
    parameters: await execution.parameters(),
    executions: (await hello.listExecutions({ session })).map((summary) => summary.PipelineExecutionArn),
    executionArn: execution.arn,
    abaloneDefinition: (await client.send(new DescribePipelineCommand({ PipelineName: 'Abalone' }))).PipelineDefinition,
    helloDescription: (await client.send(new DescribePipelineCommand({ PipelineName: 'Hello' }))).PipelineDescription,
  };
}

describe('one notebook, two sessions', () => {
  const { home, remove } = temporaryHome();
  let moto: MotoServer;

  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    sluice('service', 'stop', '--home', home);
    remove();
    await moto?.stop();
  });

  it('gives the same results, and sends the same definition, locally and to SageMaker (moto)', async () => {
    const local: LocalSession = Session.local({ home, defaultBucket: bucket });
    const { session: aws } = await motoSession(moto, '222233334444', { defaultBucket: bucket });

    const onLocal = await notebook(local);
    const onAws = await notebook(aws);

    for (const result of [onLocal, onAws]) {
      expect(result.created).toEqual([true, false]);
      expect(result.parameters).toEqual({ Greeting: 'bonjour' });
      expect(result.executions).toEqual([result.executionArn]);
      expect(result.helloDescription).toBe('greets again');
      expect(result).toMatchObject({ groups: ['HelloModels'], versions: 1, approval: ['Approved', 'greets politely'] });
    }
    expect(onAws.abaloneDefinition).toBe(onLocal.abaloneDefinition);
    expect(onLocal.abaloneDefinition).toBe(
      abalonePipeline({ name: 'Abalone', bucket, inputDataUrl: `s3://${bucket}/abalone.csv`, modelPackageGroupName: 'AbaloneModels' }).compileFor(bucket)
        .definition,
    );
  });
});
