// Property-based, against the running service: every operation, sent generated JSON 1.1 bodies (random
// values under its real field names, and random JSON), answers 200 or a 4xx with an AWS __type; never a
// 500, a crash or a hang; and the service keeps serving afterwards. SLUICE_FUZZ_SEED replays a failure.
import { ListPipelinesCommand } from '@aws-sdk/client-sagemaker';
import fc from 'fast-check';
import { operations } from '../../kernel-lib/src/service/operations/index.js';
import { signedRequest, startTestService, type TestService } from '../service/service-harness.js';

const seed = Number(process.env['SLUICE_FUZZ_SEED'] ?? 20261203);
const runs = 10_000;

// Field names the operations read, so that generated bodies get past "missing field" into the values' checks.
const fields = [
  'PipelineName',
  'PipelineDefinition',
  'RoleArn',
  'ClientRequestToken',
  'PipelineExecutionArn',
  'PipelineParameters',
  'MaxResults',
  'NextToken',
  'SortBy',
  'SortOrder',
  'CreatedAfter',
  'CreatedBefore',
  'ModelPackageGroupName',
  'ModelPackageName',
  'ModelPackageArn',
  'ModelApprovalStatus',
  'InferenceSpecification',
  'EndpointName',
  'EndpointConfigName',
  'ModelName',
  'ProductionVariants',
  'ProjectName',
  'ProjectId',
  'JobName',
  'S3Uri',
  'Body',
  'CallbackToken',
  'OutputParameters',
  'FailureReason',
  'StatusEquals',
  'NameContains',
  'TrainingJobName',
  'ProcessingJobName',
  'PipelineVersionId',
  'SelectiveExecutionConfig',
  'ParallelismConfiguration',
  'Name',
  'Value',
  'StartFromLine',
];

const value = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '',
    'x'.repeat(3000),
    '../../etc/passwd',
    's3://bucket',
    's3://bucket/\u0000key',
    'arn:aws:sagemaker:us-east-1:000000000000:pipeline/p',
    '1970-01-01T00:00:00Z',
    'NaN',
  ),
  fc.jsonValue({ maxDepth: 3 }),
);
const body = fc.oneof(
  fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 6 }).map((object) => JSON.stringify(object)),
  fc.jsonValue({ maxDepth: 4 }).map((json) => JSON.stringify(json)),
  fc.string({ maxLength: 100, unit: 'binary' }),
);

describe('the service on generated JSON 1.1 requests', () => {
  let running: TestService;
  beforeAll(async () => {
    running = await startTestService();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it(`answers ${runs} generated requests with 200 or a typed 4xx, and keeps serving`, async () => {
    const targets = Object.keys(operations);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, async (target, text) => {
        const response = await signedRequest(running.service, target, text);
        if (response.status === 200) return true;
        return response.status >= 400 && response.status < 500 && typeof response.json['__type'] === 'string' && typeof response.json['message'] === 'string';
      }),
      { seed, numRuns: runs },
    );
    await expect(running.client.send(new ListPipelinesCommand({}))).resolves.toHaveProperty('PipelineSummaries');
  });
});
