import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, WidgetTracker } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ILauncher } from '@jupyterlab/launcher';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { jupyterServiceClient, notifyingClient } from './api';
import { addOpenCommands, CommandIDs } from './commands';
import { addPipelineDesigner } from './designer/widget';
import { pipelineIcon, projectIcon } from './icon';
import { PipelinesModel } from './model';
import { showCreateProjectDialog } from './widgets/create-project';
import type { SluiceMainWidget, ViewContext } from './widgets/main-area';
import { PipelinesSidebar } from './widgets/pipelines-sidebar';

const pluginId = 'sluice-labextension:pipelines-panel';

/** The user's settings (schema/pipelines-panel.json), with the schema's defaults until they load. */
function readSettings(settings: ISettingRegistry.ISettings | undefined): ViewContext['settings'] {
  const seconds = Number(settings?.composite.refreshIntervalSeconds ?? 5);
  const pageSize = Number(settings?.composite.pageSize ?? 20);
  return { refreshIntervalMs: Math.max(1, seconds) * 1000, pageSize: Math.min(100, Math.max(1, Math.floor(pageSize))) };
}

/** A folder under JupyterLab's root, as the file browser names it; undefined outside the root. */
function serverPath(absolutePath: string): string | undefined {
  const root = PageConfig.getOption('serverRoot').replace(/\/+$/, '');
  if (root === '' || !absolutePath.startsWith(`${root}/`)) return undefined;
  return absolutePath.slice(root.length + 1);
}

const pipelinesPlugin: JupyterFrontEndPlugin<void> = {
  id: pluginId,
  description: 'The Pipelines panel in the left sidebar, the pipeline, execution, model and project views, and Create project.',
  autoStart: true,
  optional: [ILayoutRestorer, ICommandPalette, ILauncher, ISettingRegistry, IRenderMimeRegistry],
  activate: async (
    app: JupyterFrontEnd,
    restorer: ILayoutRestorer | null,
    palette: ICommandPalette | null,
    launcher: ILauncher | null,
    registry: ISettingRegistry | null,
    rendermime: IRenderMimeRegistry | null,
  ) => {
    // The sidebar refreshes as soon as any view changes something (starts, stops, approves, creates).
    let sidebarModel: PipelinesModel | undefined;
    const client = notifyingClient(jupyterServiceClient(app.serviceManager.serverSettings), () => sidebarModel?.refresh());
    const settings = registry ? await registry.load(pluginId).catch(() => undefined) : undefined;
    const tracker = new WidgetTracker<SluiceMainWidget>({ namespace: 'sluice' });
    const context: Omit<ViewContext, 'open'> = {
      client,
      settings: readSettings(settings),
      rendermime: rendermime ?? undefined,
      openFolder: (absolutePath) => {
        const path = serverPath(absolutePath);
        if (path !== undefined) void app.commands.execute('filebrowser:go-to-path', { path });
      },
      openFile: (absolutePath) => {
        const path = serverPath(absolutePath);
        if (path !== undefined) void app.commands.execute('docmanager:open', { path });
      },
    };
    const open = addOpenCommands(app, tracker, context);
    addPipelineDesigner(app, {
      client,
      launcher,
      palette,
      openExecution: (arn, pipelineName) => open({ kind: 'execution', arn, pipelineName }, { newTab: true }),
    });

    const model = new PipelinesModel(client, context.settings.refreshIntervalMs);
    sidebarModel = model;
    const createProject = (): void =>
      showCreateProjectDialog({
        client,
        workspaceDir: PageConfig.getOption('serverRoot') || undefined,
        onCreated: (project) => {
          void model.reload();
          open({ kind: 'project', name: project.ProjectName ?? '' });
          // What to do next: the seed notebook, beside the project page so both stay in sight (unless turned off).
          const notebook = project.SluiceLocal.Notebook === undefined ? undefined : serverPath(project.SluiceLocal.Notebook);
          if (notebook !== undefined && settings?.composite.openNotebookAfterCreate !== false) {
            void app.commands.execute('docmanager:open', { path: notebook, options: { mode: 'split-right' } });
          }
        },
      });
    const sidebar = new PipelinesSidebar({
      model,
      openPipeline: (name) => open({ kind: 'pipeline', name }),
      openModelGroup: (name) => open({ kind: 'modelGroup', name }),
      openProject: (name) => open({ kind: 'project', name }),
      openModelVersion: (arn) => open({ kind: 'modelVersion', arn }),
      openEndpointLineage: (endpoint) => open({ kind: 'lineage', name: endpoint.name, arn: endpoint.arn }),
      createProject,
    });
    app.shell.add(sidebar, 'left', { rank: 600 });
    settings?.changed.connect(() => {
      // New views take the new values; the sidebar's polling changes at once.
      context.settings = readSettings(settings);
      model.intervalMs = context.settings.refreshIntervalMs;
    });

    app.commands.addCommand(CommandIDs.showPanel, {
      label: 'Pipelines',
      caption: 'Show the Pipelines panel',
      icon: pipelineIcon,
      execute: () => app.shell.activateById(sidebar.id),
    });
    app.commands.addCommand(CommandIDs.refresh, { label: 'Refresh Pipelines', execute: () => sidebar.model.reload() });
    app.commands.addCommand(CommandIDs.createProject, {
      label: 'Create project',
      caption: 'Create a project from a template: seed code, a pipeline and a model group',
      icon: projectIcon,
      execute: createProject,
    });
    for (const command of [CommandIDs.showPanel, CommandIDs.refresh, CommandIDs.createProject]) palette?.addItem({ command, category: 'Pipelines' });
    launcher?.add({ command: CommandIDs.showPanel, category: 'Sluice', rank: 1 });
    launcher?.add({ command: CommandIDs.createProject, category: 'Sluice', rank: 2 });

    if (restorer) {
      restorer.add(sidebar, sidebar.id);
      // Open tabs come back after a reload.
      void restorer.restore(tracker, {
        command: CommandIDs.open,
        args: (widget) => ({ ...widget.target, preview: widget.preview }),
        name: (widget) => widget.id,
      });
    }
  },
};

export default pipelinesPlugin;
