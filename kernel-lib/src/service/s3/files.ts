/**
 * S3 objects as files of the artifact store: `s3://bucket/key` is `<store>/<bucket>/<key>`, the very file the
 * engine reads and writes. What a file cannot hold (ETag, Content-Type, x-amz-meta-*, checksum) is a record in
 * `<home>/s3-meta.db` (metadata.ts), valid while the file's size and mtime match it; a file the engine wrote
 * has none, so its ETag (the MD5) is computed once, on first need.
 *
 * Limits of keys as paths: `a` and `a/b` cannot both exist (KeyConflict); a key ending in `/` is a folder
 * (an empty object, as the S3 console's folders are); `.`/`..` parts, `//`, NUL and parts over 255 bytes are
 * refused. Nothing here follows a symbolic link.
 */
import { createHash, randomBytes } from 'node:crypto';
import { MetadataIndex, type MetadataRecord } from './metadata.js';
import { createReadStream, lstatSync, mkdirSync, type Stats } from 'node:fs';
import { lstat, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ArtifactPathError, bucketPattern, keyProblem, type ArtifactStore } from '../../engine/artifacts.js';
import { invalidBucketName, keyConflict, noSuchBucket, noSuchKey, S3Error } from './errors.js';
import type { ChecksumAlgorithm } from './checksums.js';

export interface ObjectMeta {
  readonly etag: string;
  readonly contentType: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** Headers S3 stores and returns as sent: Content-Encoding, Content-Disposition, Cache-Control, Content-Language, Expires. */
  readonly headers: Readonly<Record<string, string>>;
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly value: string };
  /** Parts of a multipart upload, for `x-amz-mp-parts-count`. */
  readonly parts?: number;
}

export interface StoredObject extends ObjectMeta {
  readonly key: string;
  readonly path: string;
  readonly size: number;
  readonly lastModified: Date;
  readonly folder: boolean;
}

type Sidecar = ObjectMeta & MetadataRecord;

const defaultContentType = 'application/octet-stream';
const emptyMd5 = 'd41d8cd98f00b204e9800998ecf8427e';

export class S3Files {
  readonly uploadsRoot: string;
  private readonly index: MetadataIndex;
  private stagingMade = false;

  /** Told of every object a write created or replaced (PutObject, CopyObject, CompleteMultipartUpload): event triggers listen. */
  constructor(
    readonly store: ArtifactStore,
    private readonly onCreated: (bucket: string, object: StoredObject) => void = () => undefined,
  ) {
    const home = dirname(resolve(store.root));
    this.uploadsRoot = join(home, 's3-uploads');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    this.index = new MetadataIndex(join(home, 's3-meta.db'));
  }

  close(): void {
    this.index.close();
  }

  get staging(): string {
    return this.store.staging;
  }

  checkBucketName(bucket: string): void {
    if (!bucketPattern.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) throw invalidBucketName(bucket.slice(0, 100));
  }

  bucketPath(bucket: string): string {
    this.checkBucketName(bucket);
    return join(resolve(this.store.root), bucket);
  }

  /** Synchronous: one lstat of a folder costs less than the trip through the thread pool, and every request asks. */
  async bucketStats(bucket: string): Promise<Stats | undefined> {
    const path = this.bucketPath(bucket);
    try {
      const stats = lstatSync(path, { throwIfNoEntry: false });
      return stats?.isDirectory() === true ? stats : undefined;
    } catch {
      return undefined;
    }
  }

  async requireBucket(bucket: string): Promise<string> {
    if ((await this.bucketStats(bucket)) === undefined) throw noSuchBucket(bucket);
    return this.bucketPath(bucket);
  }

  /** The file of a key, checked: refused keys are 400s that say why, never a 500. */
  objectPath(bucket: string, key: string): string {
    const problem = keyProblem(key);
    if (problem !== undefined) {
      if (Buffer.byteLength(key) > 1024) throw new S3Error('KeyTooLongError', 'Your key is too long (at most 1024 bytes).', 400);
      throw new S3Error('InvalidArgument', `Invalid key ${JSON.stringify(key.slice(0, 100))}: ${problem}`, 400);
    }
    try {
      return this.store.pathOf(`s3://${bucket}/${key}`);
    } catch (error) {
      if (error instanceof ArtifactPathError) throw new S3Error('AccessDenied', error.message, 403);
      throw error;
    }
  }

  /** The object at a key, or undefined; its ETag is computed now when no valid sidecar holds it. */
  async find(bucket: string, key: string): Promise<StoredObject | undefined> {
    const path = this.objectPath(bucket, key);
    const stats = await lstat(path).catch(() => undefined);
    if (stats === undefined) return undefined;
    const folder = key.endsWith('/');
    if (folder ? !stats.isDirectory() : !stats.isFile()) return undefined;
    return this.describe(bucket, key, path, stats);
  }

  async get(bucket: string, key: string): Promise<StoredObject> {
    await this.requireBucket(bucket);
    const found = await this.find(bucket, key);
    if (found === undefined) throw noSuchKey(key);
    return found;
  }

  /** The object from a remembered sidecar that still matches the file, without waiting on anything; else undefined. */
  describeKnown(bucket: string, key: string, path: string, stats: Stats): StoredObject | undefined {
    if (stats.isDirectory()) return undefined;
    const sidecar = this.readSidecar(bucket, key);
    if (sidecar === undefined || sidecar.size !== stats.size || sidecar.mtimeMs !== stats.mtimeMs) return undefined;
    // Field by field, not a spread of the record: a listing page makes a thousand of these.
    const { etag, contentType, metadata, headers, checksum, parts } = sidecar;
    const object: StoredObject = { key, path, folder: false, lastModified: stats.mtime, size: stats.size, etag, contentType, metadata, headers };
    return checksum === undefined && parts === undefined
      ? object
      : { ...object, ...(checksum === undefined ? {} : { checksum }), ...(parts === undefined ? {} : { parts }) };
  }

  async describe(bucket: string, key: string, path: string, stats: Stats): Promise<StoredObject> {
    const folder = stats.isDirectory();
    const base = { key, path, folder, lastModified: stats.mtime, size: folder ? 0 : stats.size };
    if (folder) return { ...base, etag: `"${emptyMd5}"`, contentType: 'application/x-directory', metadata: {}, headers: {} };
    const known = this.describeKnown(bucket, key, path, stats);
    if (known !== undefined) return known;
    // Written by the engine (or changed by it since): the MD5 is the ETag, computed once and kept.
    const md5 = await fileMd5(path);
    const meta: Sidecar = { key, size: stats.size, mtimeMs: stats.mtimeMs, etag: `"${md5}"`, contentType: defaultContentType, metadata: {}, headers: {} };
    this.writeSidecar(bucket, key, meta);
    return { ...base, ...meta };
  }

  private readSidecar(bucket: string, key: string): Sidecar | undefined {
    const record = this.index.get(bucket, key);
    return record?.key === key ? (record as Sidecar) : undefined;
  }

  private writeSidecar(bucket: string, key: string, sidecar: Sidecar): void {
    this.index.put(bucket, key, sidecar);
  }

  /** A fresh staging file's path (on the store's file system, outside every bucket). */
  async stagingFile(): Promise<string> {
    if (!this.stagingMade) await mkdir(this.staging, { recursive: true });
    this.stagingMade = true;
    return join(this.staging, `${randomBytes(12).toString('hex')}.partial`);
  }

  /**
   * Makes a staged file the object at `key`: its metadata first (the rename keeps size and mtime, so the
   * sidecar is valid the moment the object appears), then one rename, so readers see the old object or the
   * new one, never a part.
   */
  async commit(bucket: string, key: string, staged: string, meta: ObjectMeta, path = this.objectPath(bucket, key)): Promise<StoredObject> {
    // Callers have checked the bucket; makeParents checks the path again once its folders exist.
    await this.makeParents(bucket, key, path);
    // Synchronous, and no exception when absent: most PutObjects name a new key.
    let existing: Stats | undefined;
    try {
      existing = lstatSync(path, { throwIfNoEntry: false });
    } catch {
      throw keyConflict(key, 'an object exists at one of its prefixes ending before a "/"');
    }
    if (existing?.isDirectory() === true) throw keyConflict(key, 'other keys start with it followed by "/"');
    if (existing !== undefined && !existing.isFile()) throw keyConflict(key, 'the store holds something else there');
    // The staged file's own mtime (nanoseconds on ext4, xfs, btrfs, tmpfs) tells this write from any other.
    const stats = await stat(staged);
    this.writeSidecar(bucket, key, { ...meta, key, size: stats.size, mtimeMs: stats.mtimeMs });
    await rename(staged, path);
    const created: StoredObject = { ...meta, key, path, size: stats.size, lastModified: stats.mtime, folder: false };
    this.onCreated(bucket, created);
    return created;
  }

  /** A key ending in "/": an empty folder, as the S3 console makes them. */
  async makeFolder(bucket: string, key: string): Promise<void> {
    const path = this.objectPath(bucket, key);
    await this.requireBucket(bucket);
    await this.makeParents(bucket, key, path);
    const existing = await lstat(path).catch(() => undefined);
    if (existing !== undefined && !existing.isDirectory()) throw keyConflict(key, 'an object without the trailing "/" exists');
    await mkdir(path, { recursive: true });
  }

  private async makeParents(bucket: string, key: string, path: string): Promise<void> {
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST') throw keyConflict(key, 'an object exists at one of its prefixes ending before a "/"');
      throw error;
    }
    // mkdir may have walked through a link planted since the path was checked.
    this.store.assertInside(path, `s3://${bucket}/${key}`);
  }

  /** Deletes an object (S3: deleting what does not exist succeeds); folders left empty go with it. */
  async remove(bucket: string, key: string): Promise<void> {
    const path = this.objectPath(bucket, key);
    const bucketRoot = await this.requireBucket(bucket);
    const stats = await lstat(path).catch(() => undefined);
    if (stats === undefined) return;
    if (key.endsWith('/')) {
      if (stats.isDirectory()) await rmdir(path).catch(() => undefined);
    } else if (stats.isFile() || stats.isSymbolicLink()) {
      await rm(path, { force: true });
    } else {
      return;
    }
    this.index.delete(bucket, key);
    let folder = dirname(path);
    while (folder.startsWith(bucketRoot + '/') && (await readdir(folder).catch(() => ['?'])).length === 0) {
      await rmdir(folder).catch(() => undefined);
      folder = dirname(folder);
    }
  }

  /** Every bucket (a folder of the store) with its creation time. */
  async buckets(): Promise<{ name: string; created: Date }[]> {
    const entries = await readdir(this.store.root, { withFileTypes: true }).catch(() => []);
    const found: { name: string; created: Date }[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || !bucketPattern.test(entry.name)) continue;
      const stats = await stat(join(this.store.root, entry.name));
      found.push({ name: entry.name, created: stats.birthtimeMs > 0 ? stats.birthtime : stats.ctime });
    }
    return found.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async createBucket(bucket: string): Promise<boolean> {
    const path = this.bucketPath(bucket);
    try {
      await mkdir(dirname(path), { recursive: true });
      await mkdir(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  /** Refused while it holds an object (BucketNotEmpty). */
  async deleteBucket(bucket: string): Promise<void> {
    const path = await this.requireBucket(bucket);
    if ((await readdir(path)).length > 0) throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
    await rmdir(path);
    this.index.deleteBucket(bucket);
  }
}

export function fileMd5(path: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const hash = createHash('md5');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolvePromise(hash.digest('hex')))
      .on('error', reject);
  });
}
