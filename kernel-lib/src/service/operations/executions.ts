/** Pipeline executions: start, describe, list, steps, parameters, stop, retry, update. */
import type {
  DescribePipelineDefinitionForExecutionResponse,
  PipelineExperimentConfig,
  DescribePipelineExecutionResponse,
  ListPipelineExecutionsResponse,
  ListPipelineExecutionStepsResponse,
  ListPipelineParametersForExecutionResponse,
  PipelineExecutionStatus,
  PipelineExecutionStep,
  PipelineExecutionStepMetadata,
  PipelineExecutionSummary,
  RetryPipelineExecutionResponse,
  SelectiveExecutionConfig,
  SendPipelineExecutionStepFailureResponse,
  SendPipelineExecutionStepSuccessResponse,
  StartPipelineExecutionResponse,
  StepStatus,
  StopPipelineExecutionResponse,
  UpdatePipelineExecutionResponse,
} from '@aws-sdk/client-sagemaker';
import { randomBytes } from 'node:crypto';
import {
  buildGraph,
  type CallbackAnswer,
  type ConditionEvaluation,
  ParameterError,
  parseDefinition,
  planSelection,
  resolveParameters,
  SelectionError,
  unsupportedSteps,
  type StepRecord,
} from '../../engine/index.js';
import type { ExecutionRecord } from '../../store/index.js';
import type { OperationContext } from '../context.js';
import { conflict, resourceNotFound, validationError } from '../errors.js';
import { idempotent } from '../idempotency.js';
import { optionalArray, optionalEnum, optionalInteger, optionalObject, optionalString, optionalTimestamp, requiredString, type RequestBody } from '../input.js';
import { pageOf, pageWindow } from '../paging.js';
import type { EvaluatedCondition, Output } from '../protocol.js';
import { pipelineName, pipelineNotFound, readParallelism } from './pipelines.js';
import { startedByOf } from '../schedules/started-by.js';
import { clientTokenRules, isDescending, orUndefined, resourceName, toDate } from './shared.js';

const executionArnPattern = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:pipeline\/.+\/execution\/.+$/;

function newExecutionId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function requireExecution(body: RequestBody, context: OperationContext): ExecutionRecord {
  const arn = requiredString(body, 'PipelineExecutionArn', { min: 1, max: 2048, pattern: executionArnPattern });
  const execution = context.store.executions.get(arn);
  if (execution === undefined) throw resourceNotFound(`Pipeline execution ${arn} does not exist.`);
  return execution;
}

export function stepRecords(context: OperationContext, arn: string): StepRecord[] {
  return context.store.executions.steps(arn).map((text) => JSON.parse(text) as StepRecord);
}

/** An execution's stored parameter values as SageMaker lists them: Name and Value, the value as text. */
export function parameterList(parameters: string): { Name: string; Value: string }[] {
  return Object.entries(JSON.parse(parameters) as Record<string, unknown>).map(([Name, value]) => ({
    Name,
    Value: typeof value === 'string' ? value : typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value),
  }));
}

/** PipelineParameters of a request: the values given for a start (or a plan). */
export function readParameterOverrides(body: RequestBody): { Name: string; Value: string }[] {
  return (optionalArray(body, 'PipelineParameters', { max: 200 }) ?? []).map((item, index) => {
    if (typeof item !== 'object' || item === null) throw validationError(`PipelineParameters[${index}] must be an object with Name and Value`);
    const entry = item as RequestBody;
    return { Name: requiredString(entry, 'Name', { min: 1, max: 256 }), Value: requiredString(entry, 'Value', { max: 1024 }) };
  });
}

export function startPipelineExecution(body: RequestBody, context: OperationContext): StartPipelineExecutionResponse {
  const name = pipelineName(body);
  const token = requiredString(body, 'ClientRequestToken', clientTokenRules);
  const displayName = optionalString(body, 'PipelineExecutionDisplayName', { min: 1, max: 82, pattern: resourceName });
  const description = optionalString(body, 'PipelineExecutionDescription', { max: 3072 });
  const overrides = readParameterOverrides(body);
  const parallelism = readParallelism(body);
  const versionId = optionalInteger(body, 'PipelineVersionId', { min: 1 });
  const selective = readSelectiveConfig(body);

  return idempotent(context, 'StartPipelineExecution', token, body, () => {
    const pipeline = context.store.pipelines.get(name);
    if (pipeline === undefined) throw pipelineNotFound(name);
    const version = context.store.pipelines.version(pipeline.name, versionId ?? pipeline.latestVersion);
    if (version === undefined) throw resourceNotFound(`Pipeline ${pipeline.name} has no version ${versionId}.`);
    const problem = unsupportedSteps(version.definition, context.engine.integrations);
    if (problem !== undefined) throw validationError(problem);
    let parameters;
    try {
      parameters = resolveParameters(parseDefinition(version.definition), overrides);
    } catch (error) {
      if (error instanceof ParameterError) throw validationError(error.message);
      throw error;
    }
    const id = newExecutionId();
    const reused = selective === undefined ? undefined : planReuse(context, pipeline.name, version.definition, selective);
    const execution: ExecutionRecord = {
      arn: `${pipeline.arn}/execution/${id}`,
      id,
      pipelineName: pipeline.name,
      pipelineVersion: version.version,
      displayName: displayName ?? `execution-${Date.now()}`,
      description: description ?? null,
      status: 'Executing',
      failureReason: null,
      parameters: JSON.stringify(parameters),
      maxParallelSteps: parallelism ?? pipeline.maxParallelSteps,
      selectiveConfig:
        selective === undefined || reused === undefined
          ? null
          : JSON.stringify({ SourcePipelineExecutionArn: reused.reference, SelectedSteps: selective.steps.map((StepName) => ({ StepName })) }),
      createdAt: context.now(),
      modifiedAt: context.now(),
      endedAt: null,
    };
    context.store.executions.create(execution);
    for (const record of reused?.records ?? []) context.store.executions.putStep(execution.arn, record, JSON.stringify(record));
    // Started after the transaction that records it commits, so a crash never loses an acknowledged start.
    setImmediate(() => context.engine.launch(execution, version.definition, pipeline.arn, reused?.records ?? []));
    return { PipelineExecutionArn: execution.arn };
  });
}

function readSelectiveConfig(body: RequestBody): { source: string | undefined; steps: string[] } | undefined {
  const config = optionalObject(body, 'SelectiveExecutionConfig');
  if (config === undefined) return undefined;
  const source = optionalString(config, 'SourcePipelineExecutionArn', { max: 2048, pattern: executionArnPattern });
  const selected = optionalArray(config, 'SelectedSteps', { max: 50 }) ?? [];
  if (selected.length === 0) throw validationError('SelectiveExecutionConfig.SelectedSteps must name between 1 and 50 steps');
  const steps = selected.map((item, index) => {
    if (typeof item !== 'object' || item === null) throw validationError(`SelectedSteps[${index}] must be an object with StepName`);
    return requiredString(item as RequestBody, 'StepName', { min: 1, max: 256 });
  });
  return { source, steps };
}

/** The reference execution of a selective run and the records of the steps it reuses from there. */
function planReuse(
  context: OperationContext,
  pipelineName: string,
  definition: string,
  selective: { source: string | undefined; steps: string[] },
): { reference: string; records: StepRecord[] } {
  let needed: Set<string>;
  try {
    needed = planSelection(buildGraph(parseDefinition(definition)), selective.steps);
  } catch (error) {
    if (error instanceof SelectionError) throw validationError(error.message);
    throw error;
  }
  const reference = selective.source === undefined ? context.store.executions.latestFinished(pipelineName) : context.store.executions.get(selective.source);
  if (reference === undefined) {
    if (needed.size === 0) return { reference: '', records: [] };
    throw validationError(
      selective.source === undefined
        ? `Pipeline ${pipelineName} has no Succeeded or Failed execution to reuse the outputs of ${[...needed].join(', ')} from; run it once in full first.`
        : `Pipeline execution ${selective.source} does not exist.`,
    );
  }
  if (reference.pipelineName.toLowerCase() !== pipelineName.toLowerCase()) throw validationError(`Execution ${reference.arn} belongs to another pipeline.`);
  if (reference.status !== 'Succeeded' && reference.status !== 'Failed') {
    throw validationError(`The reference execution must be Succeeded or Failed; ${reference.arn} is ${reference.status}.`);
  }
  const byName = new Map(stepRecords(context, reference.arn).map((record) => [record.name, record]));
  const records = [...needed].map((name) => {
    const record = byName.get(name);
    if (record?.status !== 'Succeeded') {
      throw validationError(
        `Step "${name}" did not succeed in the reference execution ${reference.arn}, so the selected steps cannot reuse its outputs; select it too.`,
      );
    }
    // A step the reference itself reused keeps pointing at the execution that ran it.
    return { ...record, selectiveSource: record.selectiveSource ?? reference.arn, pid: undefined };
  });
  return { reference: reference.arn, records };
}

export function describePipelineExecution(body: RequestBody, context: OperationContext): DescribePipelineExecutionResponse & { PipelineVersionId: number } {
  const execution = requireExecution(body, context);
  const pipeline = context.store.pipelines.get(execution.pipelineName);
  return {
    PipelineArn: pipeline?.arn,
    PipelineExecutionArn: execution.arn,
    PipelineExecutionDisplayName: orUndefined(execution.displayName),
    PipelineExecutionStatus: execution.status as PipelineExecutionStatus,
    PipelineExecutionDescription: orUndefined(execution.description),
    FailureReason: orUndefined(execution.failureReason),
    CreationTime: toDate(execution.createdAt),
    LastModifiedTime: toDate(execution.modifiedAt),
    CreatedBy: {},
    LastModifiedBy: {},
    ParallelismConfiguration: execution.maxParallelSteps === null ? undefined : { MaxParallelExecutionSteps: execution.maxParallelSteps },
    // What the definition's config resolved to; an execution older than that record shows SageMaker's default.
    PipelineExperimentConfig:
      execution.experimentConfig === null || execution.experimentConfig === undefined
        ? { ExperimentName: execution.pipelineName, TrialName: execution.id }
        : ((JSON.parse(execution.experimentConfig) as PipelineExperimentConfig | null) ?? undefined),
    SelectiveExecutionConfig: execution.selectiveConfig === null ? undefined : (JSON.parse(execution.selectiveConfig) as SelectiveExecutionConfig),
    PipelineVersionId: execution.pipelineVersion,
  };
}

export function listPipelineExecutions(body: RequestBody, context: OperationContext): ListPipelineExecutionsResponse {
  const page = executionsPage(body, context, {});
  return { PipelineExecutionSummaries: page.items.map(executionSummary), NextToken: page.nextToken };
}

/**
 * SluiceLocal.ListPipelineExecutions: SageMaker's list, filtered by status and by a parameter's value, with
 * each execution's parameter values and end time inline, so the panel's table takes one request a page.
 */
export function listLocalPipelineExecutions(body: RequestBody, context: OperationContext): Output<'SluiceLocal.ListPipelineExecutions'> {
  const status = optionalEnum(body, 'StatusEquals', executionStatuses);
  const parameterFilter = optionalObject(body, 'ParameterEquals');
  const parameter =
    parameterFilter === undefined
      ? undefined
      : {
          name: requiredString(parameterFilter, 'Name', { min: 1, max: 256, pattern: /^[A-Za-z0-9\-_]*$/ }),
          value: requiredString(parameterFilter, 'Value', { max: 2500 }),
        };
  const page = executionsPage(body, context, { status, parameter });
  return {
    PipelineExecutionSummaries: page.items.map((row) => ({
      ...executionSummary(row),
      EndTime: row.endedAt === null ? undefined : toDate(row.endedAt),
      PipelineParameters: parameterList(row.parameters),
      SelectiveExecutionConfig: row.selectiveConfig === null ? undefined : (JSON.parse(row.selectiveConfig) as SelectiveExecutionConfig),
      StartedBy: startedByOf(row.startedBy),
    })),
    NextToken: page.nextToken,
  };
}

const executionStatuses = ['Executing', 'Stopping', 'Stopped', 'Failed', 'Succeeded'] as const;

function executionsPage(
  body: RequestBody,
  context: OperationContext,
  filters: { status?: string; parameter?: { name: string; value: string } },
): { items: ExecutionRecord[]; nextToken?: string } {
  const name = pipelineName(body);
  if (context.store.pipelines.get(name) === undefined) throw pipelineNotFound(name);
  const window = pageWindow(body, 50);
  const sortBy = optionalEnum(body, 'SortBy', ['CreationTime', 'PipelineExecutionArn'] as const) ?? 'CreationTime';
  const rows = context.store.executions.list({
    pipelineName: name,
    createdAfter: optionalTimestamp(body, 'CreatedAfter'),
    createdBefore: optionalTimestamp(body, 'CreatedBefore'),
    sortBy: sortBy === 'CreationTime' ? 'createdAt' : 'arn',
    descending: isDescending(body),
    ...filters,
    ...window,
  });
  return pageOf(rows, window);
}

function executionSummary(row: ExecutionRecord): PipelineExecutionSummary {
  return {
    PipelineExecutionArn: row.arn,
    StartTime: toDate(row.createdAt),
    PipelineExecutionStatus: row.status as PipelineExecutionStatus,
    PipelineExecutionDescription: orUndefined(row.description),
    PipelineExecutionDisplayName: orUndefined(row.displayName),
    PipelineExecutionFailureReason: orUndefined(row.failureReason),
  };
}

function stepSummary(record: StepRecord): PipelineExecutionStep {
  return {
    StepName: record.name,
    StepDisplayName: record.displayName,
    StepDescription: record.description,
    StartTime: toDate(record.startTime),
    EndTime: record.endTime === undefined ? undefined : toDate(record.endTime),
    StepStatus: record.status as StepStatus,
    CacheHitResult: record.cacheHit === undefined ? undefined : { SourcePipelineExecutionArn: record.cacheHit.sourceExecutionArn },
    SelectiveExecutionResult: record.selectiveSource === undefined ? undefined : { SourcePipelineExecutionArn: record.selectiveSource },
    AttemptCount: record.attemptCount,
    FailureReason: record.failureReason,
    Metadata: record.metadata as PipelineExecutionStepMetadata,
  };
}

/**
 * SluiceLocal.ListConditionEvaluations: each finished Condition step of an execution with its conditions as
 * evaluated (operands' expressions and values, result, a line of text); SageMaker keeps only the outcome.
 */
export function listConditionEvaluations(body: RequestBody, context: OperationContext): Output<'SluiceLocal.ListConditionEvaluations'> {
  const execution = requireExecution(body, context);
  const conditions = stepRecords(context, execution.arn).filter((record) => record.type === 'Condition' && record.conditionEvaluations !== undefined);
  return {
    ConditionSteps: conditions.map((record) => ({
      StepName: record.name,
      Outcome: record.properties?.Outcome === 'True' ? 'True' : 'False',
      Conditions: (record.conditionEvaluations ?? []).map(conditionShape),
    })),
  };
}

function conditionShape(evaluation: ConditionEvaluation): EvaluatedCondition {
  return {
    Type: evaluation.type,
    Result: evaluation.result,
    Text: evaluation.text,
    Operands: evaluation.operands.map((operand) => ({ Expression: operand.expression, Value: operand.value })),
    ...(evaluation.conditions ? { Conditions: evaluation.conditions.map(conditionShape) } : {}),
  };
}

export function listPipelineExecutionSteps(body: RequestBody, context: OperationContext): ListPipelineExecutionStepsResponse {
  const execution = requireExecution(body, context);
  const window = pageWindow(body, 50);
  const records = stepRecords(context, execution.arn);
  if (!isDescending(body)) records.reverse();
  const page = pageOf(records.slice(window.offset, window.offset + window.limit + 1), window);
  return { PipelineExecutionSteps: page.items.map(stepSummary), NextToken: page.nextToken };
}

export function listPipelineParametersForExecution(body: RequestBody, context: OperationContext): ListPipelineParametersForExecutionResponse {
  const execution = requireExecution(body, context);
  const window = pageWindow(body, 50);
  const all = parameterList(execution.parameters);
  const page = pageOf(all.slice(window.offset, window.offset + window.limit + 1), window);
  return { PipelineParameters: page.items, NextToken: page.nextToken };
}

export function describePipelineDefinitionForExecution(body: RequestBody, context: OperationContext): DescribePipelineDefinitionForExecutionResponse {
  const execution = requireExecution(body, context);
  const version = context.store.pipelines.version(execution.pipelineName, execution.pipelineVersion);
  return { PipelineDefinition: version?.definition, CreationTime: toDate(execution.createdAt) };
}

export function stopPipelineExecution(body: RequestBody, context: OperationContext): StopPipelineExecutionResponse {
  const execution = requireExecution(body, context);
  requiredString(body, 'ClientRequestToken', clientTokenRules);
  if (execution.status !== 'Executing' && execution.status !== 'Stopping') {
    throw conflict(`Pipeline execution ${execution.arn} is ${execution.status}; only an executing pipeline execution can be stopped.`);
  }
  context.engine.stop(execution.arn);
  return { PipelineExecutionArn: execution.arn };
}

export function retryPipelineExecution(body: RequestBody, context: OperationContext): RetryPipelineExecutionResponse {
  const execution = requireExecution(body, context);
  requiredString(body, 'ClientRequestToken', clientTokenRules);
  const parallelism = readParallelism(body);
  if (execution.status !== 'Failed' && execution.status !== 'Stopped') {
    throw conflict(`Pipeline execution ${execution.arn} is ${execution.status}; only a failed or stopped execution can be retried.`);
  }
  const records = stepRecords(context, execution.arn);
  const failStep = records.find((record) => record.type === 'Fail' && record.status === 'Failed');
  if (failStep !== undefined) throw validationError(`Pipeline execution ${execution.arn} ended in Fail step "${failStep.name}" and cannot be retried.`);
  const pipeline = context.store.pipelines.get(execution.pipelineName);
  const version = context.store.pipelines.version(execution.pipelineName, execution.pipelineVersion);
  if (pipeline === undefined || version === undefined) throw resourceNotFound(`The pipeline of ${execution.arn} no longer exists.`);
  const kept = records.filter((record) => record.status === 'Succeeded');
  context.store.transaction(() => {
    context.store.executions.deleteSteps(
      execution.arn,
      records.filter((record) => record.status !== 'Succeeded').map((record) => record.name),
    );
    context.store.executions.update(execution.arn, { status: 'Executing', failureReason: null, endedAt: null, maxParallelSteps: parallelism }, context.now());
  });
  const updated = context.store.executions.get(execution.arn) as ExecutionRecord;
  setImmediate(() => context.engine.launch(updated, version.definition, pipeline.arn, kept));
  return { PipelineExecutionArn: execution.arn };
}

export function updatePipelineExecution(body: RequestBody, context: OperationContext): UpdatePipelineExecutionResponse {
  const execution = requireExecution(body, context);
  context.store.executions.update(
    execution.arn,
    {
      displayName: optionalString(body, 'PipelineExecutionDisplayName', { min: 1, max: 82, pattern: resourceName }),
      description: optionalString(body, 'PipelineExecutionDescription', { max: 3072 }),
      maxParallelSteps: readParallelism(body),
    },
    context.now(),
  );
  return { PipelineExecutionArn: execution.arn };
}

function answerCallback(body: RequestBody, context: OperationContext, answer: CallbackAnswer): { PipelineExecutionArn?: string } {
  const token = requiredString(body, 'CallbackToken', { min: 10, max: 10 });
  optionalString(body, 'ClientRequestToken', clientTokenRules);
  const waiting = context.engine.pendingCallbacks().find((wait) => wait.token === token);
  if (waiting === undefined || !context.engine.answerCallback(token, answer)) throw validationError(`No Callback step is waiting for token ${token}`);
  return { PipelineExecutionArn: waiting.executionArn };
}

export function sendPipelineExecutionStepSuccess(body: RequestBody, context: OperationContext): SendPipelineExecutionStepSuccessResponse {
  const outputs = (optionalArray(body, 'OutputParameters', { max: 50 }) ?? []).map((item, index) => {
    if (typeof item !== 'object' || item === null) throw validationError(`OutputParameters[${index}] must be an object with Name and Value`);
    return { Name: requiredString(item as RequestBody, 'Name', { min: 1, max: 256 }), Value: requiredString(item as RequestBody, 'Value', { max: 1024 }) };
  });
  return answerCallback(body, context, { outcome: 'success', outputs });
}

export function sendPipelineExecutionStepFailure(body: RequestBody, context: OperationContext): SendPipelineExecutionStepFailureResponse {
  return answerCallback(body, context, { outcome: 'failure', reason: optionalString(body, 'FailureReason', { max: 256 }) ?? '' });
}
