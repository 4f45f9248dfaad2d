/**
 * Deploying a model to a real-time endpoint through a session, as the SageMaker Python SDK's `deploy` does:
 * CreateModel, CreateEndpointConfig (one variant, AllTraffic), CreateEndpoint (or UpdateEndpoint), then
 * waiting for InService. Locally the service serves it on this machine; with an AWS session, SageMaker does.
 */
import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DescribeEndpointCommand,
  UpdateEndpointCommand,
  type ContainerDefinition,
  type DescribeEndpointCommandOutput,
} from '@aws-sdk/client-sagemaker';
import type { CodeAsset } from '../sdk/code.js';
import { AwsSession } from './aws-session.js';
import { Predictor } from './predictor.js';
import { packCodeIntoModel } from './repack.js';
import { Session } from './session.js';

/** The options of `model.deploy()` and `modelPackage.deploy()`: CreateModel, CreateEndpointConfig and CreateEndpoint's fields. */
export interface DeployOptions {
  /** `EndpointName`: the endpoint to create (or, with `update`, to switch). */
  readonly endpointName: string;
  /** Where the endpoint runs; default `Session.default`. */
  readonly session?: Session;
  /** The model's and the endpoint configuration's name. Default: `<endpointName>-<time>`. */
  readonly modelName?: string;
  /** The production variant's `InstanceType`; default `ml.m5.large`. */
  readonly instanceType?: string;
  /** The production variant's `InitialInstanceCount`; default 1. */
  readonly initialInstanceCount?: number;
  /** The production variant's `VariantName`; default `AllTraffic`, as the Python SDK names it. */
  readonly variantName?: string;
  /** When the endpoint exists: switch it to this model (UpdateEndpoint) instead of failing. */
  readonly update?: boolean;
  /** Wait until the endpoint is InService (the default), failing with its FailureReason if it fails. */
  readonly wait?: boolean;
  /** Give up waiting after this long. Default 30 minutes. */
  readonly maxWaitMs?: number;
}

/** Thrown when the endpoint ends Failed, or an update was rolled back: carries SageMaker's reason. */
export class EndpointDeploymentError extends Error {
  override readonly name = 'EndpointDeploymentError';
  constructor(
    readonly endpointName: string,
    readonly failureReason: string | undefined,
  ) {
    super(`Endpoint ${endpointName} did not deploy: ${failureReason ?? 'no reason given'}`);
  }
}

/** A name SageMaker accepts (63 characters, letters, digits and hyphens) made of `base` and the time. */
export function timestampedName(base: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:T.Z]/g, '')
    .slice(0, 17);
  return `${base.slice(0, 63 - stamp.length - 1)}-${stamp}`;
}

/**
 * Creates the model, its configuration and the endpoint. `codeAssets` is the inference program: uploaded for
 * the local service; for SageMaker packed into model.tar.gz under code/, where the container's `serve` runs it.
 */
export async function deployContainer(given: ContainerDefinition, codeAssets: readonly CodeAsset[], options: DeployOptions): Promise<Predictor> {
  const session = options.session ?? Session.default;
  const client = await session.client();
  const modelName = options.modelName ?? timestampedName(options.endpointName);
  let container = given;
  const program = codeAssets[0];
  if (session instanceof AwsSession && program !== undefined) container = await packCodeIntoModel(session, given, program, modelName);
  else await session.uploadCode(codeAssets);
  await client.send(new CreateModelCommand({ ModelName: modelName, PrimaryContainer: container, ExecutionRoleArn: session.roleArn }));
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: modelName,
      ProductionVariants: [
        {
          VariantName: options.variantName ?? 'AllTraffic',
          ModelName: modelName,
          InitialInstanceCount: options.initialInstanceCount ?? 1,
          InstanceType: (options.instanceType ?? 'ml.m5.large') as never,
          InitialVariantWeight: 1,
        },
      ],
    }),
  );
  const existing = await describeIfExists(session, options.endpointName);
  const previousModified = existing?.LastModifiedTime?.getTime();
  if (existing === undefined) {
    await client.send(new CreateEndpointCommand({ EndpointName: options.endpointName, EndpointConfigName: modelName }));
  } else if (options.update) {
    await client.send(new UpdateEndpointCommand({ EndpointName: options.endpointName, EndpointConfigName: modelName }));
  } else {
    throw new Error(`Endpoint ${options.endpointName} exists (${existing.EndpointStatus}); pass update: true to deploy this model to it`);
  }
  if (options.wait !== false)
    await waitForEndpoint(session, options.endpointName, { expectConfig: modelName, after: previousModified, maxWaitMs: options.maxWaitMs });
  return new Predictor(options.endpointName, session);
}

async function describeIfExists(session: Session, endpointName: string): Promise<DescribeEndpointCommandOutput | undefined> {
  try {
    return await (await session.client()).send(new DescribeEndpointCommand({ EndpointName: endpointName }));
  } catch (error) {
    if (/Could not find endpoint/i.test((error as Error).message)) return undefined;
    throw error;
  }
}

const settled = new Set(['InService', 'Failed', 'OutOfService', 'UpdateRollbackFailed']);

/**
 * Polls DescribeEndpoint until the endpoint settles. With `expectConfig`, an InService endpoint that does
 * not serve that configuration means the update was rolled back: an EndpointDeploymentError with the reason.
 */
export async function waitForEndpoint(
  session: Session,
  endpointName: string,
  options: { expectConfig?: string; after?: number; maxWaitMs?: number } = {},
): Promise<DescribeEndpointCommandOutput> {
  const client = await session.client();
  const deadline = Date.now() + (options.maxWaitMs ?? 30 * 60 * 1000);
  let delay = 100;
  for (;;) {
    const described = await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
    const status = described.EndpointStatus ?? '';
    const moved = options.after === undefined || (described.LastModifiedTime?.getTime() ?? 0) > options.after;
    if (settled.has(status) && moved) {
      if (status !== 'InService') throw new EndpointDeploymentError(endpointName, described.FailureReason);
      if (options.expectConfig !== undefined && described.EndpointConfigName !== options.expectConfig)
        throw new EndpointDeploymentError(endpointName, described.FailureReason);
      return described;
    }
    if (Date.now() > deadline) throw new Error(`Endpoint ${endpointName} is still ${status} after ${Math.round((options.maxWaitMs ?? 0) / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 1.5, 5000);
  }
}
