/**
 * Step code from a local file: where it goes in S3 and what bytes go there. The key is content-addressed
 * (`<pipeline>/code/<sha256>/<file>`), so the URI changes exactly when the code does and caching works.
 * TypeScript and JavaScript are bundled with their npm dependencies into one `.mjs` that runs under plain
 * `node`, here and in a Node.js container on SageMaker; other files (Python) go as they are.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { buildSync, type BuildFailure, type BuildOptions } from 'esbuild';

/**
 * A step's local code file as it is uploaded: the bytes (the file, or its esbuild bundle for TypeScript and JavaScript)
 * and the content-addressed S3 location `s3://<bucket>/<pipeline>/code/<sha256>/<file>` that the step's job reads it from
 * (a processing job's `code` input, a training job's `sagemaker_submit_directory`).
 */
export interface CodeAsset {
  /** The file as the step names it. */
  readonly source: string;
  /** The session's default bucket. */
  readonly bucket: string;
  /** `<pipeline>/code/<sha256>/<file>`, the hash taken over the path and the bytes, as the Python SDK takes it. */
  readonly key: string;
  /** `s3://<bucket>/<key>`, the URI written into the definition. */
  readonly s3Uri: string;
  /** What to upload: the file itself, or the bundle made from it. */
  readonly body: Uint8Array;
  /** The interpreter that runs it: `node` for bundles, otherwise undefined (the step's command decides). */
  readonly runtime: 'node' | undefined;
}

const BUNDLED = new Set(['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs']);

// Bundles let CommonJS dependencies call require() and read __dirname inside an ES module.
const ESM_BANNER = [
  "import { createRequire as __sluiceCreateRequire } from 'node:module';",
  "import { fileURLToPath as __sluiceFileURLToPath } from 'node:url';",
  'const require = __sluiceCreateRequire(import.meta.url);',
  'const __filename = __sluiceFileURLToPath(import.meta.url);',
  "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
].join('\n');

export function isS3Uri(value: string): boolean {
  return value.startsWith('s3://');
}

/**
 * Reads (or bundles) `source` for `stepName` and names its S3 location.
 * Throws an error naming the step and the file when it is missing or does not compile.
 */
export function codeAsset(source: string, options: { stepName: string; pipelineName: string; bucket: string | undefined }): CodeAsset {
  const path = resolve(source);
  if (!existsSync(path)) throw new Error(`Step "${options.stepName}": code file "${source}" not found (looked for ${path})`);
  if (options.bucket === undefined) {
    throw new Error(`Step "${options.stepName}": code "${source}" is a local file; give the pipeline a defaultBucket to upload it to, or give an s3:// URI`);
  }
  const bundled = BUNDLED.has(extname(path));
  const body = bundled ? bundle(path, options.stepName) : readFileSync(path);
  const fileName = bundled ? `${basename(path, extname(path))}.mjs` : basename(path);
  return contentAddressed(source, body, fileName, { pipelineName: options.pipelineName, bucket: options.bucket, runtime: bundled ? 'node' : undefined });
}

/** Bytes to upload under `<pipeline>/code/<sha256>/<fileName>`, the hash taken over `source` and the bytes. */
export function contentAddressed(
  source: string,
  body: Uint8Array,
  fileName: string,
  options: { pipelineName: string; bucket: string; runtime: 'node' | undefined },
): CodeAsset {
  // As the Python SDK: sha256 over the path as given followed by the bytes uploaded.
  const hash = createHash('sha256').update(source).update(body).digest('hex');
  const key = `${options.pipelineName}/code/${hash}/${fileName}`;
  return { source, bucket: options.bucket, key, s3Uri: `s3://${options.bucket}/${key}`, body, runtime: options.runtime };
}

/** Where a step's code is, once uploaded, and what runs it. */
export interface ResolvedCode {
  readonly s3Uri: string;
  readonly fileName: string;
  readonly runtime: 'node' | undefined;
}

/**
 * A step's `code` option as it goes into the definition: an s3:// URI as given, or a local file
 * registered in the compile context for the session to upload.
 */
export function resolveCode(
  code: string | undefined,
  stepName: string,
  context: { readonly pipelineName: string; readonly defaultBucket: string | undefined; readonly codeAssets: CodeAsset[] },
): ResolvedCode | undefined {
  if (code === undefined) return undefined;
  if (isS3Uri(code)) return { s3Uri: code, fileName: code.slice(code.lastIndexOf('/') + 1), runtime: undefined };
  const asset = codeAsset(code, { stepName, pipelineName: context.pipelineName, bucket: context.defaultBucket });
  context.codeAssets.push(asset);
  return { s3Uri: asset.s3Uri, fileName: asset.key.slice(asset.key.lastIndexOf('/') + 1), runtime: asset.runtime };
}

function bundle(path: string, stepName: string): Uint8Array {
  return bundleWithEsbuild({ entryPoints: [path] }, `Step "${stepName}": code "${path}"`);
}

/**
 * Bundles source text (a function step's entry) with what it imports, resolved from `resolveDir`, into one ES module
 * for `node`, as step code files are bundled. `what` names it in the error when it does not bundle.
 */
export function bundleSource(contents: string, resolveDir: string, what: string): Uint8Array {
  return bundleWithEsbuild({ stdin: { contents, resolveDir, sourcefile: 'step-entry.mjs', loader: 'js' } }, what);
}

function bundleWithEsbuild(entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>, what: string): Uint8Array {
  try {
    const result = buildSync({
      ...entry,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      banner: { js: ESM_BANNER },
      // The same input gives the same bytes, so the content hash is stable.
      sourcemap: false,
      legalComments: 'none',
    });
    return result.outputFiles[0].contents;
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const messages = (failure.errors ?? []).map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`);
    throw new Error(`${what} does not bundle:\n${messages.join('\n') || String(error)}`);
  }
}
