import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { EndpointDeploymentError, Model, ModelRegistry, Predictor } from '../../kernel-lib/src/index.js';
import {
  describeEndpoint,
  endpointWhen,
  inferenceCode,
  meanSquaredError,
  runPython,
  startDeployService,
  trainAbalone,
  type DeployService,
  type TrainedAbalone,
} from './deploy-harness.js';

const role = 'arn:aws:iam::000000000000:role/SluiceLocal';
/** The error a call fails with (or an Error saying it did not fail). */
const errorOf = (promise: Promise<unknown>): Promise<Error> =>
  promise.then(
    () => new Error('no error'),
    (error: unknown) => error as Error,
  );
const image = 'sluice/node:20';

describe('endpoints on this machine', () => {
  let test: DeployService;
  let trained: TrainedAbalone;
  let features: number[][];
  let runtime: SageMakerRuntimeClient;

  beforeAll(async () => {
    test = await startDeployService();
    trained = await trainAbalone(test);
    features = trained.testRows.map((row) => row.slice(1));
    runtime = new SageMakerRuntimeClient({
      endpoint: test.service.endpoint,
      region: test.service.credentials.region,
      credentials: test.service.credentials,
      maxAttempts: 1,
    });
  });
  afterAll(async () => {
    runtime?.destroy();
    await test?.stop();
  });

  const abaloneModel = (): Model => new Model({ imageUri: image, modelData: trained.modelData, roleArn: role, code: inferenceCode });

  it("deploys the trained model and its predictions for the test split have the evaluation step's MSE", async () => {
    const predictor = await abaloneModel().deploy({ endpointName: 'abalone', session: test.session });

    const predictions = await predictor.predict(features);
    expect(predictions).toHaveLength(trained.testRows.length);
    expect(Math.abs(meanSquaredError(trained.testRows, predictions) - trained.evaluationMse)).toBeLessThan(1e-9);
    expect(await predictor.predict(features, { format: 'json' })).toEqual(predictions);

    const described = await describeEndpoint(test, 'abalone');
    expect(described).toMatchObject({
      EndpointName: 'abalone',
      EndpointStatus: 'InService',
      EndpointArn: 'arn:aws:sagemaker:us-east-1:000000000000:endpoint/abalone',
    });
    expect(described.ProductionVariants).toEqual([
      expect.objectContaining({
        VariantName: 'AllTraffic',
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
        CurrentWeight: 1,
        DeployedImages: [expect.objectContaining({ SpecifiedImage: image })],
      }),
    ]);
    const model = await test.client.send(new DescribeModelCommand({ ModelName: described.EndpointConfigName }));
    expect(model.PrimaryContainer?.Environment).toMatchObject({ SAGEMAKER_PROGRAM: 'inference.mjs' });
    const listed = await test.client.send(new ListEndpointsCommand({ NameContains: 'abal' }));
    expect(listed.Endpoints?.map((endpoint) => [endpoint.EndpointName, endpoint.EndpointStatus])).toEqual([['abalone', 'InService']]);
  });

  it('answers InvokeEndpoint from the AWS SDK with the content types asked for', async () => {
    const answer = await runtime.send(
      new InvokeEndpointCommand({
        EndpointName: 'abalone',
        Body: new TextEncoder().encode(features[0]!.join(',')),
        ContentType: 'text/csv',
        Accept: 'application/json',
      }),
    );
    expect(answer.ContentType).toBe('application/json');
    expect(answer.InvokedProductionVariant).toBe('AllTraffic');
    const body = JSON.parse(new TextDecoder().decode(answer.Body)) as { predictions: number[] };
    expect(body.predictions).toEqual(await new Predictor('abalone', test.session).predict([features[0]!]));
  });

  it('answers boto3 sagemaker-runtime with the same predictions, and its errors in SageMaker Runtime shapes', async () => {
    const script = `
import json, sys, boto3
runtime = boto3.client("sagemaker-runtime")
rows = json.load(open(sys.argv[1]))
answer = runtime.invoke_endpoint(EndpointName="abalone", Body="\\n".join(",".join(repr(v) for v in row[1:]) for row in rows), ContentType="text/csv", Accept="text/csv")
predictions = [float(line) for line in answer["Body"].read().decode().split()]
mse = sum((p - row[0]) ** 2 for p, row in zip(predictions, rows)) / len(rows)
errors = {}
try:
    runtime.invoke_endpoint(EndpointName="nowhere", Body="1", ContentType="text/csv")
except runtime.exceptions.ValidationError as error:
    errors["unknown"] = error.response["Error"]["Message"]
try:
    runtime.invoke_endpoint(EndpointName="abalone", Body="1,2", ContentType="text/csv")
except runtime.exceptions.ModelError as error:
    errors["model"] = [error.response["Error"]["Message"], error.response["OriginalStatusCode"], error.response["OriginalMessage"]]
sagemaker = boto3.client("sagemaker")
sagemaker.get_waiter("endpoint_in_service").wait(EndpointName="abalone", WaiterConfig={"Delay": 1, "MaxAttempts": 5})
described = sagemaker.describe_endpoint(EndpointName="abalone")
config = sagemaker.describe_endpoint_config(EndpointConfigName=described["EndpointConfigName"])
listed = [e["EndpointName"] for e in sagemaker.list_endpoints(StatusEquals="InService")["Endpoints"]]
control = {"status": described["EndpointStatus"], "created": described["CreationTime"].year, "model": config["ProductionVariants"][0]["ModelName"], "listed": listed}
print(json.dumps({"mse": mse, "count": len(predictions), "variant": answer["InvokedProductionVariant"], "errors": errors, "control": control}))
`;
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const rowsFolder = mkdtempSync(join(tmpdir(), 'abalone-rows-'));
    const rowsFile = join(rowsFolder, 'rows.json');
    writeFileSync(rowsFile, JSON.stringify(trained.testRows));
    const output = await runPython(test, script, [rowsFile]).finally(() => rmSync(rowsFolder, { recursive: true, force: true }));

    const result = JSON.parse(output) as {
      mse: number;
      count: number;
      variant: string;
      errors: { unknown: string; model: [string, number, string] };
      control: { status: string; created: number; model: string; listed: string[] };
    };

    expect(result.count).toBe(trained.testRows.length);
    expect(Math.abs(result.mse - trained.evaluationMse)).toBeLessThan(1e-9);
    expect(result.variant).toBe('AllTraffic');
    expect(result.errors.unknown).toBe('Endpoint nowhere of account 000000000000 not found.');
    expect(result.errors.model[1]).toBe(400);
    expect(result.errors.model[2]).toBe('row 1 must have 10 numbers (the features without the label), got 2');
    expect(result.errors.model[0]).toContain('Received client error (400) from model variant AllTraffic');
    const described = await describeEndpoint(test, 'abalone');
    expect(result.control).toEqual({
      status: 'InService',
      created: described.CreationTime!.getUTCFullYear(),
      model: described.EndpointConfigName,
      listed: ['abalone'],
    });
  });

  it('deploys a registered version once it is approved', async () => {
    const registry = new ModelRegistry(test.session);
    const version = registry.modelPackage(trained.modelPackageArn);
    const refused = await errorOf(version.deploy({ endpointName: 'abalone-registered' }));
    expect(refused.name).toBe('ValidationException');
    expect(refused.message).toContain(`model package ${trained.modelPackageArn} is PendingManualApproval; approve it`);

    await registry.approve(trained.modelPackageArn, 'good enough');
    const predictor = await version.deploy({ endpointName: 'abalone-registered' });

    const predictions = await predictor.predict(features);
    expect(Math.abs(meanSquaredError(trained.testRows, predictions) - trained.evaluationMse)).toBeLessThan(1e-9);
    await predictor.delete({ all: true });
    await expect(describeEndpoint(test, 'abalone-registered')).rejects.toThrow(/Could not find endpoint/);
  });

  it('swaps to a new model under concurrent invocations without failing one of them', async () => {
    // A model that answers in 20 ms, so that requests are in flight when it is swapped out.
    const slow = new Model({ imageUri: image, modelData: trained.modelData, roleArn: role, code: inferenceCode, env: { INFERENCE_DELAY_MS: '20' } });
    await slow.deploy({ endpointName: 'abalone', session: test.session, update: true, modelName: 'abalone-slow' });
    const before = JSON.parse(test.service.store.endpoints.endpoint('abalone')!.processes) as number[];
    const first = (await describeEndpoint(test, 'abalone')).EndpointConfigName;
    const row = `${features[0]!.join(',')}\n`;
    let stop = false;
    let answered = 0;
    let sent = 0;
    const failures: string[] = [];
    const client = async (): Promise<void> => {
      while (!stop) {
        sent += 1;
        try {
          const answer = await runtime.send(
            new InvokeEndpointCommand({ EndpointName: 'abalone', Body: new TextEncoder().encode(row), ContentType: 'text/csv' }),
          );
          if (answer.Body === undefined) failures.push('empty body');
          answered += 1;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    };
    const load = [client(), client(), client(), client()];

    await new Promise((resolve) => setTimeout(resolve, 200));
    let inFlightAtSwap = 0;
    const watch = setInterval(() => {
      const status = test.service.store.endpoints.endpoint('abalone')?.configName;
      if (status === 'abalone-slow') inFlightAtSwap = sent - answered - failures.length;
    }, 1);
    const predictor = await abaloneModel().deploy({ endpointName: 'abalone', session: test.session, update: true, modelName: 'abalone-second' });
    clearInterval(watch);
    const during = answered;
    await new Promise((resolve) => setTimeout(resolve, 300));
    stop = true;
    await Promise.all(load);

    expect(failures).toEqual([]);
    expect(during).toBeGreaterThan(20);
    expect(inFlightAtSwap).toBeGreaterThan(0);
    expect(answered).toBeGreaterThan(during);
    const described = await predictor.describe();
    expect(described).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: 'abalone-second' });
    expect(described.FailureReason).toBeUndefined();
    const after = JSON.parse(test.service.store.endpoints.endpoint('abalone')!.processes) as number[];
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
    expect(() => process.kill(before[0]!, 0)).toThrow();
    // The old configuration is free again.
    await test.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: first }));
  });

  it('restarts a model process that was killed, and DescribeEndpoint says what happened', async () => {
    const [pid] = JSON.parse(test.service.store.endpoints.endpoint('abalone')!.processes) as number[];
    process.kill(pid!, 'SIGKILL');

    const recovered = await endpointWhen(test, 'abalone', (d) => d.EndpointStatus === 'InService' && /restarted at/.test(d.FailureReason ?? ''));
    expect(recovered.FailureReason).toMatch(
      new RegExp(`^Variant AllTraffic: the model process \\(pid ${pid}\\) exited on SIGKILL at .*; restarted at .* \\(pid \\d+\\)$`),
    );
    expect(recovered.ProductionVariants?.[0]?.CurrentInstanceCount).toBe(1);
    const predictions = await new Predictor('abalone', test.session).predict(features);
    expect(Math.abs(meanSquaredError(trained.testRows, predictions) - trained.evaluationMse)).toBeLessThan(1e-9);
  });

  it('turns bad names and input into errors that say what is wrong', async () => {
    const unknownEndpoint = await errorOf(
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'missing', Body: new TextEncoder().encode('1'), ContentType: 'text/csv' })),
    );
    expect([unknownEndpoint.name, unknownEndpoint.message]).toEqual(['ValidationError', 'Endpoint missing of account 000000000000 not found.']);

    const badRows = await errorOf(
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'abalone', Body: new TextEncoder().encode('a,b'), ContentType: 'text/csv' })),
    );
    expect(badRows.name).toBe('ModelError');
    expect(badRows).toMatchObject({ OriginalStatusCode: 400, $metadata: { httpStatusCode: 424 } });
    const badType = await errorOf(
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'abalone', Body: new TextEncoder().encode('x'), ContentType: 'image/png' })),
    );
    expect(badType.message).toContain('(415)');
    expect(badType.message).toContain('unsupported content type "image/png"');

    const badName = await errorOf(test.client.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'bad_name', ProductionVariants: [] })));
    expect([badName.name, badName.message]).toEqual([
      'ValidationException',
      "1 validation error detected: Value 'bad_name' at 'endpointConfigName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$",
    ]);
    const noModel = await errorOf(
      test.client.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'orphan',
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'ghost', InitialInstanceCount: 1 }],
        }),
      ),
    );
    expect(noModel.message).toBe('Could not find model "arn:aws:sagemaker:us-east-1:000000000000:model/ghost".');
    const noConfig = await errorOf(test.client.send(new CreateEndpointCommand({ EndpointName: 'orphan', EndpointConfigName: 'ghost' })));
    expect(noConfig.message).toBe('Could not find endpoint configuration "arn:aws:sagemaker:us-east-1:000000000000:endpoint-config/ghost".');
    const updateToNothing = await errorOf(test.client.send(new UpdateEndpointCommand({ EndpointName: 'abalone', EndpointConfigName: 'ghost' })));
    expect(updateToNothing.message).toContain('Could not find endpoint configuration');
    const taken = await errorOf(test.client.send(new CreateEndpointCommand({ EndpointName: 'abalone', EndpointConfigName: 'abalone-second' })));
    expect(taken.message).toBe('Cannot create already existing endpoint "arn:aws:sagemaker:us-east-1:000000000000:endpoint/abalone".');
  });

  it('deletes the configuration an endpoint serves, as SageMaker does, and the endpoint keeps serving', async () => {
    // The SageMaker Python SDK's predictor.delete_endpoint() deletes the configuration before the endpoint.
    await test.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'abalone-second' }));
    expect((await test.client.send(new ListEndpointConfigsCommand({}))).EndpointConfigs?.map((config) => config.EndpointConfigName)).not.toContain(
      'abalone-second',
    );
    expect(await test.client.send(new DescribeEndpointCommand({ EndpointName: 'abalone' }))).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'abalone-second',
    });
    const predictions = await new Predictor('abalone', test.session).predict(features);
    expect(Math.abs(meanSquaredError(trained.testRows, predictions) - trained.evaluationMse)).toBeLessThan(1e-9);
  });

  it('deletes an endpoint while it is Creating, ending the model process it was starting', async () => {
    const slow = new Model({ imageUri: image, modelData: trained.modelData, roleArn: role, code: inferenceCode, env: { INFERENCE_START_DELAY_MS: '30000' } });
    await slow.deploy({ endpointName: 'abalone-slow-start', session: test.session, wait: false, modelName: 'abalone-slow-start' });
    const starting = await endpointWhen(
      test,
      'abalone-slow-start',
      () => JSON.parse(test.service.store.endpoints.endpoint('abalone-slow-start')!.processes).length > 0,
    );
    expect(starting.EndpointStatus).toBe('Creating');
    const [pid] = JSON.parse(test.service.store.endpoints.endpoint('abalone-slow-start')!.processes) as number[];

    const started = Date.now();
    await test.client.send(new DeleteEndpointCommand({ EndpointName: 'abalone-slow-start' }));
    expect((await describeEndpoint(test, 'abalone-slow-start')).EndpointStatus).toBe('Deleting');
    const gone = await errorOf(endpointWhen(test, 'abalone-slow-start', () => false, 10000));
    expect(gone.message).toMatch(/Could not find endpoint/);
    expect(Date.now() - started).toBeLessThan(10000);
    expect(() => process.kill(pid!, 0)).toThrow();
    await test.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'abalone-slow-start' }));
  });

  it('fails an endpoint whose model has no inference program, with the reason', async () => {
    await test.client.send(
      new CreateModelCommand({ ModelName: 'no-program', PrimaryContainer: { Image: image, ModelDataUrl: trained.modelData }, ExecutionRoleArn: role }),
    );
    await test.client.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'no-program',
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'no-program', InitialInstanceCount: 1 }],
      }),
    );
    await test.client.send(new CreateEndpointCommand({ EndpointName: 'no-program', EndpointConfigName: 'no-program' }));

    const failed = await endpointWhen(test, 'no-program', (d) => d.EndpointStatus !== 'Creating');
    expect(failed.EndpointStatus).toBe('Failed');
    expect(failed.FailureReason).toBe(
      'Variant AllTraffic: model "no-program" has no inference program on this machine: create it with Model({ code }) (SAGEMAKER_PROGRAM and SAGEMAKER_SUBMIT_DIRECTORY)',
    );
    const invoked = await errorOf(
      runtime.send(new InvokeEndpointCommand({ EndpointName: 'no-program', Body: new TextEncoder().encode('1'), ContentType: 'text/csv' })),
    );
    expect(invoked.message).toContain('Endpoint no-program is Failed, not InService: Variant AllTraffic: model "no-program" has no inference program');

    const deploying = await new Model({ imageUri: image, modelData: trained.modelData, roleArn: role })
      .deploy({ endpointName: 'no-program-sdk', session: test.session })
      .catch((error: unknown) => error);
    expect(deploying).toBeInstanceOf(EndpointDeploymentError);

    // An update to it fails, and the endpoint keeps serving what it served.
    const serving = await describeEndpoint(test, 'abalone');
    await test.client.send(new UpdateEndpointCommand({ EndpointName: 'abalone', EndpointConfigName: 'no-program' }));
    const rolledBack = await endpointWhen(test, 'abalone', (d) => d.EndpointStatus !== 'Updating');
    expect(rolledBack).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: serving.EndpointConfigName });
    expect(rolledBack.FailureReason).toBe(
      `The update to endpoint configuration no-program failed, so the endpoint still serves ${serving.EndpointConfigName}: Variant AllTraffic: model "no-program" has no inference program on this machine: create it with Model({ code }) (SAGEMAKER_PROGRAM and SAGEMAKER_SUBMIT_DIRECTORY)`,
    );
    expect(await new Predictor('abalone', test.session).predict([features[0]!])).toHaveLength(1);

    await test.client.send(new DeleteEndpointCommand({ EndpointName: 'no-program' }));
    await endpointWhen(test, 'no-program', () => false, 5000).catch((error: Error) => expect(error.message).toMatch(/Could not find endpoint/));
    await test.client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'no-program' }));
  });
});
