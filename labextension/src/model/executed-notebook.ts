/**
 * A notebook step's executed notebook, for the step pane: a notebook job (the training job a NotebookStep or the
 * Python SDK's NotebookJobStep writes) leaves it in `<S3OutputPath>/<job>/output/output.tar.gz` under the name
 * `Environment.SM_OUTPUT_NOTEBOOK_NAME`, as SageMaker does.
 */
import { NOTEBOOK_SCHEDULER_ENTRYPOINT } from 'sluice/definition';
import type { ServiceClient } from '../api/operations';
import { readArtifact } from './artifacts';

/** What the step pane reads of a training job's Describe document. */
export interface NotebookJobDocument {
  readonly TrainingJobName?: string;
  readonly OutputDataConfig?: { readonly S3OutputPath?: string };
  readonly Environment?: Readonly<Record<string, string>>;
  readonly AlgorithmSpecification?: { readonly ContainerEntrypoint?: readonly string[] };
}

/** An nbformat 4 notebook, as much of it as rendering needs. */
export interface NotebookContent {
  readonly cells: readonly { readonly cell_type: string; readonly source: string | readonly string[]; readonly outputs?: readonly unknown[] }[];
  readonly metadata: Record<string, unknown>;
  readonly nbformat: number;
  readonly nbformat_minor: number;
}

export interface ExecutedNotebook {
  /** The notebook's file name (SM_OUTPUT_NOTEBOOK_NAME). */
  readonly name: string;
  /** Where it came from: the job's output.tar.gz. */
  readonly archiveUri: string;
  readonly content: NotebookContent;
}

/** Where a notebook job's executed notebook is; undefined for any other training job. */
export function executedNotebookLocation(job: NotebookJobDocument): { archiveUri: string; name: string } | undefined {
  const name = job.Environment?.SM_OUTPUT_NOTEBOOK_NAME;
  const prefix = job.OutputDataConfig?.S3OutputPath;
  if (job.AlgorithmSpecification?.ContainerEntrypoint?.[0] !== NOTEBOOK_SCHEDULER_ENTRYPOINT || !name || !prefix || !job.TrainingJobName) return undefined;
  return { archiveUri: `${prefix.replace(/\/$/, '')}/${job.TrainingJobName}/output/output.tar.gz`, name };
}

// Browsers and Node have DecompressionStream; the DOM types of this TypeScript do not name it yet.
const { DecompressionStream: Decompression } = globalThis as unknown as {
  DecompressionStream: new (format: 'gzip') => TransformStream<Uint8Array, Uint8Array>;
};

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  // A copy backed by an ArrayBuffer, which is what a Blob takes.
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(new Decompression('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The files of a tar archive (ustar, as the engine and SageMaker write them), by path without a leading `./`. */
export function untar(archive: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = (start: number, length: number) => new TextDecoder().decode(archive.subarray(start, start + length)).replace(/\0.*$/s, '');
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= archive.length;) {
    const name = text(offset, 100);
    if (name === '') break;
    const size = parseInt(text(offset + 124, 12).trim() || '0', 8);
    const type = text(offset + 156, 1);
    // POSIX ustar splits long paths into prefix + name; GNU tar (the engine's) puts them in an 'L' entry first.
    const prefix = text(offset + 257, 6) === 'ustar' ? text(offset + 345, 155) : '';
    const data = archive.slice(offset + 512, offset + 512 + size);
    if (type === 'L') longName = new TextDecoder().decode(data).replace(/\0.*$/s, '');
    else {
      if (type === '0' || type === '') files.set((longName ?? `${prefix ? `${prefix}/` : ''}${name}`).replace(/^\.\//, ''), data);
      longName = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The executed notebook of a notebook job, read through the service; undefined when the job is no notebook job. */
export async function readExecutedNotebook(client: ServiceClient, job: NotebookJobDocument): Promise<ExecutedNotebook | undefined> {
  const location = executedNotebookLocation(job);
  if (location === undefined) return undefined;
  const files = untar(await gunzip(await readArtifact(client, location.archiveUri)));
  const file = files.get(location.name);
  if (file === undefined) throw new Error(`${location.archiveUri} holds no ${location.name} (it holds ${[...files.keys()].join(', ') || 'nothing'})`);
  return { ...location, content: JSON.parse(new TextDecoder().decode(file)) as NotebookContent };
}

/** The executed notebook of the training job `jobName`, when it is a notebook job that has left one. */
export async function loadExecutedNotebook(client: ServiceClient, jobName: string): Promise<ExecutedNotebook | undefined> {
  const job = await client.call('SageMaker.DescribeTrainingJob', { TrainingJobName: jobName });
  return readExecutedNotebook(client, job as NotebookJobDocument);
}
