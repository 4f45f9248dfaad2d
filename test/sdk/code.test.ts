import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pipeline, ProcessingStep, TrainingStep, codeAsset } from '../../kernel-lib/src/index.js';
import { readGolden } from './goldens.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const role = 'arn:aws:iam::123456789012:role/SageMakerRole';

function processing(code: string, command?: string[]): ProcessingStep {
  return new ProcessingStep({ name: 'Prep', imageUri: 'img', roleArn: role, instanceType: 'ml.m5.xlarge', instanceCount: 1, code, command });
}

function inFolder<T>(folder: string, action: () => T): T {
  const previous = process.cwd();
  process.chdir(folder);
  try {
    return action();
  } finally {
    process.chdir(previous);
  }
}

describe('a local Python code file', () => {
  it('gets the content-addressed URI the Python SDK gives it (the abalone golden)', () => {
    const folder = makeTestWorkspace('code-python');
    writeFileSync(join(folder, 'preprocess.py'), 'print("pre")\n');
    const pipeline = new Pipeline({ name: 'AbalonePipeline', steps: [processing('preprocess.py', ['python3'])], defaultBucket: 'my-bucket' });

    const [definition, assets] = inFolder(folder, () => [pipeline.definition(), pipeline.codeAssets()] as const);

    const goldenUri = readGolden('abalone').match(/s3:\/\/my-bucket\/AbalonePipeline\/code\/[0-9a-f]{64}\/preprocess\.py/)![0];
    expect(assets.map((asset) => asset.s3Uri)).toEqual([goldenUri]);
    expect(Buffer.from(assets[0].body).toString()).toBe('print("pre")\n');
    expect(definition).toContain(`"S3Uri": "${goldenUri}", "LocalPath": "/opt/ml/processing/input/code"`);
    expect(definition).toContain('"ContainerEntrypoint": ["python3", "/opt/ml/processing/input/code/preprocess.py"]');
  });
});

describe('a local TypeScript code file', () => {
  const folder = makeTestWorkspace('code-ts');
  writeFileSync(join(folder, 'format.ts'), 'export const label = (n: number): string => `rows=${n}`;\n');
  // semver is an npm package from node_modules: the bundle must carry it.
  writeFileSync(join(folder, 'prep.ts'), 'import semver from "semver";\nimport { label } from "./format";\nconsole.log(label(3), semver.valid("1.2.3"));\n');
  const pipeline = () => new Pipeline({ name: 'Bundled', steps: [processing(join(folder, 'prep.ts'))], defaultBucket: 'my-bucket' });

  it('is bundled with its dependencies into one .mjs that runs under plain node', () => {
    const [asset] = pipeline().codeAssets();
    expect(asset.key).toMatch(/^Bundled\/code\/[0-9a-f]{64}\/prep\.mjs$/);
    const elsewhere = mkdtempSync(join(tmpdir(), 'sluice-bundle-'));
    const outside = join(elsewhere, 'prep.mjs');
    writeFileSync(outside, asset.body);
    const run = spawnSync(process.execPath, [outside], { encoding: 'utf8' });
    rmSync(elsewhere, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('rows=3 1.2.3\n');
  });

  it('runs with node in the container', () => {
    expect(pipeline().definition()).toMatch(/"ContainerEntrypoint": \["node", "\/opt\/ml\/processing\/input\/code\/prep\.mjs"\]/);
  });

  it('keeps its URI while the code is unchanged and gets a new one when it changes', () => {
    const first = pipeline().codeAssets()[0].s3Uri;
    expect(pipeline().codeAssets()[0].s3Uri).toBe(first);
    writeFileSync(join(folder, 'format.ts'), 'export const label = (n: number): string => `rows: ${n}`;\n');
    expect(pipeline().codeAssets()[0].s3Uri).not.toBe(first);
  });
});

describe('training code', () => {
  it('reaches the job as the channel "code" and runs with node from there', () => {
    const folder = makeTestWorkspace('code-train');
    writeFileSync(join(folder, 'train.ts'), 'console.log("training");\n');
    const train = new TrainingStep({
      name: 'Train',
      imageUri: 'node-image',
      roleArn: role,
      instanceType: 'ml.m5.xlarge',
      outputPath: 's3://my-bucket/models',
      inputs: { train: 's3://my-bucket/data/train' },
      code: join(folder, 'train.ts'),
    });
    const pipeline = new Pipeline({ name: 'Trainer', steps: [train], defaultBucket: 'my-bucket' });
    const [asset] = pipeline.codeAssets();
    const definition = pipeline.definition();
    expect(definition).toContain(
      `"AlgorithmSpecification": {"TrainingInputMode": "File", "TrainingImage": "node-image", "ContainerEntrypoint": ["node", "/opt/ml/input/data/code/train.mjs"]}`,
    );
    expect(definition).toContain(
      `{"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "${asset.s3Uri}", "S3DataDistributionType": "FullyReplicated"}}, "ChannelName": "code"}]`,
    );
  });
});

describe('code that cannot be used', () => {
  it('names the step and the missing file', () => {
    expect(() => new Pipeline({ name: 'P', steps: [processing('no-such-file.py')], defaultBucket: 'b' }).definition()).toThrow(
      /Step "Prep": code file "no-such-file.py" not found/,
    );
  });

  it('names the file and line that does not compile', () => {
    const folder = makeTestWorkspace('code-broken');
    writeFileSync(join(folder, 'broken.ts'), 'const x = ;\n');
    expect(() => codeAsset(join(folder, 'broken.ts'), { stepName: 'Prep', pipelineName: 'P', bucket: 'b' })).toThrow(
      /Step "Prep": code ".*broken\.ts" does not bundle:\n.*broken\.ts:1:10/,
    );
  });

  it('asks for a bucket when a local file has nowhere to go', () => {
    const folder = makeTestWorkspace('code-nobucket');
    writeFileSync(join(folder, 'a.py'), 'print(1)\n');
    expect(() => new Pipeline({ name: 'P', steps: [processing(join(folder, 'a.py'))] }).definition()).toThrow(/give the pipeline a defaultBucket/);
  });
});
