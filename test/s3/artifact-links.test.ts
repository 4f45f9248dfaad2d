// The artifact store never follows a symbolic link (issue 16): links a job leaves in its outputs are not
// uploaded, a link already in the store is neither read through nor written through, and keys that cannot
// be paths are refused with a message instead of failing deep in the file system.
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArtifactPathError, ArtifactStore } from '../../kernel-lib/src/engine/artifacts.js';

describe('the artifact store and symbolic links', () => {
  let work: string;
  let store: ArtifactStore;
  let secret: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'sluice-links-'));
    store = new ArtifactStore(join(work, 'home', 's3'));
    secret = join(work, 'secret.txt');
    writeFileSync(secret, 'credentials');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it("leaves links out when it uploads a job's output folder", () => {
    const output = join(work, 'output');
    mkdirSync(join(output, 'nested'), { recursive: true });
    writeFileSync(join(output, 'model.json'), '{}');
    symlinkSync(secret, join(output, 'stolen.txt'));
    symlinkSync(work, join(output, 'nested', 'everything'));
    store.upload(output, 's3://bucket/job/output');
    expect(store.list('s3://bucket/job/output')).toEqual(['s3://bucket/job/output/model.json']);
    expect(existsSync(join(store.root, 'bucket', 'job', 'output', 'stolen.txt'))).toBe(false);
  });

  it('refuses to upload through a link planted in the store where a folder goes', () => {
    const output = join(work, 'output');
    mkdirSync(join(output, 'sub'), { recursive: true });
    writeFileSync(join(output, 'sub', 'file.txt'), 'x');
    const outside = join(work, 'outside');
    mkdirSync(outside);
    mkdirSync(join(store.root, 'bucket', 'out'), { recursive: true });
    symlinkSync(outside, join(store.root, 'bucket', 'out', 'sub'));
    expect(() => store.upload(output, 's3://bucket/out')).toThrow(/symbolic link/);
    expect(readdirSync(outside)).toEqual([]);
  });

  it('refuses to read or write through a link in the store, and drops links when it downloads a prefix', () => {
    store.putObject('s3://bucket/data/ok.csv', 'a,b\n');
    symlinkSync(secret, join(store.root, 'bucket', 'data', 'link.csv'));
    symlinkSync(work, join(store.root, 'bucket', 'escape'));
    expect(() => store.readJson('s3://bucket/data/link.csv')).toThrow(ArtifactPathError);
    expect(() => store.pathOf('s3://bucket/escape/secret.txt')).toThrow(/symbolic link/);
    expect(() => store.putObject('s3://bucket/escape/planted.txt', 'x')).toThrow(ArtifactPathError);
    expect(existsSync(join(work, 'planted.txt'))).toBe(false);
    const destination = join(work, 'input');
    store.download('s3://bucket/data', destination);
    expect(readdirSync(destination)).toEqual(['ok.csv']);
    expect(lstatSync(join(destination, 'ok.csv')).isFile()).toBe(true);
  });

  it('refuses keys that cannot be paths with a message', () => {
    expect(() => store.putObject('s3://bucket/a\u0000b', 'x')).toThrow(/NUL/);
    expect(() => store.putObject(`s3://bucket/${'k'.repeat(1100)}`, 'x')).toThrow(/at most 1024 bytes/);
    expect(() => store.putObject(`s3://bucket/${'k'.repeat(300)}/x`, 'x')).toThrow(/255 bytes/);
    expect(() => store.putObject('s3://bucket', 'x')).toThrow(/names a bucket/);
  });
});
