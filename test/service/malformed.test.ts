import { ListPipelinesCommand } from '@aws-sdk/client-sagemaker';
import { definition, lambdaStep, roleArn, signedRequest, startTestService, type TestService } from './service-harness.js';

interface Case {
  what: string;
  target?: string | undefined;
  body: string | Buffer | (() => string | Buffer);
  code: string;
  status?: number;
}

const create = (fields: Record<string, unknown>): string =>
  JSON.stringify({
    PipelineName: 'Malformed',
    ClientRequestToken: 'malformed-0000000000000000000000001',
    RoleArn: roleArn,
    PipelineDefinition: definition(),
    ...fields,
  });
const withSteps = (steps: unknown[], parameters: unknown[] = []): string => create({ PipelineDefinition: definition(steps, parameters) });
const target = (operation: string): string => `SageMaker.${operation}`;

const cases: Case[] = [
  // The envelope
  { what: 'a body that is not JSON', target: target('ListPipelines'), body: '{"PipelineNamePrefix":', code: 'SerializationException' },
  { what: 'a JSON array body', target: target('ListPipelines'), body: '[]', code: 'SerializationException' },
  { what: 'a JSON string body', target: target('ListPipelines'), body: '"hello"', code: 'SerializationException' },
  { what: 'bytes that are not UTF-8 JSON', target: target('ListPipelines'), body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), code: 'SerializationException' },
  { what: 'an unknown operation', target: target('LaunchRockets'), body: '{}', code: 'UnknownOperationException' },
  { what: 'no X-Amz-Target', target: undefined, body: '{}', code: 'UnknownOperationException' },
  { what: "another service's target", target: 'DynamoDB_20120810.ListTables', body: '{}', code: 'UnknownOperationException' },
  { what: 'a target naming an Object.prototype member', target: target('constructor'), body: '{}', code: 'UnknownOperationException' },
  {
    what: 'a body over 10 MiB',
    target: target('ListPipelines'),
    body: () => Buffer.alloc(11 * 1024 * 1024, 0x20),
    code: 'RequestEntityTooLargeException',
    status: 413,
  },
  // CreatePipeline's members
  { what: 'no PipelineName', target: target('CreatePipeline'), body: create({ PipelineName: undefined }), code: 'ValidationException' },
  { what: 'a PipelineName with spaces', target: target('CreatePipeline'), body: create({ PipelineName: 'has spaces' }), code: 'ValidationException' },
  {
    what: 'a PipelineName over 256 characters',
    target: target('CreatePipeline'),
    body: create({ PipelineName: 'p'.repeat(300) }),
    code: 'ValidationException',
  },
  { what: 'a PipelineName that is a number', target: target('CreatePipeline'), body: create({ PipelineName: 42 }), code: 'SerializationException' },
  { what: 'no RoleArn', target: target('CreatePipeline'), body: create({ RoleArn: undefined }), code: 'ValidationException' },
  {
    what: 'a RoleArn that is not an IAM role',
    target: target('CreatePipeline'),
    body: create({ RoleArn: 'arn:aws:s3:::bucket-name-here' }),
    code: 'ValidationException',
  },
  { what: 'no definition', target: target('CreatePipeline'), body: create({ PipelineDefinition: undefined }), code: 'ValidationException' },
  {
    what: 'a definition in S3 that does not exist',
    target: target('CreatePipeline'),
    body: create({ PipelineDefinition: undefined, PipelineDefinitionS3Location: { Bucket: 'b', ObjectKey: 'k' } }),
    code: 'ValidationException',
  },
  {
    what: 'a parallelism of 0',
    target: target('CreatePipeline'),
    body: create({ ParallelismConfiguration: { MaxParallelExecutionSteps: 0 } }),
    code: 'ValidationException',
  },
  { what: 'Tags that are not a list', target: target('CreatePipeline'), body: create({ Tags: { Key: 'a' } }), code: 'SerializationException' },
  // Definitions
  {
    what: 'a definition that is not JSON',
    target: target('CreatePipeline'),
    body: create({ PipelineDefinition: '{"Version": ' }),
    code: 'ValidationException',
  },
  { what: 'a definition that is a JSON list', target: target('CreatePipeline'), body: create({ PipelineDefinition: '[]' }), code: 'ValidationException' },
  {
    what: 'a definition without Steps',
    target: target('CreatePipeline'),
    body: create({ PipelineDefinition: '{"Version": "2020-12-01", "Parameters": []}' }),
    code: 'ValidationException',
  },
  {
    what: 'a dependency cycle',
    target: target('CreatePipeline'),
    body: withSteps([lambdaStep('A', { DependsOn: ['B'] }), lambdaStep('B', { DependsOn: ['A'] })]),
    code: 'ValidationException',
  },
  {
    what: 'a step that depends on itself',
    target: target('CreatePipeline'),
    body: withSteps([lambdaStep('A', { DependsOn: ['A'] })]),
    code: 'ValidationException',
  },
  {
    what: 'DependsOn an unknown step',
    target: target('CreatePipeline'),
    body: withSteps([lambdaStep('A', { DependsOn: ['Ghost'] })]),
    code: 'ValidationException',
  },
  {
    what: 'a property reference to an unknown step',
    target: target('CreatePipeline'),
    body: withSteps([lambdaStep('A', { Arguments: { x: { Get: 'Steps.Ghost.OutputParameters.ok' } } })]),
    code: 'ValidationException',
  },
  {
    what: 'a reference to an unknown parameter',
    target: target('CreatePipeline'),
    body: withSteps([lambdaStep('A', { Arguments: { x: { Get: 'Parameters.Nope' } } })]),
    code: 'ValidationException',
  },
  { what: 'duplicate step names', target: target('CreatePipeline'), body: withSteps([lambdaStep('A'), lambdaStep('A')]), code: 'ValidationException' },
  { what: 'a step name with spaces', target: target('CreatePipeline'), body: withSteps([lambdaStep('has space')]), code: 'ValidationException' },
  {
    what: 'an unknown step type',
    target: target('CreatePipeline'),
    body: withSteps([{ Name: 'A', Type: 'Teleport', Arguments: {} }]),
    code: 'ValidationException',
  },
  {
    what: 'a parameter of an unknown type',
    target: target('CreatePipeline'),
    body: withSteps([lambdaStep('A')], [{ Name: 'N', Type: 'Complex' }]),
    code: 'ValidationException',
  },
  {
    what: 'a definition over 1 MiB',
    target: target('CreatePipeline'),
    body: () => create({ PipelineDefinition: definition([lambdaStep('A', { Arguments: { pad: 'x'.repeat(1024 * 1024) } })]) }),
    code: 'ValidationException',
  },
  {
    what: 'a definition nested 100,000 levels deep',
    target: target('CreatePipeline'),
    body: () =>
      create({
        PipelineDefinition: definition([lambdaStep('A', { Arguments: { deep: 'DEEP' } })]).replace('"DEEP"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      }),
    code: 'ValidationException',
  },
  // Artifact keys (SluiceLocal.PutArtifact): refused with a message, never a 500
  {
    what: 'an artifact key with a NUL byte',
    target: 'SluiceLocal.PutArtifact',
    body: JSON.stringify({ S3Uri: 's3://bucket/a\u0000b', Body: 'eA==' }),
    code: 'ValidationException',
  },
  {
    what: 'an artifact key of 1,000 characters in one part',
    target: 'SluiceLocal.PutArtifact',
    body: JSON.stringify({ S3Uri: `s3://bucket/${'k'.repeat(1000)}`, Body: 'eA==' }),
    code: 'ValidationException',
  },
  {
    what: 'an artifact URI without a key',
    target: 'SluiceLocal.PutArtifact',
    body: JSON.stringify({ S3Uri: 's3://bucket', Body: 'eA==' }),
    code: 'ValidationException',
  },
  // Lists and lookups
  { what: 'MaxResults 0', target: target('ListPipelines'), body: '{"MaxResults": 0}', code: 'ValidationException' },
  { what: 'MaxResults 1000', target: target('ListPipelines'), body: '{"MaxResults": 1000}', code: 'ValidationException' },
  { what: 'a NextToken this service never gave', target: target('ListPipelines'), body: '{"NextToken": "not-a-token"}', code: 'ValidationException' },
  { what: 'an unknown SortBy', target: target('ListPipelines'), body: '{"SortBy": "Size"}', code: 'ValidationException' },
  { what: 'a CreatedAfter that is not a time', target: target('ListPipelines'), body: '{"CreatedAfter": "yesterday"}', code: 'SerializationException' },
  { what: 'an unknown pipeline', target: target('DescribePipeline'), body: '{"PipelineName": "Nope"}', code: 'ResourceNotFound' },
  { what: 'DeletePipeline without a token', target: target('DeletePipeline'), body: '{"PipelineName": "Nope"}', code: 'ValidationException' },
  // The model registry
  {
    what: 'a package with both a group and a name',
    target: target('CreateModelPackage'),
    body: '{"ModelPackageGroupName": "g", "ModelPackageName": "n"}',
    code: 'ValidationException',
  },
  {
    what: 'an unknown approval status',
    target: target('CreateModelPackage'),
    body: '{"ModelPackageName": "n", "ModelApprovalStatus": "Maybe"}',
    code: 'ValidationException',
  },
  {
    what: 'an inference specification without containers',
    target: target('CreateModelPackage'),
    body: '{"ModelPackageName": "n", "InferenceSpecification": {"Containers": []}}',
    code: 'ValidationException',
  },
  {
    what: 'an update of an unknown package',
    target: target('UpdateModelPackage'),
    body: '{"ModelPackageArn": "arn:aws:sagemaker:us-east-1:000000000000:model-package/none/1"}',
    code: 'ValidationException',
  },
  { what: 'an unknown group', target: target('DescribeModelPackageGroup'), body: '{"ModelPackageGroupName": "Nope"}', code: 'ValidationException' },
];

describe('malformed requests and definitions', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('covers at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$what → $code, and the service keeps serving', async (malformed) => {
    const body = typeof malformed.body === 'function' ? malformed.body() : malformed.body;
    const response = await signedRequest(running.service, malformed.target, body);
    expect(response.json['__type']).toBe(malformed.code);
    expect(response.headers['x-amzn-errortype']).toBe(malformed.code);
    expect(typeof response.json['message']).toBe('string');
    expect(response.status).toBe(malformed.status ?? 400);
    await expect(running.client.send(new ListPipelinesCommand({}))).resolves.toMatchObject({ PipelineSummaries: [] });
  });
});
