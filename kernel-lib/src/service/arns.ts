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
/** Lineage entities: an artifact is named by an id (32 hex digits), the others by their names. */
export const artifactArn = (scope: ArnScope, id: string): string => `${prefix(scope)}:artifact/${id}`;
export const actionArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:action/${name.toLowerCase()}`;
export const contextArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:context/${name.toLowerCase()}`;
export const experimentArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:experiment/${name.toLowerCase()}`;
export const trialArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:experiment-trial/${name.toLowerCase()}`;
export const trialComponentArn = (scope: ArnScope, name: string): string => `${prefix(scope)}:experiment-trial-component/${name.toLowerCase()}`;

/** The resource name of a `...:<kind>/<name>` ARN, or the argument itself when it is a plain name. */
export function nameFromArnOrName(value: string, kind: string): string {
  const match = new RegExp(`^arn:aws[a-z-]*:sagemaker:[^:]*:[0-9]*:${kind}/(.+)$`).exec(value);
  return match === null ? value : match[1]!;
}
