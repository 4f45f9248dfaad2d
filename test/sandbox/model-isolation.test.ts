// A model's program listens on a loopback port inside a sandbox with a network of its own: no other local
// process can reach it unsigned, and the service reaches it through a unix socket in the model's folder, so
// InvokeEndpoint (signed) is the only way in.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Model } from '../../kernel-lib/src/index.js';
import { rawRequest } from '../service/service-harness.js';
import { inferenceCode, startDeployService, trainAbalone, type DeployService, type TrainedAbalone } from '../deploy/deploy-harness.js';

function connectsTo(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe("a model server's port", () => {
  let test: DeployService;
  let trained: TrainedAbalone;

  beforeAll(async () => {
    test = await startDeployService();
    trained = await trainAbalone(test, 'AbaloneIsolated');
  });
  afterAll(async () => {
    await test?.stop();
  });

  it('is out of reach of the host, while the endpoint answers through the service', async () => {
    const model = new Model({
      imageUri: 'sluice/node:20',
      modelData: trained.modelData,
      roleArn: 'arn:aws:iam::000000000000:role/SluiceLocal',
      code: inferenceCode,
    });
    const predictor = await model.deploy({ endpointName: 'isolated', session: test.session });
    expect(await predictor.predict(trained.testRows.slice(0, 3).map((row) => row.slice(1)))).toHaveLength(3);

    // The job that serves it: its log names the bridge, the socket and the port the program listens on.
    const jobsDir = join(test.service.home, 'jobs');
    const serving = readdirSync(jobsDir)
      .map((name) => ({ name, log: existsSync(join(jobsDir, name, 'log')) ? readFileSync(join(jobsDir, name, 'log'), 'utf8') : '' }))
      .find((job) => job.log.includes('bridge.mjs'));
    expect(serving).toBeDefined();
    const port = Number(/\.serving\.sock (\d+) --/.exec(serving!.log)?.[1]);
    expect(port).toBeGreaterThan(0);
    expect(statSync(join(jobsDir, serving!.name, 'ml', '.serving.sock')).isSocket()).toBe(true);

    // Straight to the program's port, unsigned, as any local process would try: nothing there on the host.
    expect(await connectsTo(port)).toBe('ECONNREFUSED');
  });

  it("is not reached through the service by a request whose Host is not the service's own (a rebound web page)", async () => {
    const answer = await rawRequest(test.service, {
      method: 'POST',
      path: '/endpoints/isolated/invocations',
      headers: { host: `evil.example:${test.service.port}`, 'content-type': 'text/csv' },
      body: '0.5,0.4,0.1,0.5,0.2,0.1,0.15,1,0,0',
    });
    expect(answer.status).toBe(421);
    expect(JSON.stringify(answer.json)).not.toMatch(/^\[?[0-9.]+/);
  });
});
