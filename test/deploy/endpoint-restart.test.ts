// Endpoints belong to the service's home: a service started again serves them again, and ends model
// processes a dead one left behind.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model, Predictor, Session } from '../../kernel-lib/src/index.js';
import { homePaths } from '../../kernel-lib/src/home/paths.js';
import { writeState } from '../../kernel-lib/src/home/instance.js';
import { startService, type RunningService } from '../../kernel-lib/src/service/server.js';
import { Store } from '../../kernel-lib/src/store/index.js';
import { version } from '../../kernel-lib/src/version.js';
import { extrasClient } from '../service/execution-harness.js';
import { sageMakerClient } from '../service/service-harness.js';
import { bucket, endpointWhen, inferenceCode, packedModel } from './deploy-harness.js';

async function start(home: string): Promise<RunningService> {
  const service = await startService({ home, port: 0, log: () => undefined });
  writeState({ pid: process.pid, port: service.port, endpoint: service.endpoint, home, startedAt: new Date().toISOString(), version });
  return service;
}

describe('endpoints across service restarts', () => {
  const home = mkdtempSync(join(tmpdir(), 'sluice-home-'));
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-model-'));
  let service: RunningService | undefined;
  let orphanPid: number | undefined;
  afterAll(async () => {
    // Should the test fail before the service ends it, the stand-in orphan must not outlive the test.
    if (orphanPid !== undefined) {
      try {
        process.kill(orphanPid, 'SIGKILL');
      } catch {
        // already ended, as it should be
      }
    }
    await service?.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('serves the endpoint again after a restart and ends what the previous service left running', async () => {
    service = await start(home);
    await extrasClient(service).putArtifact(`s3://${bucket}/models/abalone/model.tar.gz`, await packedModel(scratch, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const session = Session.local({ home, defaultBucket: bucket });
    const model = new Model({
      imageUri: 'sluice/node:20',
      modelData: `s3://${bucket}/models/abalone/model.tar.gz`,
      roleArn: session.roleArn,
      code: inferenceCode,
    });
    const predictor = await model.deploy({ endpointName: 'kept', session });
    const row = [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(await predictor.predict([row])).toEqual([2]);
    (await session.runtime()).destroy();
    (await session.client()).destroy();
    await service.close();

    // A process the "previous service" left behind, as after a crash: it must not outlive the next start.
    const orphan = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '/opt/ml/code/orphan.mjs'], { detached: true, stdio: 'ignore' });
    orphanPid = orphan.pid;
    const store = Store.open(homePaths(home).database);
    store.endpoints.updateEndpoint('kept', { processes: JSON.stringify([orphan.pid]) }, Date.now(), false);
    store.close();
    const orphanEnded = new Promise((resolve) => orphan.once('exit', (_code, signal) => resolve(signal)));

    service = await start(home);
    expect(await orphanEnded).toBe('SIGKILL');
    const client = sageMakerClient(service);
    const described = await endpointWhen({ service, client, stop: async () => undefined }, 'kept', (d) => d.EndpointStatus === 'InService');
    expect(described.EndpointConfigName).toMatch(/^kept-/);
    const again = Session.local({ home, defaultBucket: bucket });
    expect(await new Predictor('kept', again).predict([row])).toEqual([2]);
    (await again.runtime()).destroy();
    client.destroy();
  });
});
