/** ARNs as SageMaker forms them; resource names are lowercased in ARNs. */
export interface ArnScope {
  region: string;
  account: string;
}

const prefix = (scope: ArnScope): string => `arn:aws:sagemaker:${scope.region}:${scope.account}`;

export const pipelineArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:pipeline/${name.toLowerCase()}`;
export const modelPackageGroupArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:model-package-group/${name.toLowerCase()}`;
export const versionedModelPackageArn = (scope: ArnScope, group: string, version: number): string =>
  `${prefix(scope)}:model-package/${group.toLowerCase()}/${version}`;
export const unversionedModelPackageArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:model-package/${name.toLowerCase()}`;
export const modelArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:model/${name.toLowerCase()}`;
export const endpointConfigArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:endpoint-config/${name.toLowerCase()}`;
export const endpointArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:endpoint/${name.toLowerCase()}`;

/** The resource name of a `...:<kind>/<name>` ARN, or the argument itself when it is a plain name. */
export function nameFromArnOrName(value: string, kind: string): string {
  const match = new RegExp(`^arn:aws[a-z-]*:sagemaker:[^:]*:[0-9]*:${kind}/(.+)$`).exec(value);
  return match === null ? value : match[1]!;
}
