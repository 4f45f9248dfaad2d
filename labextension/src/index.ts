import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, WidgetTracker } from '@jupyterlab/apputils';
import { jupyterServiceClient } from './api';
import { addOpenCommands, CommandIDs } from './commands';
import { PipelinesModel } from './model';
import type { SluiceMainWidget } from './widgets/main-area';
import { PipelinesSidebar } from './widgets/pipelines-sidebar';

const pipelinesPlugin: JupyterFrontEndPlugin<void> = {
  id: 'sluice-labextension:pipelines-panel',
  description: 'The Pipelines panel in the left sidebar, and the pipeline, execution and model group views.',
  autoStart: true,
  optional: [ILayoutRestorer, ICommandPalette],
  activate: (app: JupyterFrontEnd, restorer: ILayoutRestorer | null, palette: ICommandPalette | null) => {
    const client = jupyterServiceClient(app.serviceManager.serverSettings);
    const tracker = new WidgetTracker<SluiceMainWidget>({ namespace: 'sluice' });
    addOpenCommands(app, tracker, client);

    const sidebar = new PipelinesSidebar({
      model: new PipelinesModel(client),
      openPipeline: (name) => void app.commands.execute(CommandIDs.openPipeline, { name }),
      openModelGroup: (name) => void app.commands.execute(CommandIDs.openModelGroup, { name })
    });
    app.shell.add(sidebar, 'left', { rank: 600 });
    app.commands.addCommand(CommandIDs.showPanel, { label: 'Show Pipelines Panel', execute: () => app.shell.activateById(sidebar.id) });
    app.commands.addCommand(CommandIDs.refresh, { label: 'Refresh Pipelines', execute: () => sidebar.model.reload() });
    palette?.addItem({ command: CommandIDs.showPanel, category: 'Pipelines' });
    palette?.addItem({ command: CommandIDs.refresh, category: 'Pipelines' });

    if (restorer) {
      restorer.add(sidebar, sidebar.id);
      // Open tabs come back after a reload.
      void restorer.restore(tracker, { command: CommandIDs.open, args: (widget) => ({ ...widget.target }), name: (widget) => widget.id });
    }
  }
};

export default pipelinesPlugin;
