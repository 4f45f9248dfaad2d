/**
 * Where pipelines run: `Session.local()` (the default: the local service of SLUICE_HOME) or, when one
 * machine is not enough, Amazon SageMaker. The pipeline is the same either way; only the session differs.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { CodeAsset } from '../sdk/code.js';
import { localAccount } from '../home/credentials.js';
import { resolveHome } from '../home/paths.js';
import { LocalExtrasClient, type LocalServiceAddress } from './local-extras-client.js';
import { connectLocalService } from './local-service.js';

// The JS SDK's notice that its 2027 releases need Node 22 is noise in a notebook.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

/** The options of {@link Session.local}. */
export interface LocalSessionOptions {
  /** Default: $SLUICE_HOME, else ~/.sluice. */
  readonly home?: string;
  /** Where default outputs and uploaded code go. */
  readonly defaultBucket?: string;
  /** The role ARN written where SageMaker asks for one (`RoleArn` of CreatePipeline); default `arn:aws:iam::<local account>:role/SluiceLocal`. */
  readonly roleArn?: string;
}

/**
 * Where pipelines run and what every call goes through: a SageMaker client (and S3 for code), local by default
 * (`Session.local()`, this machine's service) or Amazon SageMaker (`Session.aws(...)`). The Python SDK's
 * `sagemaker.Session` / `PipelineSession`.
 *
 * @example
 * ```ts
 * await pipeline.upsert();                                        // Session.default: the local service
 * const aws = Session.aws({ region: 'eu-west-1', roleArn: 'arn:aws:iam::123456789012:role/SageMakerRole' });
 * await pipeline.upsert({ session: aws });                        // the same definition on Amazon SageMaker
 * Session.setDefault(aws);                                        // or make it the default for every call
 * ```
 */
export abstract class Session {
  abstract readonly kind: 'local' | 'aws';
  abstract readonly defaultBucket: string;
  abstract readonly roleArn: string;

  /** The SageMaker client every call goes through. */
  abstract client(): Promise<SageMakerClient>;

  /** The SageMaker Runtime client that endpoints are invoked through. */
  abstract runtime(): Promise<SageMakerRuntimeClient>;

  /** The EventBridge Scheduler client that pipeline schedules are made with (the local service speaks Scheduler's API too). */
  abstract scheduler(): Promise<SchedulerClient>;

  /** Puts each code file at its content-addressed key, unless it is there already. */
  abstract uploadCode(assets: readonly CodeAsset[]): Promise<void>;

  /** Puts an object (e.g. a definition over 100 KiB) at s3://bucket/key. */
  abstract putObject(bucket: string, key: string, body: Uint8Array | string): Promise<void>;

  /** This machine's service, started on first use when none answers. */
  static local(options: LocalSessionOptions = {}): LocalSession {
    return new LocalSession(options);
  }

  private static defaultSession: Session | undefined;

  /** The session used when none is given: the local one, until `Session.setDefault` says otherwise. */
  static get default(): Session {
    Session.defaultSession ??= Session.local();
    return Session.defaultSession;
  }

  /** Makes `session` the one used when a call is given none (`Session.default`). */
  static setDefault(session: Session): void {
    Session.defaultSession = session;
  }
}

/**
 * The local session: this machine's service for `SLUICE_HOME`, speaking SageMaker's API (signed with the local
 * credentials), started on the first call when none answers and shared by every kernel and the Pipelines panel.
 *
 * @example
 * ```ts
 * const session = Session.local({ home: '/tmp/sluice-home' });
 * const execution = await pipeline.start({ session });
 * ```
 */
export class LocalSession extends Session {
  readonly kind = 'local';
  readonly home: string;
  readonly defaultBucket: string;
  readonly roleArn: string;
  private address: Promise<LocalServiceAddress> | undefined;
  private sageMaker: SageMakerClient | undefined;
  private sageMakerRuntime: SageMakerRuntimeClient | undefined;
  private schedulerClient: SchedulerClient | undefined;

  constructor(options: LocalSessionOptions = {}) {
    super();
    this.home = resolveHome(options.home);
    this.defaultBucket = options.defaultBucket ?? `sagemaker-us-east-1-${localAccount}`;
    this.roleArn = options.roleArn ?? `arn:aws:iam::${localAccount}:role/SluiceLocal`;
  }

  /** The service's address; starts the service when none answers (once per session). */
  connect(): Promise<LocalServiceAddress> {
    this.address ??= connectLocalService(this.home).catch((error: unknown) => {
      this.address = undefined;
      throw error;
    });
    return this.address;
  }

  async client(): Promise<SageMakerClient> {
    if (this.sageMaker === undefined) {
      const address = await this.connect();
      this.sageMaker = new SageMakerClient({ endpoint: address.endpoint, region: address.region, credentials: address.credentials });
    }
    return this.sageMaker;
  }

  /** InvokeEndpoint goes to the same service, signed with the same keys. */
  async runtime(): Promise<SageMakerRuntimeClient> {
    if (this.sageMakerRuntime === undefined) {
      const address = await this.connect();
      this.sageMakerRuntime = new SageMakerRuntimeClient({ endpoint: address.endpoint, region: address.region, credentials: address.credentials });
    }
    return this.sageMakerRuntime;
  }

  /** Schedules are kept and fired by the same service, which answers Scheduler's API. */
  async scheduler(): Promise<SchedulerClient> {
    if (this.schedulerClient === undefined) {
      const address = await this.connect();
      this.schedulerClient = new SchedulerClient({ endpoint: address.endpoint, region: address.region, credentials: address.credentials });
    }
    return this.schedulerClient;
  }

  /** The client of the service's `SluiceLocal.*` operations (artifacts, logs, metrics), which SageMaker has not. */
  async extras(): Promise<LocalExtrasClient> {
    return new LocalExtrasClient(await this.connect());
  }

  async uploadCode(assets: readonly CodeAsset[]): Promise<void> {
    const extras = await this.extras();
    const present = new Map<string, Set<string>>();
    for (const asset of assets) {
      // The key names the content, so an object already there is the same code: list once per prefix.
      const prefix = `s3://${asset.bucket}/${asset.key.slice(0, asset.key.lastIndexOf('/'))}`;
      if (!present.has(prefix)) present.set(prefix, new Set(await extras.listArtifacts(prefix)));
      if (!present.get(prefix)!.has(asset.s3Uri)) await extras.putArtifact(asset.s3Uri, asset.body);
    }
  }

  async putObject(bucket: string, key: string, body: Uint8Array | string): Promise<void> {
    await (await this.extras()).putArtifact(`s3://${bucket}/${key}`, body);
  }
}
