/**
 * `Session.aws({ region, roleArn })`: the same pipelines on Amazon SageMaker. Credentials come from the
 * standard AWS provider chain (environment, shared config/SSO profiles, container and instance roles)
 * unless given; throttling and 5xx answers are retried with the SDK's standard retry strategy.
 */
import { CreateBucketCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { SageMakerClient, type SageMakerClientConfig } from '@aws-sdk/client-sagemaker';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { CodeAsset } from '../sdk/code.js';
import { readableErrors, readableErrorsStep } from './aws-errors.js';
import { Session } from './session.js';

/** The options of `Session.aws(...)`. */
export interface AwsSessionOptions {
  /** The AWS Region of SageMaker and the default bucket, e.g. `us-east-1`. */
  readonly region: string;
  /** The execution role SageMaker assumes for the pipeline's steps. */
  readonly roleArn: string;
  /** Where default outputs and uploaded code go. Default: `sagemaker-<region>-<account of roleArn>`. */
  readonly defaultBucket?: string;
  /** One address for SageMaker and S3 (an emulator, a VPC endpoint proxy). Default: AWS's own for the region. */
  readonly endpoint?: string;
  /** Default: the standard AWS provider chain. */
  readonly credentials?: SageMakerClientConfig['credentials'];
  /** A named profile of ~/.aws/config and ~/.aws/credentials for the provider chain. */
  readonly profile?: string;
  /** Attempts per call, retries included (standard retry strategy). Default 3. */
  readonly maxAttempts?: number;
}

// `Session.aws(...)` sits beside `Session.local()`; declared here so the AWS path stays in its own file.
declare module './session.js' {
  namespace Session {
    let aws: (options: AwsSessionOptions) => AwsSession;
  }
}

/** The AWS account in an IAM ARN (`arn:aws:iam::123456789012:role/Name`), if it has one. */
function accountOf(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1];
}

/**
 * A session on Amazon SageMaker: the same pipeline definitions, created and started with `@aws-sdk/client-sagemaker` in
 * a Region, local code uploaded to the default bucket with S3.
 *
 * @example
 * ```ts
 * const aws = Session.aws({ region: 'us-east-1', roleArn: 'arn:aws:iam::123456789012:role/SageMakerRole', profile: 'ml' });
 * const execution = await pipeline.start({ session: aws });
 * ```
 */
export class AwsSession extends Session {
  readonly kind = 'aws';
  readonly region: string;
  readonly roleArn: string;
  readonly defaultBucket: string;
  private readonly sageMaker: SageMakerClient;
  private readonly storage: S3Client;
  private readonly sageMakerRuntime: SageMakerRuntimeClient;
  private readonly schedulerClient: SchedulerClient;
  private defaultBucketReady: Promise<void> | undefined;

  constructor(options: AwsSessionOptions) {
    super();
    this.region = options.region;
    this.roleArn = options.roleArn;
    // The SageMaker Python SDK asks STS for the caller's account; without an STS client here, the
    // execution role's account names the bucket (the same account in the usual single-account set-up).
    const account = accountOf(options.roleArn);
    if (options.defaultBucket === undefined && account === undefined) {
      throw new Error(`Session.aws: give defaultBucket, or a roleArn with an account (arn:aws:iam::<account>:role/<name>); got "${options.roleArn}"`);
    }
    this.defaultBucket = options.defaultBucket ?? `sagemaker-${options.region}-${account}`;
    const common = {
      region: options.region,
      endpoint: options.endpoint,
      credentials: options.credentials,
      profile: options.profile,
      retryMode: 'standard',
      maxAttempts: options.maxAttempts ?? 3,
    };
    this.sageMaker = new SageMakerClient(common);
    // Path-style addressing, so a custom endpoint does not need per-bucket host names.
    this.storage = new S3Client({ ...common, forcePathStyle: options.endpoint !== undefined });
    this.sageMakerRuntime = new SageMakerRuntimeClient(common);
    this.schedulerClient = new SchedulerClient(common);
    this.schedulerClient.middlewareStack.add(readableErrors('EventBridge Scheduler'), readableErrorsStep);
    this.sageMaker.middlewareStack.add(readableErrors('SageMaker'), readableErrorsStep);
    this.sageMakerRuntime.middlewareStack.add(readableErrors('SageMaker Runtime'), readableErrorsStep);
    this.storage.middlewareStack.add(readableErrors('S3'), readableErrorsStep);
  }

  async client(): Promise<SageMakerClient> {
    return this.sageMaker;
  }

  async runtime(): Promise<SageMakerRuntimeClient> {
    return this.sageMakerRuntime;
  }

  /** EventBridge Scheduler, which starts the pipeline's scheduled executions on AWS. */
  async scheduler(): Promise<SchedulerClient> {
    return this.schedulerClient;
  }

  /** The S3 client the session uploads with (same region, endpoint and credentials). */
  s3(): S3Client {
    return this.storage;
  }

  async uploadCode(assets: readonly CodeAsset[]): Promise<void> {
    await Promise.all(
      assets.map(async (asset) => {
        // The key names the content, so an object already there is the same code.
        if (await this.exists(asset.bucket, asset.key)) return;
        await this.putObject(asset.bucket, asset.key, asset.body);
      }),
    );
  }

  async putObject(bucket: string, key: string, body: Uint8Array | string): Promise<void> {
    if (bucket === this.defaultBucket) await this.ensureDefaultBucket();
    await this.storage.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }

  private async exists(bucket: string, key: string): Promise<boolean> {
    try {
      await this.storage.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  /** Creates the default bucket on first use when it does not exist, as the SageMaker Python SDK does. */
  private ensureDefaultBucket(): Promise<void> {
    this.defaultBucketReady ??= (async () => {
      try {
        await this.storage.send(new HeadBucketCommand({ Bucket: this.defaultBucket }));
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw error;
        // us-east-1 is the one region that must not be named as a location constraint.
        const configuration = this.region === 'us-east-1' ? undefined : { LocationConstraint: this.region as BucketLocationConstraint };
        await this.storage.send(new CreateBucketCommand({ Bucket: this.defaultBucket, CreateBucketConfiguration: configuration }));
      }
    })().catch((error: unknown) => {
      this.defaultBucketReady = undefined;
      throw error;
    });
    return this.defaultBucketReady;
  }
}

Session.aws = (options: AwsSessionOptions): AwsSession => new AwsSession(options);
