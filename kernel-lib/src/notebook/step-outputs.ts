/**
 * What a step wrote: `await stepOutputs(execution, "Evaluate")` lists its output S3 URIs and, for a
 * local session, reads the small JSON and CSV files in them (e.g. evaluation.json) into values.
 */
import { DescribeProcessingJobCommand, DescribeTrainingJobCommand, DescribeTransformJobCommand } from '@aws-sdk/client-sagemaker';
import { processingJobOutputs, trainingJobOutputs, transformJobOutputs, type JobOutput } from '../definition/index.js';
import type { PipelineExecution } from '../session/execution.js';
import { LocalSession } from '../session/session.js';
import type { RichOutput } from './display.js';
import { Displayable } from './displayable.js';
import { htmlTable, textTable } from './html.js';
import { findStep, jobOf } from './jobs.js';
import { isReadable, parseSmallFile, smallFileBytes } from './small-files.js';

/** One file a step wrote to S3, and its content when it is a small JSON or CSV file. */
export interface OutputFile {
  /** The step's output it belongs to (a processing output's name, "model" for a training job, "output" for a transform job). */
  readonly output: string;
  /** The file's `s3://` URI. */
  readonly s3Uri: string;
  /** The parsed content of a small .json or .csv file; undefined for other files. */
  readonly data?: unknown;
}

/**
 * What a step of an execution wrote: each output's S3 URI (a processing output, a training job's model artifact, a
 * transform job's output) and, on the local service, its files; a cell shows them as a table.
 */
export class StepOutputs extends Displayable {
  constructor(
    readonly stepName: string,
    /** Output name → its S3 URI (a prefix, or the model.tar.gz of a training job). */
    readonly uris: Readonly<Record<string, string>>,
    readonly files: readonly OutputFile[],
  ) {
    super();
  }

  /**
   * The content of the file whose URI ends with `fileName` (e.g. "evaluation.json"), typed as the
   * caller says it is: `read<{ regression_metrics: { mse: { value: number } } }>("evaluation.json")`.
   */
  read<T = unknown>(fileName: string): T {
    const file = this.files.find((candidate) => candidate.s3Uri === fileName || candidate.s3Uri.endsWith(`/${fileName}`));
    if (file === undefined) throw new Error(`Step ${this.stepName} wrote no ${fileName}. Its files: ${this.files.map((f) => f.s3Uri).join(', ') || 'none'}`);
    if (file.data === undefined) throw new Error(`${file.s3Uri} is not a small JSON or CSV file; read it from its URI`);
    return file.data as T;
  }

  summary(): string {
    return `StepOutputs of ${this.stepName}: ${Object.keys(this.uris).length} outputs, ${this.files.length} files`;
  }

  view(): RichOutput {
    const rows = this.files.map((file) => [file.output, file.s3Uri, file.data === undefined ? '' : preview(file.data)]);
    const uriRows = Object.entries(this.uris).map(([name, uri]) => [name, uri, '']);
    const all = rows.length > 0 ? rows : uriRows;
    const headers = ['Output', 'S3 URI', 'Content'];
    return { html: `<p><b>Outputs of ${this.stepName}</b></p>${htmlTable(headers, all)}`, text: `Outputs of ${this.stepName}\n${textTable(headers, all)}` };
  }
}

function preview(data: unknown): string {
  const text = JSON.stringify(data);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

async function outputUris(execution: PipelineExecution, stepName: string): Promise<{ name: string; uris: Record<string, string> }> {
  const step = await findStep(execution, stepName);
  const job = jobOf(step);
  const client = await execution.session.client();
  let outputs: JobOutput[] = [];
  if (job?.kind === 'ProcessingJob') outputs = processingJobOutputs(await client.send(new DescribeProcessingJobCommand({ ProcessingJobName: job.name })));
  else if (job?.kind === 'TrainingJob') outputs = trainingJobOutputs(await client.send(new DescribeTrainingJobCommand({ TrainingJobName: job.name })));
  else if (job?.kind === 'TransformJob') outputs = transformJobOutputs(await client.send(new DescribeTransformJobCommand({ TransformJobName: job.name })));
  const uris = Object.fromEntries(outputs.map((output) => [output.name, output.uri]));
  return { name: step.StepName ?? stepName, uris };
}

/**
 * The outputs of a step of an execution, read from the step's job (DescribeProcessingJob, DescribeTrainingJob,
 * DescribeTransformJob) and, on the local service, with the files under each output.
 *
 * @example
 * ```ts
 * const evaluation = await stepOutputs(execution, 'Evaluate');
 * evaluation.read<{ regression_metrics: { mse: { value: number } } }>('evaluation.json').regression_metrics.mse.value;
 * ```
 */
export async function stepOutputs(execution: PipelineExecution, stepName: string): Promise<StepOutputs> {
  const { name, uris } = await outputUris(execution, stepName);
  const files: OutputFile[] = [];
  // Only the local service can list and read here; on AWS the URIs are what a cell gets.
  if (execution.session instanceof LocalSession) {
    const extras = await execution.session.extras();
    for (const [output, uri] of Object.entries(uris)) {
      for (const s3Uri of await extras.listArtifacts(uri)) {
        if (!isReadable(s3Uri)) {
          files.push({ output, s3Uri });
          continue;
        }
        const body = await extras.getArtifact(s3Uri);
        files.push(body.length <= smallFileBytes ? { output, s3Uri, data: parseSmallFile(s3Uri, body) } : { output, s3Uri });
      }
    }
  }
  return new StepOutputs(name, uris, files);
}
