/**
 * A model's inference program as a host process under SageMaker's serving contract: the model's
 * `model.tar.gz` unpacked in /opt/ml/model, its code (SAGEMAKER_SUBMIT_DIRECTORY) in /opt/ml/code, and
 * `GET /ping` and `POST /invocations` answered on $SAGEMAKER_BIND_TO_PORT, a private port on 127.0.0.1.
 * Batch transform and real-time endpoints both serve models this way.
 */
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArtifactStore } from '../artifacts.js';
import type { JsonObject } from '../definition.js';
import { CONTAINER_ROOT, hostProgram, runHostJob, type HostJobResult, type Runtimes } from '../jobs/host-process.js';
import { sandboxSupport } from '../jobs/sandbox.js';
import { JobLog } from '../jobs/job-log.js';
import { jobFolder } from '../runners/container-paths.js';
import { unpackArchive } from '../runners/archive.js';
import { jobLimits } from '../runners/job-limits.js';
import { environmentOf } from '../runners/values.js';
import { builtinProgram } from '../environments/builtin-algorithms.js';
import { frameworkImageOf } from '../environments/image-table.js';
import type { ImageEnvironments, JobRuntime } from '../environments/image-environments.js';

/** Why a model could not be served: its message says what to fix. */
export class ModelServingError extends Error {
  override readonly name = 'ModelServingError';
  constructor(
    message: string,
    /** configuration: the model names no program it has; setup: its files could not be laid out here; program: it failed to serve. */
    readonly kind: 'configuration' | 'setup' | 'program',
  ) {
    super(message);
  }
}

export interface ModelServerOptions {
  /** The job folder's name under jobsDir, also the name its log is read by (GetJobLog). */
  readonly jobName: string;
  readonly jobsDir: string;
  readonly artifacts: ArtifactStore;
  readonly runtimes: Runtimes;
  /** The instance type it stands for: its memory is the server's limit. */
  readonly instanceType?: string;
  /** Per-image Python environments; without them the model's program runs with `runtimes`. */
  readonly environments?: ImageEnvironments;
  /** What CreateModel was given: its PrimaryContainer, or its only container. */
  readonly container: JsonObject;
  /** Names the model in error messages. */
  readonly modelName: string;
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly stopGraceMs?: number;
  readonly healthTimeoutMs?: number;
  readonly onStart?: (pid: number) => void;
  /** Aborting ends the process, also while it is starting. */
  readonly signal?: AbortSignal;
}

/** The container a DescribeModel document serves: PrimaryContainer, else its single container. */
export function servedContainer(model: JsonObject, modelName: string): JsonObject {
  const containers = Array.isArray(model.Containers) ? model.Containers : [];
  if (model.PrimaryContainer === undefined && containers.length > 1) {
    throw new ModelServingError(
      `model "${modelName}" is an inference pipeline of ${containers.length} containers; only single-container models are served here`,
      'configuration',
    );
  }
  const container = model.PrimaryContainer ?? containers[0];
  if (container === undefined || container === null || typeof container !== 'object' || Array.isArray(container)) {
    throw new ModelServingError(`model "${modelName}" has no container`, 'configuration');
  }
  return container as JsonObject;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Where the service reaches a model's program: a unix socket in the model's folder where the model runs in a
 * sandbox with a network of its own (nothing else on the host can reach it, so InvokeEndpoint's signature
 * cannot be bypassed); a 127.0.0.1 port where the host has no such sandbox. Spread into http.request options.
 */
export type ModelAddress = { readonly socketPath: string } | { readonly host: '127.0.0.1'; readonly port: number };

/** The program that carries the service's connections into a sandboxed model's own network. */
const bridgeProgram = fileURLToPath(new URL('../../../containers/serving/bridge.mjs', import.meta.url));
/** Serves a Python program: by the SageMaker inference toolkit's contract when it defines its handlers (model_fn, …). */
const inferenceToolkit = fileURLToPath(new URL('../../../containers/inference-toolkit/serve.py', import.meta.url));
/** Inside the job: short, because a unix socket's path may not be longer than 107 bytes. */
const containerSocket = `${CONTAINER_ROOT}/.serving.sock`;

/** One GET /ping; true on a 2xx answer. */
export function ping(address: ModelAddress | number, timeoutMs = 2000): Promise<boolean> {
  const target = typeof address === 'number' ? { host: '127.0.0.1', port: address } : address;
  return new Promise((resolve) => {
    const outgoing = request({ ...target, path: '/ping', method: 'GET', timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 300);
    });
    outgoing.on('timeout', () => outgoing.destroy());
    outgoing.on('error', () => resolve(false));
    outgoing.end();
  });
}

export class ModelServer {
  private result: HostJobResult | undefined;

  private constructor(
    private readonly stopping: AbortController,
    readonly jobName: string,
    readonly address: ModelAddress,
    readonly log: JobLog,
    /** Settles when the process has exited, for whatever reason. */
    readonly exited: Promise<HostJobResult>,
    readonly pid: () => number | undefined,
  ) {
    void exited.then((result) => (this.result = result));
  }

  /** The exit, once the process has ended. */
  get ended(): HostJobResult | undefined {
    return this.result;
  }

  /** Whether stop() asked it to end (as opposed to a crash). */
  get stopRequested(): boolean {
    return this.stopping.signal.aborted;
  }

  /**
   * Prepares /opt/ml, starts the program and waits until it answers /ping. Throws ModelServingError (with
   * the process ended) when the model cannot be prepared, exits, or stays silent past the health timeout.
   */
  static async start(options: ModelServerOptions): Promise<ModelServer> {
    const env = environmentOf(options.container.Environment);
    const program = env.SAGEMAKER_PROGRAM;
    const image = typeof options.container.Image === 'string' ? options.container.Image : '';
    let builtin: string | undefined;
    try {
      builtin = program ? undefined : frameworkImageOf(image)?.framework.builtin;
    } catch (error) {
      throw new ModelServingError(`model "${options.modelName}": ${error instanceof Error ? error.message : error}`, 'configuration');
    }
    if (!program && builtin === undefined) {
      throw new ModelServingError(
        `model "${options.modelName}" has no inference program on this machine: create it with Model({ code }) (SAGEMAKER_PROGRAM and SAGEMAKER_SUBMIT_DIRECTORY)`,
        'configuration',
      );
    }
    // The code is an s3:// object or archive put in /opt/ml/code, or a folder of the container itself
    // (/opt/ml/model/code when it came packed in model.tar.gz, as Model.deploy packs it for SageMaker).
    const submitted = env.SAGEMAKER_SUBMIT_DIRECTORY;
    const inContainer = submitted !== undefined && submitted.startsWith(`${CONTAINER_ROOT}/`);
    const codeDir = inContainer ? submitted.replace(/\/+$/, '') : `${CONTAINER_ROOT}/code`;
    if (codeDir.split('/').includes('..'))
      throw new ModelServingError(`model "${options.modelName}": SAGEMAKER_SUBMIT_DIRECTORY ${submitted} leaves ${CONTAINER_ROOT}`, 'configuration');
    const folder = jobFolder(options.jobsDir, options.jobName);
    const log = new JobLog(folder.logFile, 100);
    try {
      if (typeof options.container.ModelDataUrl === 'string') {
        options.artifacts.download(options.container.ModelDataUrl, join(folder.root, 'model-data'));
        for (const file of readdirSync(join(folder.root, 'model-data'))) {
          if (file.endsWith('.tar.gz')) await unpackArchive(join(folder.root, 'model-data', file), join(folder.ml, 'model'));
        }
      }
      if (submitted && !inContainer) {
        if (submitted.endsWith('.tar.gz')) {
          options.artifacts.download(submitted, join(folder.root, 'submit'));
          await unpackArchive(join(folder.root, 'submit', submitted.slice(submitted.lastIndexOf('/') + 1)), join(folder.ml, 'code'));
        } else {
          options.artifacts.download(submitted, join(folder.ml, 'code'));
        }
      }
    } catch (error) {
      throw new ModelServingError(`model "${options.modelName}": ${error instanceof Error ? error.message : error}`, 'setup');
    }
    if (program && !existsSync(join(folder.ml, codeDir.slice(CONTAINER_ROOT.length + 1), program))) {
      throw new ModelServingError(
        `model "${options.modelName}": its program ${program} is not in ${inContainer ? codeDir : 'SAGEMAKER_SUBMIT_DIRECTORY'}`,
        'configuration',
      );
    }

    let runtime: JobRuntime = { runtimes: options.runtimes, env: {} };
    // A Node.js program (Model({ code })) needs no Python environment.
    if (options.environments !== undefined && image !== '' && (!program || extname(program) === '.py')) {
      try {
        runtime = await options.environments.runtimeFor(image, options.runtimes, (line) => log.note(line));
      } catch (error) {
        throw new ModelServingError(`model "${options.modelName}": ${error instanceof Error ? error.message : error}`, 'setup');
      }
    }
    // No program of the model's own: the image's built-in algorithm serves it, as its inference container does.
    // A Python program goes through serve.py, which serves one written for the SageMaker inference toolkit (model_fn,
    // predict_fn, …; the Python SDK's framework models) by that contract, and runs any other as it is.
    const command = !program
      ? ['python3', builtinProgram('xgboost', 'serve')]
      : extname(program) === '.py'
        ? ['python3', inferenceToolkit, `${codeDir}/${program}`]
        : ['node', `${codeDir}/${program}`];
    const port = await freePort();
    const socketPath = join(folder.ml, containerSocket.slice(CONTAINER_ROOT.length + 1));
    const sandbox = sandboxSupport();
    // A socket path too long for the kernel keeps the model on a loopback port (and its log says so).
    const bridged = sandbox.available && sandbox.networkIsolation && Buffer.byteLength(socketPath) < 104;
    if (!bridged)
      log.note(`the model listens on 127.0.0.1:${port}, where other local processes can reach it unsigned (no sandbox with a network of its own here)`);
    const address: ModelAddress = bridged ? { socketPath } : { host: '127.0.0.1', port };
    const stopping = new AbortController();
    let pid: number | undefined;
    const exited = runHostJob({
      jobDir: folder.ml,
      command: bridged
        ? ['node', bridgeProgram, containerSocket, String(port), '--', hostProgram(command[0]!, runtime.runtimes), ...command.slice(1)]
        : command,
      env: { ...runtime.env, ...env, ...options.extraEnv, SAGEMAKER_BIND_TO_PORT: String(port), SAGEMAKER_MODEL_DIR: '/opt/ml/model' },
      log,
      runtimes: runtime.runtimes,
      signal: stopping.signal,
      stopGraceMs: options.stopGraceMs ?? 5000,
      // Bridged, the model has a network of its own, empty but for its loopback; the service comes in by the socket.
      limits: jobLimits(options.instanceType, undefined, bridged, runtime.runtimes),
      onStart: (started) => {
        pid = started;
        options.onStart?.(started);
      },
    });
    const server = new ModelServer(stopping, options.jobName, address, log, exited, () => pid);
    const onAbort = () => stopping.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    void exited.then(() => options.signal?.removeEventListener('abort', onAbort));
    if (options.signal?.aborted) onAbort();
    try {
      await server.waitUntilHealthy(options.healthTimeoutMs ?? 60000);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  private async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let delay = 10;
    while (Date.now() < deadline) {
      if (this.result !== undefined) {
        const how = this.result.signal ? `on ${this.result.signal}` : `with code ${this.result.exitCode}`;
        throw new ModelServingError(
          `the model's program exited ${how} before it answered /ping: ${this.log.lines.slice(-3).join(' ') || 'no output'}`,
          'program',
        );
      }
      if (await ping(this.address)) return;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 200);
    }
    throw new ModelServingError(`the model did not answer /ping within ${Math.round(timeoutMs / 1000)} s`, 'program');
  }

  /** One POST /invocations, answered whole: for batch transform. */
  invoke(body: string, headers: Readonly<Record<string, string>>): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { ...this.address, path: '/invocations', method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 500, text: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Ends the process (SIGTERM, then SIGKILL after the grace) and waits for it. */
  async stop(): Promise<HostJobResult> {
    this.stopping.abort();
    return this.exited;
  }
}
