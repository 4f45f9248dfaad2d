/**
 * Operations SageMaker does not have, under their own target prefix `SluiceLocal.` so no one mistakes
 * them for SageMaker's: a job's log (readable while it runs), and the artifact store's objects.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ArtifactPathError, readJobLog } from '../../engine/index.js';
import type { OperationContext } from '../context.js';
import { resourceNotFound, validationError } from '../errors.js';
import { optionalInteger, optionalString, requiredString, type RequestBody } from '../input.js';
import type { Output } from '../protocol.js';

export const localTargetPrefix = 'SluiceLocal.';
const maxArtifactBytes = 5 * 1024 * 1024;

/** `{JobName, StartFromLine?}` → the log's lines from there, and where to continue for more. */
export function getJobLog(body: RequestBody, context: OperationContext): Output<'SluiceLocal.GetJobLog'> {
  const name = requiredString(body, 'JobName', { min: 1, max: 63, pattern: /^[A-Za-z0-9-]+$/ });
  const from = optionalInteger(body, 'StartFromLine', { min: 0 }) ?? 0;
  const job = context.store.jobs.get('ProcessingJob', name) ?? context.store.jobs.get('TrainingJob', name);
  // Names are matched regardless of case, as in ARNs; the folder has the job's own spelling.
  const file = join(context.engine.jobsDir, job?.name ?? name, 'log');
  if (job === undefined && !existsSync(file)) throw resourceNotFound(`Job ${name} does not exist.`);
  const lines = readJobLog(file);
  return {
    JobName: name,
    JobStatus: job?.status ?? 'InProgress',
    Lines: lines.slice(from).map((line) => ({ Time: line.time, Stream: line.stream, Text: line.text })),
    NextLine: lines.length,
  };
}

function artifactPath(uri: string, context: OperationContext): string {
  try {
    return context.engine.artifacts.pathOf(uri);
  } catch (error) {
    if (error instanceof ArtifactPathError) throw validationError(error.message);
    throw error;
  }
}

/** `{PipelineExecutionArn?}` → the Callback steps waiting for an answer: token, execution, step, resolved arguments. */
export function listPendingCallbacks(body: RequestBody, context: OperationContext): Output<'SluiceLocal.ListPendingCallbacks'> {
  const arn = optionalString(body, 'PipelineExecutionArn', { max: 2048 });
  const waits = context.engine.pendingCallbacks().filter((wait) => arn === undefined || wait.executionArn === arn);
  return {
    Callbacks: waits.map((wait) => ({
      CallbackToken: wait.token,
      PipelineExecutionArn: wait.executionArn,
      StepName: wait.stepName,
      SqsQueueUrl: wait.sqsQueueUrl,
      Arguments: wait.arguments,
    })),
  };
}

/** `{S3Uri}` → every object key under that prefix. */
export function listArtifacts(body: RequestBody, context: OperationContext): Output<'SluiceLocal.ListArtifacts'> {
  const uri = requiredString(body, 'S3Uri', { min: 5, max: 1024 });
  artifactPath(uri, context);
  return { S3Uri: uri, Objects: context.engine.artifacts.list(uri) };
}

/** `{S3Uri, Body}` (Body base64) → stores the object, as the SDK's local session uploads step code. */
export function putArtifact(body: RequestBody, context: OperationContext): Output<'SluiceLocal.PutArtifact'> {
  const uri = requiredString(body, 'S3Uri', { min: 5, max: 1024 });
  const content = requiredString(body, 'Body', { max: 8 * 1024 * 1024 });
  const path = artifactPath(uri, context);
  if (uri.endsWith('/')) throw validationError(`${uri} names a prefix, not an object`);
  try {
    context.engine.artifacts.putObject(uri, Buffer.from(content, 'base64'));
  } catch (error) {
    // `s3://bucket` with no key, or a key whose folder is an object: the store says why.
    if (error instanceof ArtifactPathError) throw validationError(error.message);
    throw error;
  }
  return { S3Uri: uri, ContentLength: statSync(path).size };
}

/** `{S3Uri}` → the object's bytes, base64-encoded (up to 5 MiB). */
export function getArtifact(body: RequestBody, context: OperationContext): Output<'SluiceLocal.GetArtifact'> {
  const uri = requiredString(body, 'S3Uri', { min: 5, max: 1024 });
  const path = artifactPath(uri, context);
  if (!existsSync(path) || !statSync(path).isFile()) throw resourceNotFound(`No object at ${uri}`);
  const size = statSync(path).size;
  if (size > maxArtifactBytes) throw validationError(`${uri} is ${size} bytes, over the ${maxArtifactBytes}-byte limit of GetArtifact`);
  return { S3Uri: uri, ContentLength: size, Body: readFileSync(path).toString('base64') };
}
