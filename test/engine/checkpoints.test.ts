// What a training job's CheckpointConfig means on this machine (the SDK-level round trip is in
// test/sagemaker-sdk/checkpoints.test.ts): the folder the job writes, and the errors that name what is wrong.
import { join } from 'node:path';
import { checkpointsOf } from '../../kernel-lib/src/engine/runners/checkpoints.js';
import { jobFolder } from '../../kernel-lib/src/engine/runners/container-paths.js';
import { makeTestWorkspace } from '../harness/workspace.js';

describe('CheckpointConfig', () => {
  const folder = jobFolder(join(makeTestWorkspace('checkpoints'), 'jobs'), 'train-1');

  it('is /opt/ml/checkpoints unless LocalPath says otherwise', () => {
    expect(checkpointsOf({ S3Uri: 's3://bucket/ckpt' }, folder)).toEqual({
      uri: 's3://bucket/ckpt',
      localPath: '/opt/ml/checkpoints',
      folder: join(folder.ml, 'checkpoints'),
    });
    expect(checkpointsOf({ S3Uri: 's3://bucket/ckpt', LocalPath: '/opt/ml/state/' }, folder)?.folder).toBe(join(folder.ml, 'state'));
    expect(checkpointsOf(undefined, folder)).toBeUndefined();
  });

  it('names what is wrong: no S3Uri, a LocalPath outside /opt/ml', () => {
    expect(() => checkpointsOf({ LocalPath: '/opt/ml/checkpoints' }, folder)).toThrow(/CheckpointConfig\.S3Uri/);
    expect(() => checkpointsOf({ S3Uri: 's3://bucket/ckpt', LocalPath: '/checkpoints' }, folder)).toThrow(
      /CheckpointConfig\.LocalPath "\/checkpoints" must be a path under \/opt\/ml\//,
    );
  });
});
