import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Store } from '../store/index.js';
import { version } from '../version.js';
import type { Operation, OperationContext } from './context.js';
import { EngineHost, type EngineHostOptions } from './engine-host.js';
import { EndpointHost } from './endpoints/endpoint-host.js';
import { invocationTarget, invokeEndpoint } from './endpoints/invocations.js';
import { localAccount, loadOrCreateCredentials, type LocalCredentials } from '../home/credentials.js';
import { pingPath, serviceHost } from '../home/instance.js';
import { AwsError, internalFailure, unknownOperation } from './errors.js';
import { homePaths, secureHome } from '../home/paths.js';
import { writeSageMakerConfig } from './client-environment.js';
import { jobAccess } from './job-access.js';
import { checkInputEnums } from './input-enums.js';
import { KeyRing } from './keyring.js';
import { operations } from './operations/index.js';
import type { OperationName } from './protocol.js';
import { cloudWatchSigningName, cloudWatchTargetPrefix } from './operations/cloudwatch-metrics.js';
import { logsSigningName, logsTargetPrefix } from './operations/logs.js';
import { foreignHostMessage, matchHost } from './host-check.js';
import { S3Files } from './s3/files.js';
import { handleS3 } from './s3/router.js';
import { authenticate, jsonApiRules, jsonAuthError, runtimeRules, scopeService, SignatureFailure, verifyBody, type RequestHead } from './signature.js';
import { ConnectionGuard } from './connection-guard.js';
import { schedulerRequest, schedulerRules } from './schedules/rest.js';
import { ScheduleRunner } from './schedules/runner.js';
import { EventBus, objectCreatedEvent } from './schedules/triggers.js';
import { handleSts, isStsRequest } from './sts/sts.js';
import { parseJsonBody, readBody, sendError, sendJson } from './wire.js';

export const defaultBodyLimit = 10 * 1024 * 1024;

export interface ServiceOptions {
  home: string;
  /** 0 (the default) lets the OS pick a free port. */
  port?: number;
  bodyLimit?: number;
  /** Reports a failure that is not the client's fault; defaults to stderr. */
  log?: (message: string) => void;
  /** How the engine runs jobs: interpreters, and the grace between SIGTERM and SIGKILL on stop. */
  engine?: Omit<EngineHostOptions, 'home' | 'log'>;
  /** The service's clock, epoch milliseconds (tests move it forward to make schedules come due). */
  now?: () => number;
  /** How often due schedules are looked for (default 1000 ms). */
  schedulePollMs?: number;
}

export interface RunningService {
  readonly home: string;
  readonly port: number;
  readonly endpoint: string;
  readonly credentials: LocalCredentials;
  /** The home's keys and the session keys issued to jobs. */
  readonly keys: KeyRing;
  readonly store: Store;
  close(): Promise<void>;
}

/** Starts the SageMaker-compatible service for one SLUICE_HOME on 127.0.0.1. */
export async function startService(options: ServiceOptions): Promise<RunningService> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  for (const change of secureHome(options.home)) log(`sluice service: SLUICE_HOME was open to other users: ${change}`);
  const credentials = loadOrCreateCredentials(options.home);
  const keys = new KeyRing(credentials);
  const store = Store.open(homePaths(options.home).database);
  // SQLite creates its files with the process's umask; the database is the home's and as private.
  secureHome(options.home);
  let engine!: EngineHost;
  let endpoints!: EndpointHost;
  const now = options.now ?? (() => Date.now());
  // The engine needs the context (to register models as CreateModelPackage does) and the context the engine.
  const context: OperationContext = {
    store,
    scope: { region: credentials.region, account: localAccount },
    now,
    events: new EventBus(() => context, log),
    get engine() {
      return engine;
    },
    get endpoints() {
      return endpoints;
    },
  };
  // Jobs start only after listen() below, when the port is known.
  let port = 0;
  const jobConfig = writeSageMakerConfig(homePaths(options.home).jobSageMakerConfig, credentials.region);
  engine = new EngineHost(context, { ...options.engine, home: options.home, log, access: jobAccess(keys, () => `http://${serviceHost}:${port}`, jobConfig) });
  endpoints = new EndpointHost({
    store,
    artifacts: engine.artifacts,
    jobsDir: engine.jobsDir,
    runtimes: engine.runtimes,
    environments: engine.environments,
    now: context.now,
    account: localAccount,
  });
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;

  const s3 = new S3Files(engine.artifacts, (bucket, object) => context.events.publish(objectCreatedEvent(context, bucket, object)));
  const schedules = new ScheduleRunner(context, { pollMs: options.schedulePollMs, log });
  const guard = new ConnectionGuard();
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response, { context, keys, bodyLimit, home: options.home, port, s3, log, guard }).catch((error: unknown) => {
      const failure = error instanceof AwsError ? error : internalFailure();
      if (!(error instanceof AwsError)) log(`sluice service: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) sendError(response, failure);
      else response.destroy();
    });
  };
  const server = createServer(onRequest);
  guard.attach(server, onRequest);
  try {
    await listen(server, options.port ?? 0);
  } catch (error) {
    s3.close();
    store.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  engine.resumeUnfinished();
  endpoints.resume();
  schedules.start();
  return {
    home: options.home,
    port,
    endpoint: `http://${serviceHost}:${port}`,
    credentials,
    keys,
    store,
    close: async () => {
      schedules.stop();
      await Promise.all([engine.close(), endpoints.close()]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      s3.close();
      store.close();
    },
  };
}

interface Handling {
  context: OperationContext;
  keys: KeyRing;
  bodyLimit: number;
  home: string;
  port: number;
  s3: S3Files;
  log: (message: string) => void;
  guard: ConnectionGuard;
}

/** Checks what the headers can tell before any body is read; the signature itself is checked with the body. */
function authenticateHead(request: IncomingMessage, response: ServerResponse, head: RequestHead, handling: Handling, rules: typeof jsonApiRules) {
  try {
    const auth = authenticate(head, handling.keys, rules);
    handling.guard.accept(request, response);
    return auth;
  } catch (error) {
    throw error instanceof SignatureFailure ? jsonAuthError(error) : error;
  }
}

function checkBody(auth: ReturnType<typeof authenticate>, head: RequestHead, body: Buffer): void {
  try {
    verifyBody(auth, head, body);
  } catch (error) {
    throw error instanceof SignatureFailure ? jsonAuthError(error) : error;
  }
}

async function handle(request: IncomingMessage, response: ServerResponse, handling: Handling): Promise<void> {
  const host = matchHost(request.headers.host, handling.port);
  // DNS rebinding: a page that points its own name at 127.0.0.1 still sends that name.
  if (host === undefined) throw new AwsError('InvalidHostHeader', foreignHostMessage(request.headers.host), 421);
  if (request.method === 'GET' && request.url === pingPath) {
    request.resume();
    sendJson(response, 200, { service: 'sluice', version, pid: process.pid, home: handling.home });
    return;
  }
  const head: RequestHead = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers };
  const endpointName = invocationTarget(request);
  if (endpointName !== undefined) {
    // SageMaker Runtime's InvokeEndpoint shares the host and the credentials.
    const auth = authenticateHead(request, response, head, handling, runtimeRules);
    const body = await readBody(request, handling.bodyLimit);
    checkBody(auth, head, body);
    await invokeEndpoint(endpointName, request, body, response, handling.context.endpoints);
    return;
  }
  const target = headerText(request, 'x-amz-target');
  // A SageMaker client's request without a target is a mistake to name, not an S3 request.
  const jsonShaped = request.method === 'POST' && head.url.split('?')[0] === '/' && scopeService(head) === 'sagemaker';
  if (target === '' && jsonShaped) throw unknownOperation('');
  if (target === '' && scopeService(head) === 'scheduler') return handleScheduler(request, response, head, handling);
  if (target === '' && request.method === 'PUT' && head.url.split('?')[0] === metricsPath && scopeService(head) === 'sagemaker')
    return handleRest('SageMakerMetrics.BatchPutMetrics', request, response, head, handling, runtimeRules);
  if (target === '' && isStsRequest(request))
    return handleSts(request, response, { keys: handling.keys, account: localAccount, trust: () => handling.guard.accept(request, response) });
  // Everything else without a target is S3, on the same host and port.
  if (target === '')
    return handleS3(request, response, host, {
      files: handling.s3,
      keys: handling.keys,
      log: handling.log,
      trust: () => handling.guard.accept(request, response),
    });
  if (request.method !== 'POST' || (request.url ?? '/').split('?')[0] !== '/') throw unknownOperation(`${request.method} ${request.url}`);
  // Authentication comes first, as on AWS: an unsigned caller learns nothing about operations, and no body is read for it.
  const auth = authenticateHead(request, response, head, handling, rulesFor(target));
  const body = await readBody(request, handling.bodyLimit);
  checkBody(auth, head, body);
  if (!isOperationName(target)) throw unknownOperation(target);
  const operation: Operation = operations[target];
  const input = parseJsonBody(body);
  if (target.startsWith(sageMakerTargetPrefix)) checkInputEnums(target.slice(sageMakerTargetPrefix.length), input);
  sendJson(response, 200, await operation(input, handling.context));
}

/** SageMaker Metrics' BatchPutMetrics path: its client signs as `sagemaker`, with the body's hash. */
const metricsPath = '/BatchPutMetrics';

/** A REST request whose method and path name one operation of the table, its input the JSON body. */
async function handleRest(
  operation: OperationName,
  request: IncomingMessage,
  response: ServerResponse,
  head: RequestHead,
  handling: Handling,
  rules: typeof jsonApiRules,
): Promise<void> {
  const auth = authenticateHead(request, response, head, handling, rules);
  const body = await readBody(request, handling.bodyLimit);
  checkBody(auth, head, body);
  sendJson(response, 200, await operations[operation](parseJsonBody(body), handling.context));
}

/** EventBridge Scheduler's REST requests, answered by the `Scheduler.` handlers of the one table. */
async function handleScheduler(request: IncomingMessage, response: ServerResponse, head: RequestHead, handling: Handling): Promise<void> {
  const auth = authenticateHead(request, response, head, handling, schedulerRules);
  const body = await readBody(request, handling.bodyLimit);
  checkBody(auth, head, body);
  const { operation, input } = schedulerRequest(head.method, head.url, parseJsonBody(body));
  sendJson(response, 200, await operations[operation](input, handling.context));
}

const sageMakerTargetPrefix = 'SageMaker.';

const isOperationName = (target: string): target is OperationName => Object.hasOwn(operations, target);

/** A CloudWatch Logs client signs as `logs`, a CloudWatch client as `monitoring`; each reaches only its own operations of the table. */
const signingByPrefix: readonly (readonly [string, typeof jsonApiRules])[] = [
  [logsTargetPrefix, { ...jsonApiRules, services: [logsSigningName] }],
  [cloudWatchTargetPrefix, { ...jsonApiRules, services: [cloudWatchSigningName] }],
];
const rulesFor = (target: string): typeof jsonApiRules => signingByPrefix.find(([prefix]) => target.startsWith(prefix))?.[1] ?? jsonApiRules;

function headerText(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, serviceHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
