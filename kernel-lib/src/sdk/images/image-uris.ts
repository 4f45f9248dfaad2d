/**
 * The image URIs of SageMaker's scikit-learn and XGBoost images, exactly as the SageMaker Python SDK's
 * `image_uris.retrieve(framework, region, version)` writes them: `<account>.dkr.ecr.<region>.<domain>/<repository>:<tag>`.
 */
import { frameworkImageAccounts, frameworkImageTags, regionDomains } from './ecr-accounts.js';

/** The framework versions of SageMaker's XGBoost images that {@link xgboostImage} knows, e.g. `'1.7-1'`. */
export type XGBoostVersion = keyof typeof frameworkImageTags.xgboost.tags;
/** The framework versions of SageMaker's scikit-learn images that {@link sklearnImage} knows, e.g. `'1.2-1'`. */
export type SKLearnVersion = keyof typeof frameworkImageTags.sklearn.tags;

const DEFAULT_REGION = 'us-east-1';

/** Why an image cannot be named: the message lists what exists, as the Python SDK's ValueError does. */
export class ImageUriError extends Error {
  override readonly name = 'ImageUriError';
}

function imageUri(framework: keyof typeof frameworkImageTags, version: string, region: string): string {
  const { repository, tags } = frameworkImageTags[framework];
  const tag = (tags as Readonly<Record<string, string>>)[version];
  if (tag === undefined)
    throw new ImageUriError(`Unsupported ${framework} version: ${version}. Supported ${framework} version(s): ${Object.keys(tags).join(', ')}.`);
  const account = frameworkImageAccounts[region];
  if (account === undefined) throw new ImageUriError(`Unsupported region: ${region}. Supported region(s): ${Object.keys(frameworkImageAccounts).join(', ')}.`);
  return `${account}.dkr.ecr.${region}.${regionDomains[region] ?? 'amazonaws.com'}/${repository}:${tag}`;
}

/** The XGBoost image (its built-in algorithm, or script mode), e.g. `xgboostImage('1.7-1')`. */
export function xgboostImage(version: XGBoostVersion, region: string = DEFAULT_REGION): string {
  return imageUri('xgboost', version, region);
}

/** The scikit-learn image (SKLearnProcessor, SKLearn estimator), e.g. `sklearnImage('1.2-1')`. */
export function sklearnImage(version: SKLearnVersion, region: string = DEFAULT_REGION): string {
  return imageUri('sklearn', version, region);
}
