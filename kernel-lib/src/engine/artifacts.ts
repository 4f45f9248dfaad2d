/**
 * The artifact store: `s3://bucket/key` is the file `<root>/<bucket>/<key>`. A key that would leave the
 * root (`..`, absolute parts, a symlink on the way) is refused. Inputs may also be `file://` paths on this
 * machine. The S3 API (`service/s3/`) serves the same files, so the engine, the panel and S3 clients share
 * one copy of every object.
 */
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export class ArtifactPathError extends Error {
  override readonly name = 'ArtifactPathError';
}

export const bucketPattern = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** S3's own limit on a key's length, in UTF-8 bytes. */
export const maxKeyBytes = 1024;
/** A key's part between slashes is a file or folder name here, and file systems stop at 255 bytes. */
export const maxKeyPartBytes = 255;

/**
 * Why a key cannot be a path in the store, or undefined when it can. Keys are paths: `a//b`, `.` and `..`
 * parts, NUL bytes and parts longer than a file name can be are refused; a trailing `/` names a folder.
 */
export function keyProblem(key: string): string | undefined {
  if (key.includes('\0')) return 'a key may not contain a NUL byte';
  if (Buffer.byteLength(key) > maxKeyBytes) return `a key may be at most ${maxKeyBytes} bytes long`;
  const parts = key.split('/');
  if (parts.at(-1) === '') parts.pop();
  for (const part of parts) {
    if (part === '') return 'a key may not start with "/" or hold "//" (keys are paths in the local store)';
    if (part === '.' || part === '..') return 'a key may not hold "." or ".." between slashes (keys are paths in the local store)';
    if (Buffer.byteLength(part) > maxKeyPartBytes)
      return `each part of a key between slashes may be at most ${maxKeyPartBytes} bytes (it is a file name in the local store)`;
  }
  return undefined;
}

function lexists(path: string): boolean {
  // No exception for a missing path (S3 PutObject asks this of every new key); ENOTDIR when a file is on the way.
  try {
    return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/** False for symlinks and anything else that is not a plain file or folder: the store never follows a link. */
export function isPlainEntry(path: string): boolean {
  try {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    return stats !== undefined && (stats.isFile() || stats.isDirectory());
  } catch {
    return false;
  }
}

export class ArtifactStore {
  /** http(s) inputs, downloaded once: `<downloads>/<sha256 of the URL>/<file name>`. */
  readonly downloads: string;

  constructor(readonly root: string) {
    this.downloads = join(dirname(resolve(root)), 'downloads');
    this.staging = join(dirname(resolve(root)), 's3-staging');
  }

  /** Where objects are written before they are renamed into place: beside the store, on its file system. */
  readonly staging: string;
  /** The store's own real path, resolved once it exists. */
  private realRoot: string | undefined;

  /**
   * Throws unless `path`, with every symlink on its way resolved, stays inside the store: the deepest part
   * of it that exists is resolved, so a link planted anywhere above it is caught before anything is read
   * or written there.
   */
  assertInside(path: string, uri: string): void {
    const lexicalRoot = resolve(this.root);
    let existing = resolve(path);
    while (!lexists(existing) && existing !== lexicalRoot && dirname(existing) !== existing) existing = dirname(existing);
    // Nothing of the path exists inside the store yet (not even the store): no link can be on its way.
    if (existing === lexicalRoot || !existing.startsWith(lexicalRoot + sep)) return;
    let real: string;
    try {
      real = realpathSync(existing);
    } catch {
      throw new ArtifactPathError(`${uri} cannot be resolved in the store`);
    }
    this.realRoot ??= realpathSync(lexicalRoot);
    const root = this.realRoot;
    if (!real.startsWith(root + sep)) throw new ArtifactPathError(`${uri} leads out of the store through a symbolic link`);
  }

  private downloadPath(url: string): string {
    const name = basename(new URL(url).pathname) || 'index';
    return join(this.downloads, createHash('sha256').update(url).digest('hex'), name);
  }

  /** Fetches an http(s) input into the download cache unless it is there; other URIs need nothing. */
  async prepare(uri: string): Promise<void> {
    if (!/^https?:\/\//.test(uri)) return;
    const path = this.downloadPath(uri);
    if (existsSync(path)) return;
    let response: Response;
    try {
      response = await fetch(uri);
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      throw new ArtifactPathError(`could not download ${uri} (${cause}); this machine may be offline`);
    }
    if (!response.ok) throw new ArtifactPathError(`${uri} answered ${response.status} ${response.statusText}`);
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed, so a half-finished download is never taken for the file.
    writeFileSync(`${path}.partial`, Buffer.from(await response.arrayBuffer()));
    renameSync(`${path}.partial`, path);
  }

  /** The local path of an s3:// URI; throws when the URI is malformed or escapes the store. */
  pathOf(uri: string): string {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/s.exec(uri);
    if (!match) throw new ArtifactPathError(`"${uri.slice(0, 200)}" is not an s3:// URI`);
    const [, bucket, key] = match as unknown as [string, string, string];
    if (!bucketPattern.test(bucket)) throw new ArtifactPathError(`"${bucket.slice(0, 100)}" is not a valid bucket name (in ${uri.slice(0, 200)})`);
    if (key.split('/').some((part) => part === '..' || part === '.')) throw new ArtifactPathError(`the key of ${uri.slice(0, 200)} leaves its bucket`);
    const problem = keyProblem(key.replace(/^\/+/, '').replace(/\/{2,}/g, '/'));
    if (problem !== undefined) throw new ArtifactPathError(`${uri.slice(0, 200)}: ${problem}`);
    const bucketRoot = resolve(this.root, bucket);
    const path = resolve(bucketRoot, key);
    const inside = relative(bucketRoot, path);
    if (inside.startsWith('..') || resolve(inside) === inside) throw new ArtifactPathError(`the key of ${uri.slice(0, 200)} leaves its bucket`);
    this.assertInside(path, uri);
    return path;
  }

  /** A local source for an input URI: s3:// in the store, file:// on this machine, http(s):// once prepared. */
  sourceOf(uri: string): string {
    if (uri.startsWith('file://')) return fileURLToPath(uri);
    if (/^https?:\/\//.test(uri)) {
      const path = this.downloadPath(uri);
      if (!existsSync(path)) throw new ArtifactPathError(`${uri} has not been downloaded`);
      return path;
    }
    return this.pathOf(uri);
  }

  /**
   * Copies what an S3Prefix input names into `destination`: a file lands as `destination/<name>`; a
   * prefix that is a folder gives its contents; otherwise every object whose key starts with it.
   */
  download(uri: string, destination: string): void {
    const source = this.sourceOf(uri);
    // Links in the store are dropped, never followed: a job may have left one pointing anywhere.
    const fromStore = uri.startsWith('s3://');
    const copy = (from: string, to: string) => cpSync(from, to, { recursive: true, filter: (path) => !fromStore || isPlainEntry(path) });
    mkdirSync(destination, { recursive: true });
    if (fromStore && existsSync(source) && !isPlainEntry(source)) throw new ArtifactPathError(`${uri} is a symbolic link; the store does not follow links`);
    if (existsSync(source) && statSync(source).isFile()) {
      copy(source, join(destination, basename(source)));
      return;
    }
    if (existsSync(source) && statSync(source).isDirectory()) {
      copy(source, destination);
      return;
    }
    const parent = dirname(source);
    const prefix = basename(source);
    const matches = existsSync(parent) ? readdirSync(parent).filter((name) => name.startsWith(prefix)) : [];
    if (matches.length === 0) throw new ArtifactPathError(`no objects under ${uri}`);
    for (const name of matches) copy(join(parent, name), join(destination, name));
  }

  /** Copies a folder's files under an s3:// prefix; symbolic links in it are left out, so the store holds none. */
  upload(folder: string, uri: string): void {
    const target = this.pathOf(uri);
    mkdirSync(target, { recursive: true });
    if (!existsSync(folder)) return;
    // Each file is copied aside and renamed into place, so an S3 reader sees the old object or the new one.
    mkdirSync(this.staging, { recursive: true });
    const copy = (from: string, to: string): void => {
      for (const entry of readdirSync(from, { withFileTypes: true })) {
        const source = join(from, entry.name);
        const destination = join(to, entry.name);
        if (entry.isDirectory()) {
          // A link planted where a folder goes would carry the files out of the store.
          if (lexists(destination) && !isPlainEntry(destination))
            throw new ArtifactPathError(`${uri}: ${entry.name} in the store is a symbolic link; the store does not follow links`);
          mkdirSync(destination, { recursive: true });
          copy(source, destination);
        } else if (entry.isFile()) {
          const partial = join(this.staging, `${randomBytes(8).toString('hex')}.partial`);
          try {
            cpSync(source, partial);
            renameSync(partial, destination);
          } catch (error) {
            rmSync(partial, { force: true });
            throw error;
          }
        }
        // Anything else (a symbolic link above all) stays behind.
      }
    };
    this.assertInside(target, uri);
    copy(folder, target);
  }

  putObject(uri: string, body: Uint8Array | string): void {
    const path = this.pathOf(uri);
    if (path === resolve(this.root, /^s3:\/\/([^/]+)/.exec(uri)?.[1] ?? '')) throw new ArtifactPathError(`${uri} names a bucket, not an object: add a key`);
    mkdirSync(dirname(path), { recursive: true });
    // Written aside and renamed, so a reader (an S3 GET) never sees half an object.
    mkdirSync(this.staging, { recursive: true });
    const partial = join(this.staging, `${randomBytes(8).toString('hex')}.partial`);
    try {
      writeFileSync(partial, body);
      renameSync(partial, path);
    } catch (error) {
      rmSync(partial, { force: true });
      throw error;
    }
  }

  readJson(uri: string): unknown {
    const path = this.sourceOf(uri);
    if (!existsSync(path)) throw new ArtifactPathError(`${uri} does not exist`);
    if (uri.startsWith('s3://') && !isPlainEntry(path)) throw new ArtifactPathError(`${uri} is a symbolic link; the store does not follow links`);
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as unknown;
    } catch (error) {
      throw new ArtifactPathError(`${uri} is not JSON: ${error instanceof Error ? error.message : error}`);
    }
  }

  /** Keys under an s3:// prefix, for listing artifacts. */
  list(uri: string): string[] {
    const base = this.pathOf(uri);
    if (!existsSync(base)) return [];
    if (statSync(base).isFile()) return [uri];
    const found: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.isFile()) found.push(`${uri.replace(/\/$/, '')}/${relative(base, path).split(sep).join('/')}`);
      }
    };
    walk(base);
    return found.sort();
  }
}
