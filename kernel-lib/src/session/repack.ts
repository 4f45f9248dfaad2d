/**
 * For SageMaker hosting, a model's inference program travels inside model.tar.gz under code/, as the
 * SageMaker Python SDK repacks framework models: the container's `serve` finds it in /opt/ml/model/code.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { ContainerDefinition } from '@aws-sdk/client-sagemaker';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAsset } from '../sdk/code.js';
import type { AwsSession } from './aws-session.js';

export const packedCodeDir = '/opt/ml/model/code';

function tar(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let errors = '';
    const child = spawn('tar', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar ${args.join(' ')} failed: ${errors.trim()}`))));
  });
}

function s3Location(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (match === null) throw new Error(`Model.deploy: modelData must be an s3:// URI of a model.tar.gz, not "${uri}"`);
  return { bucket: match[1]!, key: match[2]! };
}

/** Uploads `<modelName>/model.tar.gz` (the model's files plus code/<program>) and returns the container that serves it. */
export async function packCodeIntoModel(
  session: AwsSession,
  container: ContainerDefinition,
  asset: CodeAsset,
  modelName: string,
): Promise<ContainerDefinition> {
  const work = mkdtempSync(join(tmpdir(), 'sluice-repack-'));
  try {
    const contents = join(work, 'model');
    mkdirSync(join(contents, 'code'), { recursive: true });
    if (container.ModelDataUrl !== undefined) {
      const { bucket, key } = s3Location(container.ModelDataUrl);
      const object = await session.s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      writeFileSync(join(work, 'model.tar.gz'), (await object.Body?.transformToByteArray()) ?? new Uint8Array());
      await tar(['-xzf', join(work, 'model.tar.gz'), '-C', contents]);
    }
    const program = asset.key.slice(asset.key.lastIndexOf('/') + 1);
    writeFileSync(join(contents, 'code', program), asset.body);
    await tar(['-czf', join(work, 'repacked.tar.gz'), '-C', contents, '.']);
    const key = `${modelName}/model.tar.gz`;
    await session.putObject(session.defaultBucket, key, readFileSync(join(work, 'repacked.tar.gz')));
    return {
      ...container,
      ModelDataUrl: `s3://${session.defaultBucket}/${key}`,
      Environment: { ...container.Environment, SAGEMAKER_PROGRAM: program, SAGEMAKER_SUBMIT_DIRECTORY: packedCodeDir },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
