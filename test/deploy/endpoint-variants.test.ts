// Endpoints with several variants (weights, TargetVariant) and several processes per variant.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEndpointCommand, CreateEndpointConfigCommand, CreateModelCommand } from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { codeAsset } from '../../kernel-lib/src/index.js';
import { extrasClient } from '../service/execution-harness.js';
import { bucket, describeEndpoint, endpointWhen, inferenceCode, packedModel, startDeployService, type DeployService } from './deploy-harness.js';

describe('variants and instances', () => {
  let test: DeployService;
  let runtime: SageMakerRuntimeClient;
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-variants-'));
  const row = new TextEncoder().encode('1,0,0,0,0,0,0,0,0,0');

  beforeAll(async () => {
    test = await startDeployService();
    runtime = new SageMakerRuntimeClient({
      endpoint: test.service.endpoint,
      region: test.service.credentials.region,
      credentials: test.service.credentials,
      maxAttempts: 1,
    });
    const extras = extrasClient(test.service);
    const code = codeAsset(inferenceCode, { stepName: 'Model', pipelineName: 'variants', bucket });
    await extras.putArtifact(code.s3Uri, code.body);
    // Model "one" predicts 1 + x, model "ten" 10 + x: which variant answered shows in the prediction too.
    for (const [name, intercept] of [
      ['one', 1],
      ['ten', 10],
    ] as const) {
      const uri = `s3://${bucket}/variants/${name}/model.tar.gz`;
      await extras.putArtifact(uri, await packedModel(join(scratch, name), [intercept, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
      await test.client.send(
        new CreateModelCommand({
          ModelName: name,
          PrimaryContainer: {
            Image: 'sluice/node:20',
            ModelDataUrl: uri,
            Environment: { SAGEMAKER_PROGRAM: 'inference.mjs', SAGEMAKER_SUBMIT_DIRECTORY: code.s3Uri },
          },
        }),
      );
    }
    await test.client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'ab',
        ProductionVariants: [
          { VariantName: 'One', ModelName: 'one', InitialInstanceCount: 2, InitialVariantWeight: 1 },
          { VariantName: 'Ten', ModelName: 'ten', InitialInstanceCount: 1, InitialVariantWeight: 0 },
        ],
      }),
    );
    await test.client.send(new CreateEndpointCommand({ EndpointName: 'ab', EndpointConfigName: 'ab' }));
    await endpointWhen(test, 'ab', (d) => d.EndpointStatus === 'InService');
  });
  afterAll(async () => {
    runtime?.destroy();
    await test?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const invoke = async (targetVariant?: string): Promise<[string | undefined, string]> => {
    const answer = await runtime.send(new InvokeEndpointCommand({ EndpointName: 'ab', Body: row, ContentType: 'text/csv', TargetVariant: targetVariant }));
    return [answer.InvokedProductionVariant, new TextDecoder().decode(answer.Body).trim()];
  };

  it('splits traffic by weight, and TargetVariant picks a variant', async () => {
    const described = await describeEndpoint(test, 'ab');
    expect(described.ProductionVariants?.map((v) => [v.VariantName, v.CurrentInstanceCount, v.CurrentWeight])).toEqual([
      ['One', 2, 1],
      ['Ten', 1, 0],
    ]);
    for (let i = 0; i < 10; i++) expect(await invoke()).toEqual(['One', '2']);
    expect(await invoke('Ten')).toEqual(['Ten', '11']);
    const unknown = await invoke('Hundred').catch((error: unknown) => error as Error);
    expect(unknown).toMatchObject({ name: 'ValidationError', message: 'Endpoint ab has no variant Hundred; its variants: One, Ten' });
  });

  it('keeps answering from the other process while one of a variant is restarted', async () => {
    const pids = JSON.parse(test.service.store.endpoints.endpoint('ab')!.processes) as number[];
    expect(pids).toHaveLength(3);
    process.kill(pids[0]!, 'SIGKILL');
    for (let i = 0; i < 20; i++) expect((await invoke('One'))[1]).toBe('2');
    const recovered = await endpointWhen(test, 'ab', (d) => d.EndpointStatus === 'InService' && /restarted at/.test(d.FailureReason ?? ''));
    expect(recovered.ProductionVariants?.map((v) => v.CurrentInstanceCount)).toEqual([2, 1]);
    expect(JSON.parse(test.service.store.endpoints.endpoint('ab')!.processes)).toHaveLength(3);
  });
});
