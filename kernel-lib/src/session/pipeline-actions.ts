/**
 * What a pipeline does through a session: upsert (create or update, code uploaded first), start, list
 * executions, delete. Definitions over 100 KiB go by PipelineDefinitionS3Location, as SageMaker requires.
 */
import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
  type PipelineExecutionSummary,
  type StartPipelineExecutionCommandInput,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { createHash, randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import type { Pipeline } from '../sdk/pipeline.js';
import { PipelineExecution } from './execution.js';
import { Session } from './session.js';

const inlineLimit = 100 * 1024;

/** The options of {@link Pipeline.upsert}: CreatePipeline's (or UpdatePipeline's) fields besides the definition. */
export interface UpsertOptions {
  /** Where the pipeline goes; default `Session.default`. */
  readonly session?: Session;
  /** `PipelineDescription`. */
  readonly description?: string;
  /** `Tags` of CreatePipeline, given when the pipeline is created (an update keeps those it has). */
  readonly tags?: Readonly<Record<string, string>>;
  /** `RoleArn`: the role SageMaker runs the pipeline with; default the session's. */
  readonly roleArn?: string;
  /** `ParallelismConfiguration.MaxParallelExecutionSteps`: how many steps may run at once. */
  readonly parallelism?: number;
}

/** What {@link Pipeline.upsert} did; a notebook cell shows it as one line. */
export interface UpsertResult {
  /** The pipeline's ARN. */
  readonly pipelineArn: string;
  /** True when the pipeline was created, false when an existing one got a new version. */
  readonly created: boolean;
}

export async function upsertPipeline(pipeline: Pipeline, options: UpsertOptions = {}): Promise<UpsertResult> {
  const session = options.session ?? Session.default;
  const { definition, codeAssets } = pipeline.compileFor(session.defaultBucket, session.roleArn);
  await session.uploadCode(codeAssets);
  const client = await session.client();
  const bytes = Buffer.byteLength(definition);
  let source: { PipelineDefinition: string } | { PipelineDefinitionS3Location: { Bucket: string; ObjectKey: string } };
  if (bytes <= inlineLimit) {
    source = { PipelineDefinition: definition };
  } else {
    const key = `${pipeline.name}/definition/${createHash('sha256').update(definition).digest('hex')}.json`;
    await session.putObject(session.defaultBucket, key, definition);
    source = { PipelineDefinitionS3Location: { Bucket: session.defaultBucket, ObjectKey: key } };
  }
  const common = {
    PipelineName: pipeline.name,
    RoleArn: options.roleArn ?? session.roleArn,
    PipelineDescription: options.description,
    ParallelismConfiguration: options.parallelism === undefined ? undefined : { MaxParallelExecutionSteps: options.parallelism },
    ...source,
  };
  try {
    const tags: Tag[] | undefined = options.tags === undefined ? undefined : Object.entries(options.tags).map(([Key, Value]) => ({ Key, Value }));
    const created = await client.send(new CreatePipelineCommand({ ...common, Tags: tags, ClientRequestToken: randomUUID() }));
    return upsertResult(pipeline.name, created.PipelineArn ?? '', true);
  } catch (error) {
    // SageMaker answers a taken name with ValidationException "... already exists" (older services: ResourceInUse).
    const taken =
      (error as Error).name === 'ResourceInUse' || ((error as Error).name === 'ValidationException' && /already exists/i.test((error as Error).message));
    if (!taken) throw error;
    const updated = await client.send(new UpdatePipelineCommand(common));
    return upsertResult(pipeline.name, updated.PipelineArn ?? '', false);
  }
}

/** The result, printed as one line where a cell ends with `await pipeline.upsert()`, not as an object. */
function upsertResult(name: string, pipelineArn: string, created: boolean): UpsertResult {
  const result: UpsertResult = { pipelineArn, created };
  const line = `Pipeline ${name} ${created ? 'created' : 'updated'}: ${pipelineArn}`;
  Object.defineProperty(result, inspect.custom, { value: () => line, enumerable: false, configurable: true });
  return result;
}

/** The options of {@link Pipeline.start}: StartPipelineExecution's fields. */
export interface StartOptions {
  /** Where the pipeline was upserted; default `Session.default`. */
  readonly session?: Session;
  /** Overrides of the pipeline's parameters, by name. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  /** `PipelineExecutionDisplayName`: the name shown for the execution. */
  readonly displayName?: string;
  /** `PipelineExecutionDescription`. */
  readonly description?: string;
  /** `ParallelismConfiguration.MaxParallelExecutionSteps` for this execution. */
  readonly parallelism?: number;
}

export async function startPipeline(pipeline: Pipeline, options: StartOptions = {}): Promise<PipelineExecution> {
  return startExecution(pipeline, options.session ?? Session.default, options.parameters, {
    PipelineExecutionDisplayName: options.displayName,
    PipelineExecutionDescription: options.description,
    ParallelismConfiguration: options.parallelism === undefined ? undefined : { MaxParallelExecutionSteps: options.parallelism },
  });
}

/**
 * StartPipelineExecution of the pipeline, with a fresh ClientRequestToken and the parameter overrides as the
 * strings the API takes; `fields` carries the rest of the request (a display name, a selective execution, …).
 */
export async function startExecution(
  pipeline: Pipeline,
  session: Session,
  parameters: Readonly<Record<string, string | number | boolean>> = {},
  fields: Omit<StartPipelineExecutionCommandInput, 'PipelineName' | 'ClientRequestToken' | 'PipelineParameters'> = {},
): Promise<PipelineExecution> {
  const client = await session.client();
  const started = await client.send(
    new StartPipelineExecutionCommand({
      PipelineName: pipeline.name,
      ClientRequestToken: randomUUID(),
      ...fields,
      PipelineParameters: Object.entries(parameters).map(([Name, value]) => ({ Name, Value: String(value) })),
    }),
  );
  return new PipelineExecution(started.PipelineExecutionArn ?? '', session);
}

/** The pipeline's executions, newest first. */
export async function listPipelineExecutions(pipeline: Pipeline, options: { session?: Session; max?: number } = {}): Promise<PipelineExecutionSummary[]> {
  const client = await (options.session ?? Session.default).client();
  const summaries: PipelineExecutionSummary[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListPipelineExecutionsCommand({ PipelineName: pipeline.name, NextToken: token, SortOrder: 'Descending' }));
    summaries.push(...(page.PipelineExecutionSummaries ?? []));
    token = page.NextToken;
  } while (token && (options.max === undefined || summaries.length < options.max));
  return options.max === undefined ? summaries : summaries.slice(0, options.max);
}

export async function deletePipeline(pipeline: Pipeline, options: { session?: Session } = {}): Promise<void> {
  const client = await (options.session ?? Session.default).client();
  await client.send(new DeletePipelineCommand({ PipelineName: pipeline.name, ClientRequestToken: randomUUID() }));
}
