// Where the project's models are served, as SageMaker's deploy seed names them: <project>-staging and <project>-prod,
// following the project's model package group (<project>-<id>).
import type { ProjectSettings } from '../pipelines/_utils';

export interface DeployConfig {
  readonly modelPackageGroupName: string;
  readonly stagingEndpoint: string;
  readonly prodEndpoint: string;
  /** Both stages' instance type (the seed's staging-config.json and prod-config.json: ml.m5.large). */
  readonly instanceType: string;
}

export function deployConfig(settings: ProjectSettings): DeployConfig {
  return {
    modelPackageGroupName: settings.ModelPackageGroupName,
    stagingEndpoint: `${settings.ProjectName}-staging`,
    prodEndpoint: `${settings.ProjectName}-prod`,
    instanceType: 'ml.m5.large',
  };
}
