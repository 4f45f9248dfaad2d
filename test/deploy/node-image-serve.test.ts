// The Node.js image's `serve`, which SageMaker hosting runs: Docker cannot run here, so the script runs on
// this machine the way the container would run it, with the program where Model.deploy packs it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeAsset } from '../../kernel-lib/src/index.js';
import { freePort, ping } from '../../kernel-lib/src/engine/serving/model-server.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const serve = join(repoRoot, 'containers', 'node', 'serve');

function run(env: Record<string, string>): { exited: Promise<{ code: number | null; stderr: string }>; stop: () => void } {
  const child = spawn('sh', [serve], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { exited: new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr }))), stop: () => child.kill('SIGTERM') };
}

describe("the Node.js image's serve", () => {
  const folder = mkdtempSync(join(tmpdir(), 'sluice-serve-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('runs SAGEMAKER_PROGRAM from the code folder, answering on SAGEMAKER_BIND_TO_PORT', async () => {
    const source = join(folder, 'inference.ts');
    writeFileSync(
      source,
      "import { createServer } from 'node:http';\ncreateServer((_q, a) => a.end('ok')).listen(Number(process.env.SAGEMAKER_BIND_TO_PORT), process.env.SAGEMAKER_BIND_TO_HOST);\n",
    );
    const asset = codeAsset(source, { stepName: 'Model', pipelineName: 'serve', bucket: 'b' });
    mkdirSync(join(folder, 'code'));
    writeFileSync(join(folder, 'code', 'inference.mjs'), asset.body);
    const port = await freePort();

    const server = run({
      SAGEMAKER_PROGRAM: 'inference.mjs',
      SAGEMAKER_SUBMIT_DIRECTORY: join(folder, 'code'),
      SAGEMAKER_BIND_TO_PORT: String(port),
      SAGEMAKER_BIND_TO_HOST: '127.0.0.1',
    });
    let answered = false;
    for (let i = 0; i < 100 && !answered; i++) {
      answered = await ping(port);
      if (!answered) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    server.stop();
    await server.exited;
    expect(answered).toBe(true);
  });

  it('has the program listen on every interface in a container, unless told otherwise (without binding here)', async () => {
    mkdirSync(join(folder, 'env'), { recursive: true });
    writeFileSync(join(folder, 'env', 'show.mjs'), 'console.error(`${process.env.SAGEMAKER_BIND_TO_HOST}:${process.env.SAGEMAKER_BIND_TO_PORT}`);\n');
    const shown = await run({ SAGEMAKER_PROGRAM: 'show.mjs', SAGEMAKER_SUBMIT_DIRECTORY: join(folder, 'env') }).exited;
    expect(shown).toEqual({ code: 0, stderr: '0.0.0.0:8080\n' });
    const told = await run({ SAGEMAKER_PROGRAM: 'show.mjs', SAGEMAKER_SUBMIT_DIRECTORY: join(folder, 'env'), SAGEMAKER_BIND_TO_HOST: '127.0.0.1' }).exited;
    expect(told.stderr).toBe('127.0.0.1:8080\n');
  });

  it('says what is missing', async () => {
    expect(await run({}).exited).toEqual({ code: 2, stderr: 'serve: SAGEMAKER_PROGRAM is not set (create the model with Model({ code }))\n' });
    const missing = await run({ SAGEMAKER_PROGRAM: 'inference.mjs', SAGEMAKER_SUBMIT_DIRECTORY: join(folder, 'nowhere') }).exited;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`serve: ${join(folder, 'nowhere')}/inference.mjs does not exist`);
  });
});
