import {
  ILayoutRestorer,
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PipelinesPanel } from './panel';

const pipelinesPanelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'sluice-labextension:pipelines-panel',
  description: 'The Pipelines panel in the left sidebar.',
  autoStart: true,
  optional: [ILayoutRestorer],
  activate: (app: JupyterFrontEnd, restorer: ILayoutRestorer | null) => {
    const panel = new PipelinesPanel();
    app.shell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, panel.id);
  }
};

export default pipelinesPanelPlugin;
