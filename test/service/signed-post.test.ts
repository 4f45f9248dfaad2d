// Sluice's own SigV4 client (the panel's proxy and LocalExtrasClient send through it): kept-alive connections that
// neither hold a process open nor go stale, and a clear sign when no service listens.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isConnectionFailure, signedServicePost } from '../../kernel-lib/src/crypto/signed-post.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { startTestService, temporaryHome, type TestService } from './service-harness.js';

describe('signedServicePost', () => {
  let test: TestService;
  beforeAll(async () => {
    test = await startTestService();
  });
  afterAll(async () => {
    await test?.stop();
  });

  const address = () => ({ endpoint: test.service.endpoint, region: test.service.credentials.region, credentials: test.service.credentials });

  it('signs what the service accepts, again and again on the same kept-alive connections', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => signedServicePost(address(), 'SageMaker.ListPipelines', '{}')));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(JSON.parse(answers[0]!.text)).toEqual({ PipelineSummaries: [] });
    expect(answers[0]!.contentType).toContain('application/x-amz-json-1.1');
  });

  it("passes the service's errors through as they came", async () => {
    const answer = await signedServicePost(address(), 'SageMaker.DescribePipeline', JSON.stringify({ PipelineName: 'Nope' }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({ __type: 'ResourceNotFound' });
  });

  it('is refused with a wrong key', async () => {
    const wrong = { ...address(), credentials: { accessKeyId: test.service.credentials.accessKeyId, secretAccessKey: 'not-the-secret' } };
    const answer = await signedServicePost(wrong, 'SageMaker.ListPipelines', '{}');
    expect(answer.status).toBe(403);
  });

  it('says when no service listens', async () => {
    const error: unknown = await signedServicePost({ ...address(), endpoint: 'http://127.0.0.1:9' }, 'SageMaker.ListPipelines', '{}').catch(
      (caught: unknown) => caught,
    );
    expect(isConnectionFailure(error)).toBe(true);
    expect(isConnectionFailure(new Error('something else'))).toBe(false);
  });

  it('sends once more when the service closed the kept-alive connection while this process was blocked', async () => {
    // The service in a process of its own, as notebooks and tests reach it; this process blocked past the service's
    // 5 s keep-alive, as the tests' spawnSync of a notebook or a kernel compiling a cell blocks: it has not seen the
    // close when it sends on that connection again ("socket hang up" before).
    const cli = join(repoRoot, 'kernel-lib', 'dist', 'cli', 'main.js');
    const { home, remove } = temporaryHome();
    try {
      expect(spawnSync(process.execPath, [cli, 'service', 'start', '--home', home], { encoding: 'utf8' }).status).toBe(0);
      const endpoint = (JSON.parse(readFileSync(join(home, 'service.json'), 'utf8')) as { endpoint: string }).endpoint;
      const keys = JSON.parse(readFileSync(join(home, 'credentials.json'), 'utf8')) as { region: string; accessKeyId: string; secretAccessKey: string };
      const detached = { endpoint, region: keys.region, credentials: { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey } };
      expect((await signedServicePost(detached, 'SageMaker.ListPipelines', '{}')).status).toBe(200);
      spawnSync('sleep', ['6']);
      expect((await signedServicePost(detached, 'SageMaker.ListPipelines', '{}')).status).toBe(200);
    } finally {
      spawnSync(process.execPath, [cli, 'service', 'stop', '--home', home]);
      remove();
    }
  });

  it('lets a process that used it exit at once: its idle connections hold nothing open', async () => {
    const module = join(repoRoot, 'kernel-lib', 'dist', 'crypto', 'signed-post.js');
    const script = `const { signedServicePost } = await import(${JSON.stringify(module)});
const answer = await signedServicePost(JSON.parse(process.env.ADDRESS), 'SageMaker.ListPipelines', '{}');
console.log(answer.status);`;
    const started = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ADDRESS: JSON.stringify(address()) } });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(printed.trim()).toBe('200');
    // The service keeps an idle connection 5 s; a process held open by it would take that long to end.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
