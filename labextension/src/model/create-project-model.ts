/** Create project's form: the templates to choose from (read once), and creating the project. */
import type { ProjectDescription, ProjectTemplate, ServiceClient } from '../api/operations';
import { PolledModel } from './polled-model';
import { createProject, listProjectTemplates, preselectedTemplate, type CreateProjectRequest } from './project-model';

export class CreateProjectModel extends PolledModel {
  private _templates: ProjectTemplate[] | undefined;

  constructor(
    client: ServiceClient,
    /** JupyterLab's root folder, where the seed repository goes. */
    readonly workspaceDir?: string,
  ) {
    super(client, 5000);
  }

  /** Undefined until read. */
  get templates(): readonly ProjectTemplate[] | undefined {
    return this._templates;
  }

  /** The template the form starts on. */
  get preselected(): ProjectTemplate | undefined {
    return preselectedTemplate(this._templates ?? []);
  }

  create(request: Omit<CreateProjectRequest, 'workspaceDir'>): Promise<ProjectDescription> {
    return createProject(this.client, { ...request, workspaceDir: this.workspaceDir });
  }

  /** The templates do not change while the dialog is open: read them until one read succeeds. */
  protected override get finished(): boolean {
    return this._templates !== undefined;
  }

  protected async load(): Promise<void> {
    this._templates = await listProjectTemplates(this.client);
  }
}
