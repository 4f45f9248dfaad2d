// How AWS's answers reach the user through the AWS session: throttling retried, every error with its
// message. A small stub of SageMaker's and S3's wire protocols on 127.0.0.1 plays AWS here, because
// moto never throttles, never denies access and never answers 5xx on purpose.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeletePipelineCommand, DescribePipelineCommand, ListPipelinesCommand } from '@aws-sdk/client-sagemaker';
import { Pipeline, ProcessingStep, Session, type AwsSession } from '../../kernel-lib/src/index.js';
import { dummyCredentials } from './moto-harness.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'abalone');

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

function json(response: ServerResponse, status: number, body: object): void {
  response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
}

describe('AWS errors through the AWS session', () => {
  let server: Server;
  let session: AwsSession;
  const attempts = new Map<string, number>();
  const handlers: Record<string, Handler> = {
    // Throttled twice, then answered: the standard retry strategy's three attempts get through.
    ListPipelines: (_, response) =>
      (attempts.get('ListPipelines') ?? 0) <= 2
        ? json(response, 400, { __type: 'ThrottlingException', message: 'Rate exceeded' })
        : json(response, 200, { PipelineSummaries: [] }),
    DescribePipeline: (_, response) =>
      json(response, 400, {
        __type: 'AccessDeniedException',
        message: 'User: arn:aws:sts::111122223333:assumed-role/Dev/me is not authorized to perform: sagemaker:DescribePipeline',
      }),
    // What SageMaker answers for a pipeline that exists (the SageMaker Python SDK's upsert matches this text).
    CreatePipeline: (_, response) =>
      json(response, 400, {
        __type: 'ValidationException',
        message: 'Pipeline names must be unique within an AWS account and region. Pipeline with name (Small) already exists.',
      }),
    UpdatePipeline: (_, response) => json(response, 200, { PipelineArn: 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/Small' }),
    DeletePipeline: (_, response) => response.writeHead(503).end(),
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.method === 'HEAD') return void response.writeHead(403).end(); // S3 HeadObject, denied: no body at all
        const operation = String(request.headers['x-amz-target'] ?? '').replace('SageMaker.', '');
        attempts.set(operation, (attempts.get(operation) ?? 0) + 1);
        const handler = handlers[operation];
        if (handler) handler(request, response);
        else json(response, 400, { __type: 'UnknownOperationException', message: `no stub for ${operation}` });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    session = Session.aws({
      region: 'us-east-1',
      roleArn: 'arn:aws:iam::111122223333:role/R',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: dummyCredentials,
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('retries throttling with the standard retry strategy', async () => {
    const listed = await (await session.client()).send(new ListPipelinesCommand({}));
    expect(listed.PipelineSummaries).toEqual([]);
    expect(attempts.get('ListPipelines')).toBe(3);
    expect(listed.$metadata.attempts).toBe(3);
  });

  it('passes AccessDenied through with its message', async () => {
    await expect((await session.client()).send(new DescribePipelineCommand({ PipelineName: 'Small' }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('is not authorized to perform: sagemaker:DescribePipeline'),
    });
  });

  it('retries a 5xx without a body, then says which call failed and how', async () => {
    await expect((await session.client()).send(new DeletePipelineCommand({ PipelineName: 'Small', ClientRequestToken: 't' }))).rejects.toThrow(
      'SageMaker DeletePipeline failed: (HTTP 503)',
    );
    expect(attempts.get('DeletePipeline')).toBe(3);
  });

  it('says "access denied" when S3 refuses a HEAD, which has no body to carry a message', async () => {
    const step = new ProcessingStep({
      name: 'Only',
      imageUri: 'node',
      roleArn: session.roleArn,
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      code: join(fixtures, 'evaluate.ts'),
    });
    const failure = await new Pipeline({ name: 'Small', steps: [step] }).upsert({ session }).catch((error: unknown) => error as Error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("S3 HeadObject failed: (HTTP 403): access denied (check the credentials and the role's permissions)");
  });

  it('updates a pipeline when SageMaker says it already exists', async () => {
    const step = new ProcessingStep({
      name: 'Only',
      imageUri: 'node',
      roleArn: session.roleArn,
      instanceType: 'ml.m5.large',
      instanceCount: 1,
      entrypoint: ['true'],
    });
    expect(await new Pipeline({ name: 'Small', steps: [step] }).upsert({ session })).toEqual({
      pipelineArn: 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/Small',
      created: false,
    });
  });
});
