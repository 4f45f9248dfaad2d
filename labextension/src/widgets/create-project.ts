import * as React from 'react';
import type { ProjectDescription, ServiceClient } from '../api';
import { CreateProjectForm } from '../components/CreateProjectForm';
import { CreateProjectModel } from '../model';
import { showFormDialog } from './form-dialog';

/** Create project in JupyterLab's Dialog (it is opened from the Launcher and the sidebar). */
export function showCreateProjectDialog(options: { client: ServiceClient; workspaceDir?: string; onCreated: (project: ProjectDescription) => void }): void {
  const model = new CreateProjectModel(options.client, options.workspaceDir);
  void showFormDialog({
    title: 'Create project',
    className: 'sluice-CreateProjectDialog',
    acceptLabel: 'Create project',
    focusNodeSelector: 'input[name="projectName"]',
    render: (form) => React.createElement(CreateProjectForm, { model, form, onCreated: options.onCreated }),
  }).finally(() => model.dispose());
}
