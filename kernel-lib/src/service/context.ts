import type { Store } from '../store/index.js';
import type { EngineHost } from './engine-host.js';
import type { EndpointHost } from './endpoints/endpoint-host.js';
import type { ArnScope } from './arns.js';
import type { RequestBody } from './input.js';
import type { EventBus } from './schedules/triggers.js';

/** What a handler may use: the store, the engine, the ARN scope and the clock. */
export interface OperationContext {
  readonly store: Store;
  readonly engine: EngineHost;
  /** The processes that serve endpoints. */
  readonly endpoints: EndpointHost;
  readonly scope: ArnScope;
  /** Events (a model version approved, an object created) that start the pipelines of matching triggers. */
  readonly events: EventBus;
  /** Epoch milliseconds. */
  now(): number;
}

/** Any operation, as the server calls it: validates its input, does the work, returns the response shape (protocol.ts types each one). */
export type Operation = (body: RequestBody, context: OperationContext) => object | Promise<object>;
