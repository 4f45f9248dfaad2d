// `sluice endpoint …` against a service in this process (the CLI finds it through SLUICE_HOME's service.json).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Model } from '../../kernel-lib/src/index.js';
import { runCli } from '../../kernel-lib/src/cli/run.js';
import { extrasClient } from '../service/execution-harness.js';
import { bucket, endpointWhen, inferenceCode, packedModel, startDeployService, type DeployService } from './deploy-harness.js';

async function sluice(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    args,
    (text) => out.push(text),
    (text) => err.push(text),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sluice endpoint', () => {
  let test: DeployService;
  let home: string;
  const scratch = mkdtempSync(join(tmpdir(), 'sluice-endpoint-cli-'));

  beforeAll(async () => {
    test = await startDeployService();
    home = test.service.home;
    await extrasClient(test.service).putArtifact(`s3://${bucket}/cli/model.tar.gz`, await packedModel(scratch, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    await new Model({ imageUri: 'sluice/node:20', modelData: `s3://${bucket}/cli/model.tar.gz`, roleArn: test.session.roleArn, code: inferenceCode }).deploy({
      endpointName: 'cli',
      session: test.session,
      modelName: 'cli-model',
    });
  });
  afterAll(async () => {
    await test?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('lists, describes and invokes an endpoint', async () => {
    expect((await sluice('endpoint', 'list', '--home', home)).out).toMatch(/^cli\tInService\t\d{4}-/);
    expect(await sluice('endpoint', 'describe', 'cli', '--home', home)).toEqual({
      code: 0,
      out: 'cli\tInService\tconfiguration cli-model\n  variant AllTraffic: 1/1 instances, weight 1, image sluice/node:20',
      err: '',
    });
    expect(
      await sluice('endpoint', 'invoke', 'cli', '--body', '0.5,0,0,0,0,0,0,0,0,0\n1,0,0,0,0,0,0,0,0,0', '--accept', 'application/json', '--home', home),
    ).toMatchObject({ code: 0, out: '{"predictions":[2,3]}' });
  });

  it('says what is wrong', async () => {
    expect(await sluice('endpoint', 'invoke', 'nope', '--body', '1', '--home', home)).toEqual({
      code: 1,
      out: '',
      err: 'sluice endpoint: ValidationError: Endpoint nope of account 000000000000 not found.',
    });
    const missing = await sluice('endpoint', 'follow', '--group', 'g', '--home', home);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('follow needs --group, --staging and --prod');
    expect((await sluice('endpoint', 'follow', '--group', 'NoVersions', '--staging', 's', '--prod', 'p', '--home', home)).out).toBe(
      'Nothing to do: the endpoints serve what the registry allows',
    );
  });

  it('deletes the endpoint with its configuration and model', async () => {
    expect(await sluice('endpoint', 'delete', 'cli', '--all', '--home', home)).toEqual({
      code: 0,
      out: 'Deleting endpoint cli with its configuration and models',
      err: '',
    });
    await endpointWhen(test, 'cli', () => false, 5000).catch((error: Error) => expect(error.message).toMatch(/Could not find endpoint/));
    expect((await sluice('endpoint', 'list', '--home', home)).out).toBe('');
  });
});
