// The project's deployment: ApprovalDeployment (from sluice) over the project's model group and endpoints, with the
// abalone staging test. What the deploy CLI and the notebook use.
import { ApprovalDeployment, ModelRegistry, Session, type DeploymentAction } from 'sluice';
import { readProjectSettings } from '../pipelines/_utils';
import { deployConfig } from './config';
import { abaloneStagingTest } from './staging-test';

export function projectDeployment(options: { session?: Session; root?: string } = {}): ApprovalDeployment {
  const session = options.session ?? Session.default;
  const settings = readProjectSettings(options.root);
  if (settings === undefined) throw new Error('No sluice-project.json here: run this from the project folder');
  const config = deployConfig(settings);
  return new ApprovalDeployment({
    modelPackageGroupName: config.modelPackageGroupName,
    stagingEndpoint: config.stagingEndpoint,
    prodEndpoint: config.prodEndpoint,
    instanceType: config.instanceType,
    session,
    stagingTest: abaloneStagingTest(session),
  });
}

/** A version's ARN from its number in the group (`3`) or the ARN itself. */
export async function versionArn(deployment: ApprovalDeployment, version: string): Promise<string> {
  if (version.startsWith('arn:')) return version;
  const versions = await new ModelRegistry(deployment.session).listVersions(deployment.options.modelPackageGroupName);
  const found = versions.find((candidate) => String(candidate.ModelPackageVersion) === version);
  if (found?.ModelPackageArn === undefined) throw new Error(`${deployment.options.modelPackageGroupName} has no version ${version}`);
  return found.ModelPackageArn;
}

/** One line a change, in the words of the project page. */
export function describeAction(action: DeploymentAction): string {
  switch (action.kind) {
    case 'deployed':
      return `${action.endpoint}: serves version ${action.version}${action.previous === undefined ? '' : ` (was ${action.previous})`}`;
    case 'staging-test':
      return `staging test of version ${action.version}: ${action.passed ? 'passed' : `failed: ${action.detail}`}`;
    case 'removed':
      return `${action.endpoint}: deleted (served version ${action.previous}, which is no longer approved)`;
  }
}
