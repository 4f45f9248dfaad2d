import { ReactWidget } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import * as React from 'react';
import type { ProjectDescription, ServiceClient } from '../api';
import { CreateProjectDialog } from '../components/CreateProjectDialog';

/** Shows the Create project dialog over the whole of JupyterLab (it is opened from the Launcher and the sidebar). */
export function showCreateProjectDialog(options: { client: ServiceClient; workspaceDir?: string; onCreated: (project: ProjectDescription) => void }): void {
  const host: Widget = ReactWidget.create(
    React.createElement(CreateProjectDialog, {
      client: options.client,
      workspaceDir: options.workspaceDir,
      onCreated: (project: ProjectDescription) => {
        host.dispose();
        options.onCreated(project);
      },
      onClose: () => host.dispose()
    })
  );
  host.addClass('sluice-DialogHost');
  Widget.attach(host, document.body);
}
