// The Node.js step image (containers/node). Docker cannot run on these machines, so this checks what
// can be checked without it: the image's Node.js major, and that its `train` fallback runs a bundle the
// SDK made, the way a SageMaker training job without a ContainerEntrypoint would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeAsset } from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';

const imageDir = join(repoRoot, 'containers', 'node');

describe('the Node.js step image', () => {
  const codeDir = mkdtempSync(join(tmpdir(), 'sluice-code-channel-'));
  afterAll(() => rmSync(codeDir, { recursive: true, force: true }));

  it('builds from Node.js 20', () => {
    const dockerfile = readFileSync(join(imageDir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=20$/m);
    expect(dockerfile).toMatch(/^FROM public\.ecr\.aws\/docker\/library\/node:\$\{NODE_VERSION\}-bookworm-slim$/m);
  });

  it('runs the bundle of the code channel with `train`, passing arguments through', () => {
    const source = join(codeDir, 'step.ts');
    writeFileSync(source, "const greeting: string = 'trained';\nconsole.log(`${greeting} ${process.argv.slice(2).join(' ')}`);\n");
    const asset = codeAsset(source, { stepName: 'Train', pipelineName: 'Image', bucket: 'b' });
    writeFileSync(join(codeDir, asset.key.slice(asset.key.lastIndexOf('/') + 1)), asset.body);

    const run = spawnSync('sh', [join(imageDir, 'train'), '--epochs', '3'], { encoding: 'utf8', env: { ...process.env, SM_CHANNEL_CODE: codeDir } });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: 'trained --epochs 3\n' });
  });

  it('says what is missing when the code channel has no bundle', () => {
    const empty = mkdtempSync(join(tmpdir(), 'sluice-empty-channel-'));
    const run = spawnSync('sh', [join(imageDir, 'train')], { encoding: 'utf8', env: { ...process.env, SM_CHANNEL_CODE: empty } });
    rmSync(empty, { recursive: true, force: true });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no .mjs bundle');
  });
});
