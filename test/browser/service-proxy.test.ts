// The panel's way to the service: Jupyter's authenticated proxy at <base_url>sluice/, which starts
// `sluice service proxy` on first use; that one starts the service and signs each request for the browser.
import { CreatePipelineCommand } from '@aws-sdk/client-sagemaker';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { descendants } from '../../scripts/lib/processes.mjs';
import { sluiceCli, startLabWithService, throughJupyter, type LabWithService } from './lab-with-service.js';

const definition = JSON.stringify({
  Version: '2020-12-01',
  Metadata: {},
  Parameters: [{ Name: 'Threshold', Type: 'Float', DefaultValue: 6.0 }],
  PipelineExperimentConfig: null,
  Steps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: 'stop' } }],
});

describe('the service behind JupyterLab at <base_url>sluice/', () => {
  let lab: LabWithService | undefined;

  beforeAll(async () => {
    lab = await startLabWithService('service-proxy', { startService: false });
  });

  afterAll(async () => {
    await lab?.stopAll();
  });

  it("refuses a request without Jupyter's token, and starts nothing for it", async () => {
    const refused = await throughJupyter(lab!, 'SageMaker.ListPipelines', {}, null);
    expect([302, 403]).toContain(refused.status);
    expect(refused.json).not.toHaveProperty('PipelineSummaries');
    expect(existsSync(join(lab!.home, 'service.json'))).toBe(false);
  });

  it('refuses a wrong token', async () => {
    const refused = await throughJupyter(lab!, 'SageMaker.ListPipelines', {}, 'not-the-token');
    expect([302, 403]).toContain(refused.status);
  });

  it('with the token, starts the service for SLUICE_HOME on first use and answers SageMaker operations', async () => {
    const listed = await throughJupyter(lab!, 'SageMaker.ListPipelines', {});
    expect(listed).toEqual({ status: 200, json: { PipelineSummaries: [] } });
    expect(existsSync(join(lab!.home, 'service.json'))).toBe(true);

    const { client } = lab!.clients();
    await client.send(
      new CreatePipelineCommand({
        PipelineName: 'ProxyCheck',
        PipelineDefinition: definition,
        RoleArn: 'arn:aws:iam::000000000000:role/R',
        ClientRequestToken: 'proxy-check',
      }),
    );
    const described = await throughJupyter(lab!, 'SageMaker.DescribePipeline', { PipelineName: 'ProxyCheck' });
    expect(described.status).toBe(200);
    expect(described.json).toMatchObject({ PipelineName: 'ProxyCheck', PipelineStatus: 'Active' });
    expect(JSON.parse(String(described.json.PipelineDefinition))).toMatchObject({ Parameters: [{ Name: 'Threshold' }] });
  });

  it("passes the service's errors through with their AWS __type", async () => {
    const missing = await throughJupyter(lab!, 'SageMaker.DescribePipeline', { PipelineName: 'Nope' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ __type: 'ResourceNotFound' });
    const unknown = await throughJupyter(lab!, 'SageMaker.NoSuchOperation', {});
    expect(unknown.status).toBe(400);
    expect(String(unknown.json.__type)).toMatch(/UnknownOperation/);
  });

  it('finds the service again after it was stopped and restarted elsewhere', async () => {
    expect(sluiceCli('service', 'stop', '--home', lab!.home).status).toBe(0);
    const listed = await throughJupyter(lab!, 'SageMaker.ListPipelines', {});
    expect(listed.status).toBe(200);
    expect(listed.json).toMatchObject({ PipelineSummaries: [{ PipelineName: 'ProxyCheck' }] });
  });

  it('is reached by Jupyter over a unix socket, not a TCP port', () => {
    const config = JSON.parse(readFileSync(join(repoRoot, '.venv', 'etc', 'jupyter', 'jupyter_server_config.json'), 'utf8')) as {
      ServerProxy: { servers: { sluice: { command: string[]; unix_socket: boolean } } };
    };
    expect(config.ServerProxy.servers.sluice.unix_socket).toBe(true);
    expect(config.ServerProxy.servers.sluice.command).toEqual(expect.arrayContaining(['--socket', '{unix_socket}']));
    expect(config.ServerProxy.servers.sluice.command).not.toContain('{port}');
  });

  // Last: it stops JupyterLab.
  it('leaves neither its socket nor the folder jupyter-server-proxy made for it when JupyterLab stops', async () => {
    const sockets = descendants(lab!.pid).flatMap((pid) => {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--socket');
      return args.includes('proxy') && at >= 0 ? [args[at + 1]!] : [];
    });
    expect(sockets).toHaveLength(1);
    const folder = dirname(sockets[0]!);
    expect(folder).toMatch(/jupyter-server-proxy-/);
    expect(existsSync(sockets[0]!)).toBe(true);
    await lab!.stop();
    expect(existsSync(sockets[0]!)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });
});
