/**
 * Event triggers: when a version of a model package group is approved, or an object is created under an S3 prefix,
 * start a pipeline with parameters read from the event. Events have EventBridge's shape (source, detail-type,
 * detail), so a trigger's EventPath (`$.detail.ModelPackageArn`) reads what the same rule would read on AWS.
 * An event is handled after the request that caused it committed; a trigger that fails to start its pipeline is
 * logged and does not fail that request.
 */
import { randomUUID } from 'node:crypto';
import type { OperationContext } from '../context.js';
import { resourceNotFound, validationError } from '../errors.js';
import { optionalArray, optionalEnum, optionalObject, requiredString, type RequestBody } from '../input.js';
import { pipelineName, pipelineNotFound } from '../operations/pipelines.js';
import type { Output, PipelineTrigger, TriggerEvent, TriggerParameter } from '../protocol.js';
import { startOnBehalf } from './started-by.js';

/** An event as EventBridge delivers it. */
export interface LocalEvent {
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Readonly<Record<string, unknown>>;
}

export const modelPackageStateChange = 'SageMaker Model Package State Change';
export const objectCreated = 'Object Created';

/** A trigger as the store keeps it (the protocol's shape less what the record's columns hold). */
type StoredTrigger = Pick<PipelineTrigger, 'Event' | 'Parameters'>;

const namePattern = /^[.\-_A-Za-z0-9]+$/;

/** The event (and its place) a new event of this kind would carry: EventBridge's source and detail-type. */
export function newEvent(context: OperationContext, source: string, detailType: string, resources: string[], detail: Record<string, unknown>): LocalEvent {
  return {
    id: randomUUID(),
    'detail-type': detailType,
    source,
    account: context.scope.account,
    time: new Date(context.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: context.scope.region,
    resources,
    detail,
  };
}

/** S3's Object Created event for EventBridge. */
export function objectCreatedEvent(context: OperationContext, bucket: string, object: { key: string; size: number; etag?: string }): LocalEvent {
  return newEvent(context, 'aws.s3', objectCreated, [`arn:aws:s3:::${bucket}`], {
    version: '0',
    bucket: { name: bucket },
    object: { key: object.key, size: object.size, etag: object.etag },
    reason: 'PutObject',
  });
}

/** SageMaker's Model Package State Change event: its detail is the version as DescribeModelPackage answers it. */
export function modelPackageEvent(context: OperationContext, description: { ModelPackageArn?: string }): LocalEvent {
  return newEvent(
    context,
    'aws.sagemaker',
    modelPackageStateChange,
    [description.ModelPackageArn ?? ''],
    JSON.parse(JSON.stringify(description)) as Record<string, unknown>,
  );
}

/** Where events go: matched against the triggers once the current request's transaction committed. */
export class EventBus {
  constructor(
    private readonly context: () => OperationContext,
    private readonly log: (message: string) => void,
  ) {}

  publish(event: LocalEvent): void {
    setImmediate(() => this.deliver(event));
  }

  /** Starts every enabled trigger's pipeline that the event matches; answers the executions started. */
  deliver(event: LocalEvent): string[] {
    const context = this.context();
    const started: string[] = [];
    for (const record of context.store.triggers.list()) {
      if (record.state !== 'ENABLED') continue;
      const trigger = JSON.parse(record.document) as StoredTrigger;
      if (!matches(trigger.Event, event)) continue;
      try {
        const parameters = trigger.Parameters.map((parameter) => ({ Name: parameter.Name, Value: parameterValue(parameter, event) }));
        const starter = { Kind: 'Trigger', Name: record.name, Arn: record.arn, Time: Date.parse(event.time) } as const;
        started.push(startOnBehalf(context, starter, record.pipelineName, parameters, event.id));
      } catch (error) {
        this.log(`sluice service: trigger ${record.name} started no execution for ${event['detail-type']} ${event.id}: ${(error as Error).message}`);
      }
    }
    return started;
  }
}

function matches(wanted: TriggerEvent, event: LocalEvent): boolean {
  const detail = event.detail;
  if ('ModelPackageApproved' in wanted) {
    return (
      event.source === 'aws.sagemaker' &&
      event['detail-type'] === modelPackageStateChange &&
      detail['ModelApprovalStatus'] === 'Approved' &&
      String(detail['ModelPackageGroupName'] ?? '').toLowerCase() === wanted.ModelPackageApproved.ModelPackageGroupName.toLowerCase()
    );
  }
  const bucket = (detail['bucket'] as { name?: string } | undefined)?.name;
  const key = (detail['object'] as { key?: string } | undefined)?.key ?? '';
  return (
    event.source === 'aws.s3' &&
    event['detail-type'] === objectCreated &&
    bucket === wanted.S3ObjectCreated.Bucket &&
    key.startsWith(wanted.S3ObjectCreated.Prefix)
  );
}

/** A parameter's value: fixed, or the event's value at a `$.a.b` path (numbers and booleans as text). */
function parameterValue(parameter: TriggerParameter, event: LocalEvent): string {
  if ('Value' in parameter) return parameter.Value;
  let value: unknown = event;
  for (const part of parameter.EventPath.replace(/^\$\.?/, '')
    .split('.')
    .filter((segment) => segment !== '')) {
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined || value === null || typeof value === 'object') {
    throw new Error(`parameter ${parameter.Name}: the event has no text at ${parameter.EventPath}`);
  }
  return String(value);
}

function readEvent(body: RequestBody): TriggerEvent {
  const event = optionalObject(body, 'Event');
  const approved = event === undefined ? undefined : optionalObject(event, 'ModelPackageApproved');
  const created = event === undefined ? undefined : optionalObject(event, 'S3ObjectCreated');
  if ((approved === undefined) === (created === undefined)) {
    throw validationError('Event must name exactly one of ModelPackageApproved {ModelPackageGroupName} and S3ObjectCreated {Bucket, Prefix}');
  }
  if (approved !== undefined)
    return { ModelPackageApproved: { ModelPackageGroupName: requiredString(approved, 'ModelPackageGroupName', { min: 1, max: 63 }) } };
  const prefix = created!['Prefix'] ?? '';
  if (typeof prefix !== 'string') throw validationError('Event.S3ObjectCreated.Prefix must be text');
  return { S3ObjectCreated: { Bucket: requiredString(created!, 'Bucket', { min: 3, max: 63 }), Prefix: prefix } };
}

function readParameters(body: RequestBody): TriggerParameter[] {
  return (optionalArray(body, 'Parameters', { max: 200 }) ?? []).map((item, index) => {
    if (typeof item !== 'object' || item === null) throw validationError(`Parameters[${index}] must be an object with Name and Value or EventPath`);
    const entry = item as RequestBody;
    const name = requiredString(entry, 'Name', { min: 1, max: 256 });
    if ((entry['Value'] === undefined) === (entry['EventPath'] === undefined))
      throw validationError(`Parameters[${index}] (${name}) needs exactly one of Value and EventPath`);
    if (entry['Value'] !== undefined) return { Name: name, Value: requiredString(entry, 'Value', { max: 1024 }) };
    return { Name: name, EventPath: requiredString(entry, 'EventPath', { min: 1, max: 256, pattern: /^\$(\.[A-Za-z0-9_-]+)+$/ }) };
  });
}

export function putTrigger(body: RequestBody, context: OperationContext): Output<'SluiceLocal.PutTrigger'> {
  const name = requiredString(body, 'Name', { min: 1, max: 64, pattern: namePattern });
  const pipeline = pipelineName(body);
  const stored: StoredTrigger = { Event: readEvent(body), Parameters: readParameters(body) };
  const state = optionalEnum(body, 'State', ['ENABLED', 'DISABLED'] as const) ?? 'ENABLED';
  const known = context.store.pipelines.get(pipeline);
  if (known === undefined) throw pipelineNotFound(pipeline);
  const arn = `arn:aws:events:${context.scope.region}:${context.scope.account}:rule/${name}`;
  context.store.triggers.put({ name, arn, pipelineName: known.name, state, document: JSON.stringify(stored), createdAt: context.now() });
  return { TriggerArn: arn };
}

export function listTriggers(body: RequestBody, context: OperationContext): Output<'SluiceLocal.ListTriggers'> {
  const pipeline = body['PipelineName'] === undefined ? undefined : pipelineName(body);
  return {
    Triggers: context.store.triggers.list(pipeline).map((record) => {
      const stored = JSON.parse(record.document) as StoredTrigger;
      return {
        Name: record.name,
        Arn: record.arn,
        PipelineName: record.pipelineName,
        State: record.state as PipelineTrigger['State'],
        Event: stored.Event,
        Parameters: stored.Parameters,
        CreationTime: new Date(record.createdAt),
      };
    }),
  };
}

export function deleteTrigger(body: RequestBody, context: OperationContext): Output<'SluiceLocal.DeleteTrigger'> {
  const name = requiredString(body, 'Name', { min: 1, max: 64, pattern: namePattern });
  if (!context.store.triggers.delete(name)) throw resourceNotFound(`Trigger ${name} does not exist.`);
  return {};
}
