/** A registered model version, as it is deployed: its ARN names the image, model data and environment to serve. */
import type { DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import { DescribeModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { deployContainer, type DeployOptions } from './deploy.js';
import type { Predictor } from './predictor.js';
import { Session } from './session.js';

/**
 * A model version in the model registry (a model package) by its ARN, deployable as it is: the Python SDK's
 * `ModelPackage`.
 *
 * @example
 * ```ts
 * const version = new ModelPackage('arn:aws:sagemaker:us-east-1:000000000000:model-package/abalone/3');
 * const predictor = await version.deploy({ endpointName: 'abalone-staging' });
 * ```
 */
export class ModelPackage {
  constructor(
    readonly modelPackageArn: string,
    readonly session: Session = Session.default,
  ) {}

  /** DescribeModelPackage: its status, approval, inference specification and metrics. */
  async describe(): Promise<DescribeModelPackageCommandOutput> {
    return (await this.session.client()).send(new DescribeModelPackageCommand({ ModelPackageName: this.modelPackageArn }));
  }

  /** Deploys this version (it must be Approved) to a real-time endpoint: CreateModel from the package, then as Model.deploy. */
  deploy(options: Omit<DeployOptions, 'session'> & { readonly session?: Session }): Promise<Predictor> {
    return deployContainer({ ModelPackageName: this.modelPackageArn }, [], { ...options, session: options.session ?? this.session });
  }
}
