import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  DescribePipelineCommand,
  ListPipelinesCommand,
  ListPipelineVersionsCommand,
  UpdatePipelineCommand,
  type PipelineSummary,
} from '@aws-sdk/client-sagemaker';
import { definition, lambdaStep, roleArn, startTestService, type TestService } from './service-harness.js';

const token = (n: number): string => `token-${String(n).padStart(32, '0')}`;

describe('pipelines over the SageMaker API', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('creates a pipeline and describes it with its definition', async () => {
    const created = await running.client.send(
      new CreatePipelineCommand({ PipelineName: 'Abalone-Demo', RoleArn: roleArn, PipelineDefinition: definition(), PipelineDescription: 'first' }),
    );
    expect(created.PipelineArn).toBe('arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone-demo');

    const described = await running.client.send(new DescribePipelineCommand({ PipelineName: 'Abalone-Demo' }));
    expect(described).toMatchObject({
      PipelineArn: created.PipelineArn,
      PipelineName: 'Abalone-Demo',
      PipelineDefinition: definition(),
      PipelineDescription: 'first',
      PipelineStatus: 'Active',
      RoleArn: roleArn,
    });
    expect(described.CreationTime).toBeInstanceOf(Date);
    expect(Math.abs(described.CreationTime!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('describes a pipeline by its ARN too', async () => {
    const described = await running.client.send(
      new DescribePipelineCommand({ PipelineName: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/abalone-demo' }),
    );
    expect(described.PipelineName).toBe('Abalone-Demo');
  });

  it('repeats the first response for a retried ClientRequestToken', async () => {
    const input = { PipelineName: 'Idempotent', RoleArn: roleArn, PipelineDefinition: definition(), ClientRequestToken: token(1) };
    const first = await running.client.send(new CreatePipelineCommand(input));
    const again = await running.client.send(new CreatePipelineCommand(input));
    expect(again.PipelineArn).toBe(first.PipelineArn);
  });

  it('refuses a reused ClientRequestToken with a different request as a ConflictException', async () => {
    await expect(
      running.client.send(
        new CreatePipelineCommand({ PipelineName: 'Other', RoleArn: roleArn, PipelineDefinition: definition(), ClientRequestToken: token(1) }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException' });
  });

  it('refuses a name that is taken, as SageMaker does (ValidationException "already exists")', async () => {
    await expect(
      running.client.send(new CreatePipelineCommand({ PipelineName: 'abalone-demo', RoleArn: roleArn, PipelineDefinition: definition() })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Pipeline names must be unique within an AWS account and region. Pipeline with name (abalone-demo) already exists.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses an invalid definition with the SDK validation message', async () => {
    const cyclic = definition([lambdaStep('A', { DependsOn: ['B'] }), lambdaStep('B', { DependsOn: ['A'] })]);
    await expect(
      running.client.send(new CreatePipelineCommand({ PipelineName: 'Cyclic', RoleArn: roleArn, PipelineDefinition: cyclic })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/cycle/i),
    });
  });

  it('adds a version on each update and describes any version', async () => {
    const changed = definition([{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'changed' } }]);
    const updated = await running.client.send(
      new UpdatePipelineCommand({ PipelineName: 'Abalone-Demo', PipelineDefinition: changed, PipelineDescription: 'second' }),
    );
    expect(updated.PipelineVersionId).toBe(2);

    const latest = await running.client.send(new DescribePipelineCommand({ PipelineName: 'Abalone-Demo' }));
    expect(latest.PipelineDefinition).toBe(changed);
    expect(latest.PipelineDescription).toBe('second');
    const first = await running.client.send(new DescribePipelineCommand({ PipelineName: 'Abalone-Demo', PipelineVersionId: 1 }));
    expect(first.PipelineDefinition).toBe(definition());

    const versions = await running.client.send(new ListPipelineVersionsCommand({ PipelineName: 'Abalone-Demo', SortOrder: 'Ascending' }));
    expect(versions.PipelineVersionSummaries?.map((v) => v.PipelineVersionId)).toEqual([1, 2]);
    const paged = await running.client.send(new ListPipelineVersionsCommand({ PipelineName: 'Abalone-Demo', MaxResults: 1 }));
    expect(paged.PipelineVersionSummaries?.map((v) => v.PipelineVersionId)).toEqual([2]);
    expect(paged.NextToken).toBeDefined();
  });

  it('reports an unknown pipeline as ResourceNotFound', async () => {
    for (const command of [
      new DescribePipelineCommand({ PipelineName: 'Nope' }),
      new UpdatePipelineCommand({ PipelineName: 'Nope', PipelineDescription: 'x' }),
      new ListPipelineVersionsCommand({ PipelineName: 'Nope' }),
    ]) {
      // Each command type is its own class; send them one by one.
      await expect(running.client.send(command as DescribePipelineCommand)).rejects.toMatchObject({ name: 'ResourceNotFound' });
    }
    await expect(running.client.send(new DescribePipelineCommand({ PipelineName: 'Abalone-Demo', PipelineVersionId: 9 }))).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
  });

  describe('ListPipelines', () => {
    const names = ['List-C', 'List-A', 'List-B', 'List-E', 'List-D'];
    let createdAt: Date;
    beforeAll(async () => {
      createdAt = new Date();
      for (const name of names) {
        await running.client.send(new CreatePipelineCommand({ PipelineName: name, RoleArn: roleArn, PipelineDefinition: definition() }));
      }
    });

    const listAll = async (input: ConstructorParameters<typeof ListPipelinesCommand>[0]): Promise<PipelineSummary[]> => {
      const summaries: PipelineSummary[] = [];
      let nextToken: string | undefined;
      do {
        const page = await running.client.send(new ListPipelinesCommand({ ...input, NextToken: nextToken }));
        summaries.push(...(page.PipelineSummaries ?? []));
        nextToken = page.NextToken;
      } while (nextToken !== undefined);
      return summaries;
    };

    it('filters by name prefix and sorts by name both ways', async () => {
      const ascending = await listAll({ PipelineNamePrefix: 'List-', SortBy: 'Name', SortOrder: 'Ascending' });
      expect(ascending.map((p) => p.PipelineName)).toEqual(['List-A', 'List-B', 'List-C', 'List-D', 'List-E']);
      const descending = await listAll({ PipelineNamePrefix: 'List-', SortBy: 'Name', SortOrder: 'Descending' });
      expect(descending.map((p) => p.PipelineName)).toEqual(['List-E', 'List-D', 'List-C', 'List-B', 'List-A']);
    });

    it('pages with MaxResults and NextToken without losing or repeating a pipeline', async () => {
      const first = await running.client.send(new ListPipelinesCommand({ PipelineNamePrefix: 'List-', SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 2 }));
      expect(first.PipelineSummaries?.map((p) => p.PipelineName)).toEqual(['List-A', 'List-B']);
      expect(first.NextToken).toBeDefined();
      const paged = await listAll({ PipelineNamePrefix: 'List-', SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 2 });
      expect(paged.map((p) => p.PipelineName)).toEqual(['List-A', 'List-B', 'List-C', 'List-D', 'List-E']);
    });

    it('sorts by creation time, newest first by default', async () => {
      const byTime = await listAll({ PipelineNamePrefix: 'List-' });
      expect(byTime.map((p) => p.PipelineName)).toEqual([...names].reverse());
    });

    it('filters by CreatedAfter and CreatedBefore', async () => {
      const after = await listAll({ CreatedAfter: new Date(createdAt.getTime() - 1) });
      expect(after.map((p) => p.PipelineName).sort()).toEqual([...names].sort());
      const before = await listAll({ CreatedBefore: new Date(createdAt.getTime() - 1) });
      expect(before.map((p) => p.PipelineName)).not.toContain('List-A');
      expect(before.map((p) => p.PipelineName)).toContain('Abalone-Demo');
    });
  });

  it('deletes a pipeline, idempotently per token', async () => {
    const input = { PipelineName: 'Idempotent', ClientRequestToken: token(2) };
    const deleted = await running.client.send(new DeletePipelineCommand(input));
    expect(deleted.PipelineArn).toMatch(/:pipeline\/idempotent$/);
    await expect(running.client.send(new DeletePipelineCommand(input))).resolves.toMatchObject({ PipelineArn: deleted.PipelineArn });
    await expect(running.client.send(new DescribePipelineCommand({ PipelineName: 'Idempotent' }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await expect(running.client.send(new DeletePipelineCommand({ PipelineName: 'Idempotent' }))).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });
});
