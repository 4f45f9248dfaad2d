/**
 * Batch transform: the model's inference program runs under SageMaker's serving contract (model.tar.gz
 * unpacked in /opt/ml/model, GET /ping, POST /invocations on $SAGEMAKER_BIND_TO_PORT), and every object
 * under the input prefix is sent to it record by record (SingleRecord) or in batches (MultiRecord), split
 * by line when SplitType is Line; the answers are written to `<S3OutputPath>/<input name>.out`.
 */
import { readFileSync } from 'node:fs';
import type { Json, JsonObject, StepDefinition } from '../definition.js';
import { ModelServer, ModelServingError, servedContainer } from '../serving/model-server.js';
import { jobName, resourceArn } from './job-names.js';
import { StepFailure, type StepResult, type StepRunContext, type StepRunner } from './types.js';
import { stoppedBy } from './outcomes.js';
import { environmentOf, objectAt, optionalObject, stringAt } from './values.js';
import { presentMembers } from './job-documents.js';

/** Requests for one object: each record alone, or records batched up to MaxPayloadInMB. */
function batches(text: string, splitLines: boolean, multiRecord: boolean, maxBytes: number): string[] {
  if (!splitLines) return [text];
  const records = text.split('\n').filter((line) => line.trim() !== '');
  if (!multiRecord) return records;
  const result: string[] = [];
  let current: string[] = [];
  let size = 0;
  for (const record of records) {
    if (current.length > 0 && size + record.length + 1 > maxBytes) {
      result.push(current.join('\n'));
      current = [];
      size = 0;
    }
    current.push(record);
    size += record.length + 1;
  }
  if (current.length > 0) result.push(current.join('\n'));
  return result;
}

/** What a transform job needs from its caller: a pipeline step's context, or the service for CreateTransformJob. */
export type TransformContext = Pick<
  StepRunContext,
  'artifacts' | 'jobsDir' | 'runtimes' | 'environments' | 'stopGraceMs' | 'onProcess' | 'signal' | 'recorder'
> & {
  /** A model created by a Model step or CreateModel (its DescribeModel document). */
  readonly model: (name: string) => JsonObject | undefined;
};

export const transformRunner: StepRunner = {
  async run(_step: StepDefinition, resolved: Json, context: StepRunContext): Promise<StepResult> {
    const name = jobName(context);
    const arn = resourceArn(context, 'transform-job', name);
    const args = objectAt(resolved, 'Arguments');
    // The job is visible while it runs: its ARN in the step's metadata, InProgress in ListTransformJobs.
    context.onMetadata({ TransformJob: { Arn: arn } });
    const startedAt = Date.now() / 1000;
    const running = { TransformJobName: name, TransformJobArn: arn, ...transformRequestOf(args), CreationTime: startedAt, TransformStartTime: startedAt };
    context.recorder.saveJob('TransformJob', name, { ...running, TransformJobStatus: 'InProgress' });
    try {
      const document = await runTransform(args, { name, arn }, { ...context, model: context.integrations.model });
      return { properties: document, metadata: { TransformJob: { Arn: arn } } };
    } catch (error) {
      const stopped = context.signal.aborted;
      const reason = error instanceof Error ? error.message : String(error);
      context.recorder.saveJob('TransformJob', name, {
        ...running,
        TransformJobStatus: stopped ? 'Stopped' : 'Failed',
        FailureReason: reason,
        TransformEndTime: Date.now() / 1000,
      });
      if (error instanceof StepFailure) throw new StepFailure(error.message, error.kind, { TransformJob: { Arn: arn } });
      throw error;
    }
  },
};

/** What a transform job's Describe document echoes of its request: only members with a value, as the model allows. */
export function transformRequestOf(args: JsonObject): JsonObject {
  return presentMembers({
    ModelName: args.ModelName,
    TransformInput: args.TransformInput,
    TransformOutput: args.TransformOutput,
    TransformResources: args.TransformResources,
    BatchStrategy: args.BatchStrategy,
    MaxPayloadInMB: args.MaxPayloadInMB,
    MaxConcurrentTransforms: args.MaxConcurrentTransforms,
    Environment: args.Environment,
    DataProcessing: args.DataProcessing,
  });
}

/** Runs one transform job (CreateTransformJob's request) to its end; its Describe document once Completed. */
export async function runTransform(args: JsonObject, job: { readonly name: string; readonly arn: string }, context: TransformContext): Promise<JsonObject> {
  const modelName = stringAt(args.ModelName, 'ModelName');
  const model = context.model(modelName);
  if (model === undefined) throw new StepFailure(`model "${modelName}" does not exist here (create it with a Model step first)`);
  const input = objectAt(args.TransformInput, 'TransformInput');
  const source = stringAt(optionalObject(optionalObject(input.DataSource).S3DataSource).S3Uri, 'TransformInput.DataSource.S3DataSource.S3Uri');
  const output = objectAt(args.TransformOutput, 'TransformOutput');
  const outputPath = stringAt(output.S3OutputPath, 'TransformOutput.S3OutputPath').replace(/\/$/, '');

  const { name, arn } = job;
  const startedAt = Date.now() / 1000;
  let server: ModelServer;
  try {
    server = await ModelServer.start({
      jobName: name,
      jobsDir: context.jobsDir,
      artifacts: context.artifacts,
      runtimes: context.runtimes,
      environments: context.environments,
      instanceType:
        typeof optionalObject(args.TransformResources).InstanceType === 'string' ? String(optionalObject(args.TransformResources).InstanceType) : undefined,
      container: servedContainer(model, modelName),
      modelName,
      // As SageMaker tells a transform's container, which some inference programs read (one answer per line).
      extraEnv: { SAGEMAKER_BATCH: 'true', ...environmentOf(args.Environment) },
      stopGraceMs: context.stopGraceMs,
      onStart: context.onProcess,
      signal: context.signal,
    });
  } catch (error) {
    if (error instanceof ModelServingError) throw new StepFailure(error.message, error.kind === 'setup' ? 'Step.SERVICE_FAULT' : 'NotRetryable');
    throw error;
  }

  const splitLines = input.SplitType === 'Line';
  const multiRecord = args.BatchStrategy === 'MultiRecord';
  const maxBytes = (typeof args.MaxPayloadInMB === 'number' ? args.MaxPayloadInMB : 6) * 1024 * 1024;
  const separator = output.AssembleWith === 'Line' ? '\n' : '';
  const headers: Record<string, string> = {};
  if (typeof input.ContentType === 'string') headers['content-type'] = input.ContentType;
  if (typeof output.Accept === 'string') headers.accept = output.Accept;
  let objects = 0;
  try {
    const prefix = source.replace(/\/$/, '');
    const keys = context.artifacts.list(source);
    if (keys.length === 0) throw new StepFailure(`no objects under ${source}`);
    for (const key of keys) {
      // The service has no StopTransformJob: a transform stops with its pipeline's execution.
      if (context.signal.aborted) throw new StepFailure(stoppedBy({}, 'StopTransformJob'));
      const relative = key === prefix ? key.slice(key.lastIndexOf('/') + 1) : key.slice(prefix.length + 1);
      const answers: string[] = [];
      for (const body of batches(readFileSync(context.artifacts.pathOf(key), 'utf8'), splitLines, multiRecord, maxBytes)) {
        const { status, text } = await server.invoke(body, headers);
        if (status >= 300) throw new StepFailure(`the model answered ${status} for ${relative}: ${text.slice(0, 200)}`, 'SageMaker.JOB_INTERNAL_ERROR');
        // AssembleWith Line joins records with a newline; None concatenates the answers' bytes as they are, as SageMaker does.
        answers.push(separator === '\n' ? text.replace(/\n$/, '') : text);
      }
      context.artifacts.putObject(`${outputPath}/${relative}.out`, answers.join(separator) + (separator === '\n' ? '\n' : ''));
      objects += 1;
    }
  } finally {
    await server.stop();
  }
  server.log.note(`transformed ${objects} objects`);
  const document: JsonObject = {
    TransformJobName: name,
    TransformJobArn: arn,
    TransformJobStatus: 'Completed',
    ...transformRequestOf(args),
    CreationTime: startedAt,
    TransformStartTime: startedAt,
    TransformEndTime: Date.now() / 1000,
  };
  context.recorder.saveJob('TransformJob', name, document);
  return document;
}
