/**
 * The artifact store: `s3://bucket/key` is the file `<root>/<bucket>/<key>`. A key that would leave the
 * root (`..`, absolute parts) is refused. Inputs may also be `file://` paths on this machine.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export class ArtifactPathError extends Error {
  override readonly name = 'ArtifactPathError';
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export class ArtifactStore {
  /** http(s) inputs, downloaded once: `<downloads>/<sha256 of the URL>/<file name>`. */
  readonly downloads: string;

  constructor(readonly root: string) {
    this.downloads = join(dirname(resolve(root)), 'downloads');
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
    const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
    if (!match) throw new ArtifactPathError(`"${uri}" is not an s3:// URI`);
    const [, bucket, key] = match;
    if (!BUCKET.test(bucket)) throw new ArtifactPathError(`"${bucket}" is not a valid bucket name (in ${uri})`);
    if (key.split('/').some((part) => part === '..' || part === '.')) throw new ArtifactPathError(`the key of ${uri} leaves its bucket`);
    const bucketRoot = resolve(this.root, bucket);
    const path = resolve(bucketRoot, key);
    const inside = relative(bucketRoot, path);
    if (inside.startsWith('..') || resolve(inside) === inside) throw new ArtifactPathError(`the key of ${uri} leaves its bucket`);
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
    mkdirSync(destination, { recursive: true });
    if (existsSync(source) && statSync(source).isFile()) {
      cpSync(source, join(destination, basename(source)));
      return;
    }
    if (existsSync(source) && statSync(source).isDirectory()) {
      cpSync(source, destination, { recursive: true });
      return;
    }
    const parent = dirname(source);
    const prefix = basename(source);
    const matches = existsSync(parent) ? readdirSync(parent).filter((name) => name.startsWith(prefix)) : [];
    if (matches.length === 0) throw new ArtifactPathError(`no objects under ${uri}`);
    for (const name of matches) cpSync(join(parent, name), join(destination, name), { recursive: true });
  }

  /** Copies a folder's files under an s3:// prefix. */
  upload(folder: string, uri: string): void {
    const target = this.pathOf(uri);
    mkdirSync(target, { recursive: true });
    if (existsSync(folder)) cpSync(folder, target, { recursive: true });
  }

  putObject(uri: string, body: Uint8Array | string): void {
    const path = this.pathOf(uri);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
  }

  readJson(uri: string): unknown {
    const path = this.sourceOf(uri);
    if (!existsSync(path)) throw new ArtifactPathError(`${uri} does not exist`);
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
        else found.push(`${uri.replace(/\/$/, '')}/${relative(base, path).split(sep).join('/')}`);
      }
    };
    walk(base);
    return found.sort();
  }
}
