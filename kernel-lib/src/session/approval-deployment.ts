/**
 * The deploy half of SageMaker's "model building, training, and deployment" project: endpoints follow the
 * model registry. Staging serves the group's latest Approved version and is tested once it does; production
 * serves the latest version that passed staging and got a second, production approval. A version that is
 * Rejected is taken off both, each going back to the latest version still allowed there. On SageMaker an
 * EventBridge rule and a CodePipeline do this; here a program calls `reconcile()` (or `watch()`).
 */
import {
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  UpdateModelPackageCommand,
  type ModelPackageSummary,
} from '@aws-sdk/client-sagemaker';
import { ModelPackage } from './model-package.js';
import { ModelRegistry } from './model-registry.js';
import { Predictor } from './predictor.js';
import { Session } from './session.js';

/** Registry metadata keys this flow reads and writes on a version. */
export const productionApprovalKey = 'ProductionApproval';
/** The registry metadata key that records a version's staging test result. */
export const stagingTestKey = 'StagingTest';

/** The options of an {@link ApprovalDeployment}. */
export interface ApprovalDeploymentOptions {
  /** The model package group whose approved versions are deployed. */
  readonly modelPackageGroupName: string;
  /** Conventionally `<project>-staging`. */
  readonly stagingEndpoint: string;
  /** Conventionally `<project>-prod`. */
  readonly prodEndpoint: string;
  /** Where the registry and the endpoints are; default `Session.default`. */
  readonly session?: Session;
  /** Checks the staging endpoint once it serves a version; throwing fails the version's staging test. */
  readonly stagingTest?: (predictor: Predictor, version: ModelPackageSummary) => Promise<void>;
  /** The endpoints' instance type; default that of {@link DeployOptions.instanceType}. */
  readonly instanceType?: string;
}

/** One change a {@link ApprovalDeployment.reconcile} pass made: a version deployed, a staging test run, an endpoint removed. */
export type DeploymentAction =
  | { readonly kind: 'deployed'; readonly endpoint: string; readonly version: number; readonly previous: number | undefined }
  | { readonly kind: 'staging-test'; readonly version: number; readonly passed: boolean; readonly detail: string }
  | { readonly kind: 'removed'; readonly endpoint: string; readonly previous: number };

/**
 * The deploy half of SageMaker's "model building, training, and deployment" project template: staging serves the
 * group's latest Approved version and tests it, production the latest one that passed staging and got a production
 * approval; a Rejected version is taken off both. On SageMaker an EventBridge rule and CodePipeline do this.
 *
 * @example
 * ```ts
 * const deployment = new ApprovalDeployment({ modelPackageGroupName: 'abalone', stagingEndpoint: 'abalone-staging', prodEndpoint: 'abalone-prod' });
 * await deployment.reconcile();   // [{ kind: 'deployed', endpoint: 'abalone-staging', version: 3, previous: 2 }, ...]
 * ```
 */
export class ApprovalDeployment {
  readonly session: Session;

  constructor(readonly options: ApprovalDeploymentOptions) {
    this.session = options.session ?? Session.default;
  }

  /** Records the second approval that lets a version that passed staging go to production. */
  async approveForProduction(modelPackageArn: string, comment?: string): Promise<void> {
    const client = await this.session.client();
    await client.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: modelPackageArn,
        CustomerMetadataProperties: { [productionApprovalKey]: 'Approved' },
        ApprovalDescription: comment,
      }),
    );
  }

  /** One pass: staging first (deploy, then test), then production; returns what changed. */
  async reconcile(): Promise<DeploymentAction[]> {
    const actions: DeploymentAction[] = [];
    const versions = await this.versions();
    const approved = versions.filter((version) => version.ModelApprovalStatus === 'Approved');
    const staging = approved[0];
    actions.push(...(await this.follow(this.options.stagingEndpoint, staging)));
    if (staging !== undefined && (await this.metadata(staging))[stagingTestKey] === undefined) actions.push(await this.testStaging(staging));

    const promotable: ModelPackageSummary[] = [];
    for (const version of approved) {
      const metadata = await this.metadata(version);
      if (metadata[productionApprovalKey] === 'Approved' && metadata[stagingTestKey] === 'Passed') promotable.push(version);
    }
    actions.push(...(await this.follow(this.options.prodEndpoint, promotable[0])));
    return actions;
  }

  /** Reconciles every `intervalMs` until the signal aborts; errors go to `onError` and the next pass tries again. */
  async watch(options: {
    intervalMs?: number;
    signal: AbortSignal;
    onAction?: (action: DeploymentAction) => void;
    onError?: (error: unknown) => void;
  }): Promise<void> {
    while (!options.signal.aborted) {
      try {
        for (const action of await this.reconcile()) options.onAction?.(action);
      } catch (error) {
        options.onError?.(error);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5000));
    }
  }

  /** The version an endpoint serves (from its model's ModelPackageName), or undefined when there is no endpoint. */
  async servedVersion(endpointName: string): Promise<number | undefined> {
    const client = await this.session.client();
    let configName: string | undefined;
    try {
      configName = (await client.send(new DescribeEndpointCommand({ EndpointName: endpointName }))).EndpointConfigName;
    } catch (error) {
      if (/Could not find endpoint/i.test((error as Error).message)) return undefined;
      throw error;
    }
    const config = await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: configName }));
    const modelName = config.ProductionVariants?.[0]?.ModelName;
    if (modelName === undefined) return undefined;
    const model = await client.send(new DescribeModelCommand({ ModelName: modelName }));
    const arn = model.PrimaryContainer?.ModelPackageName ?? model.Containers?.[0]?.ModelPackageName ?? '';
    const version = /\/(\d+)$/.exec(arn)?.[1];
    return version === undefined ? undefined : Number(version);
  }

  /** Makes the endpoint serve `wanted`, or removes it when nothing may be served there. */
  private async follow(endpointName: string, wanted: ModelPackageSummary | undefined): Promise<DeploymentAction[]> {
    const served = await this.servedVersion(endpointName);
    if (wanted === undefined) {
      if (served === undefined) return [];
      await (await this.session.client()).send(new DeleteEndpointCommand({ EndpointName: endpointName }));
      return [{ kind: 'removed', endpoint: endpointName, previous: served }];
    }
    if (served === wanted.ModelPackageVersion) return [];
    await new ModelPackage(wanted.ModelPackageArn ?? '', this.session).deploy({
      endpointName,
      update: served !== undefined,
      session: this.session,
      instanceType: this.options.instanceType,
    });
    return [{ kind: 'deployed', endpoint: endpointName, version: wanted.ModelPackageVersion ?? 0, previous: served }];
  }

  private async testStaging(version: ModelPackageSummary): Promise<DeploymentAction> {
    let passed = true;
    let detail = 'no staging test';
    if (this.options.stagingTest !== undefined) {
      try {
        await this.options.stagingTest(new Predictor(this.options.stagingEndpoint, this.session), version);
        detail = 'passed';
      } catch (error) {
        passed = false;
        detail = error instanceof Error ? error.message : String(error);
      }
    }
    const client = await this.session.client();
    await client.send(
      new UpdateModelPackageCommand({
        ModelPackageArn: version.ModelPackageArn,
        CustomerMetadataProperties: { [stagingTestKey]: passed ? 'Passed' : `Failed: ${detail}`.slice(0, 256) },
      }),
    );
    return { kind: 'staging-test', version: version.ModelPackageVersion ?? 0, passed, detail };
  }

  /** The group's versions, newest (highest version number) first. */
  private async versions(): Promise<ModelPackageSummary[]> {
    const versions = await new ModelRegistry(this.session).listVersions(this.options.modelPackageGroupName);
    return versions.sort((a, b) => (b.ModelPackageVersion ?? 0) - (a.ModelPackageVersion ?? 0));
  }

  private async metadata(version: ModelPackageSummary): Promise<Record<string, string>> {
    const described = await new ModelPackage(version.ModelPackageArn ?? '', this.session).describe();
    return described.CustomerMetadataProperties ?? {};
  }
}
