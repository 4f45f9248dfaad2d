/**
 * A project's own copy of its template's data (Create project's "data source"): a URL is kept as it is, a file on
 * this machine is put into the local S3, and either becomes the project's InputDataUrl, so nothing is downloaded.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from '../engine/artifacts.js';

/** What to do with the source the user gave, decided before anything of the project is made. */
export type InputDataPlan = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

export class InputDataSourceError extends Error {}

const schemes = 'a file path, or a file://, http://, https:// or s3:// URL';

/**
 * Reads `source` (a path relative to `workspace`, an absolute path, or a URL); throws InputDataSourceError naming
 * what is wrong: a missing file, a folder, an s3:// object that does not exist, a scheme the engine cannot read.
 */
export function planInputData(source: string, workspace: string, artifacts: ArtifactStore): InputDataPlan {
  const text = source.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  // A one-letter "scheme" is a Windows drive, which this Linux-only tool reads as a relative path.
  if (scheme !== undefined && scheme.length > 1) {
    if (scheme === 'http' || scheme === 'https') {
      try {
        new URL(text);
      } catch {
        throw new InputDataSourceError(`Data source ${text} is not a valid URL`);
      }
      return { kind: 'url', url: text };
    }
    if (scheme === 's3') {
      let path: string;
      try {
        path = artifacts.pathOf(text);
      } catch (error) {
        throw new InputDataSourceError(`Data source ${text}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!existsSync(path)) throw new InputDataSourceError(`Data source ${text}: no such object in the local S3`);
      return { kind: 'url', url: text };
    }
    if (scheme === 'file') return { kind: 'file', path: checkedFile(fileURLToPath(text)) };
    throw new InputDataSourceError(`Data source ${text}: "${scheme}:" is not a scheme Sluice can read; give ${schemes}`);
  }
  return { kind: 'file', path: checkedFile(isAbsolute(text) ? text : resolve(workspace, text)) };
}

function checkedFile(path: string): string {
  if (!existsSync(path)) throw new InputDataSourceError(`Data source ${path}: no such file`);
  if (!statSync(path).isFile()) throw new InputDataSourceError(`Data source ${path} is a folder; give the data file itself`);
  return path;
}

/** The URL the project's pipeline reads: a file is copied to s3://<bucket>/<prefix>/<its name> first. */
export function provideInputData(plan: InputDataPlan, artifacts: ArtifactStore, bucket: string, prefix: string): string {
  if (plan.kind === 'url') return plan.url;
  const uri = `s3://${bucket}/${prefix}/${basename(plan.path)}`;
  const target = artifacts.pathOf(uri);
  mkdirSync(dirname(target), { recursive: true });
  // Copied aside and renamed, so an S3 reader never sees half a file; a file is never held in memory.
  const partial = `${target}.partial`;
  try {
    copyFileSync(plan.path, partial);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return uri;
}
