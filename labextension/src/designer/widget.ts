/**
 * The designer as a JupyterLab document: `*.pipeline.json` files open in it by default (Open With → Editor still
 * shows the JSON); New → Pipeline in the Launcher and the File menu; Run upserts the pipeline and starts it.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { ReactWidget, showErrorMessage, WidgetTracker, type ICommandPalette } from '@jupyterlab/apputils';
import { ABCWidgetFactory, DocumentWidget, type DocumentRegistry } from '@jupyterlab/docregistry';
import type { ILauncher } from '@jupyterlab/launcher';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { redoIcon, refreshIcon, runIcon, ToolbarButton, undoIcon } from '@jupyterlab/ui-components';
import * as React from 'react';
import { definitionToTypeScript } from 'sluice/definition';
import { errorText, ServiceError, type ServiceClient } from '../api';
import { showStartExecutionDialog } from '../components/StartExecutionDialog';
import { pipelineIcon } from '../icon';
import { parametersOf } from '../model';
import { ExecutionModel } from '../model/execution-model';
import { DesignerModel } from './designer-model';
import { DesignerView } from './DesignerView';
import { writePipelineFile } from './document';
import { localRole } from './step-catalog';

export const designerFactoryName = 'Pipeline Designer';
export const pipelineFileType = 'sluice-pipeline';
export const newPipelineCommand = 'sluice:new-pipeline';
export const undoCommand = 'sluice:designer-undo';
export const redoCommand = 'sluice:designer-redo';

class DesignerContent extends ReactWidget {
  constructor(readonly model: DesignerModel) {
    super();
    this.addClass('sluice-DesignerContent');
    // JupyterLab's Undo and Redo shortcuts (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y) run the Edit menu's commands inside this.
    this.node.setAttribute('data-jp-undoer', '');
  }

  protected render(): React.ReactElement {
    return React.createElement(DesignerView, { model: this.model });
  }

  override dispose(): void {
    this.model.dispose();
    super.dispose();
  }
}

export class DesignerWidget extends DocumentWidget<DesignerContent> {}

export interface DesignerOptions {
  client: ServiceClient;
  openExecution: (arn: string, pipelineName: string) => void;
}

/** Creates or updates the pipeline from the saved file, then asks for parameters and starts it. */
async function run(model: DesignerModel, options: DesignerOptions): Promise<void> {
  const { file, problems } = model.state;
  if (file === undefined) return;
  if (problems.length > 0) {
    await showErrorMessage('The pipeline cannot run yet', problems.map((problem) => problem.message).join('\n'));
    return;
  }
  if (model.context.model.dirty) await model.context.save();
  const text = model.context.model.toString();
  const pipelineName = model.pipelineName;
  const settings = {
    PipelineName: pipelineName,
    PipelineDefinition: text,
    RoleArn: file.designer.RoleArn ?? localRole,
    ...(file.designer.MaxParallelExecutionSteps ? { ParallelismConfiguration: { MaxParallelExecutionSteps: file.designer.MaxParallelExecutionSteps } } : {}),
  };
  try {
    try {
      await options.client.call('SageMaker.DescribePipeline', { PipelineName: pipelineName });
      await options.client.call('SageMaker.UpdatePipeline', settings);
    } catch (error) {
      if (!(error instanceof ServiceError) || error.type !== 'ResourceNotFound') throw error;
      await options.client.call('SageMaker.CreatePipeline', { ...settings, ClientRequestToken: `designer-${Date.now()}` });
    }
  } catch (error) {
    await showErrorMessage(`Could not save pipeline ${pipelineName} to the service`, errorText(error));
    return;
  }
  showStartExecutionDialog({
    pipelineName,
    parameters: parametersOf(text),
    onStart: async (request) => {
      const started = await options.client.call('SageMaker.StartPipelineExecution', {
        PipelineName: pipelineName,
        PipelineExecutionDisplayName: request.displayName || undefined,
        PipelineExecutionDescription: request.description || undefined,
        PipelineParameters: request.parameters,
        ...(settings.ParallelismConfiguration ? { ParallelismConfiguration: settings.ParallelismConfiguration } : {}),
        ClientRequestToken: `designer-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
      });
      const arn = started.PipelineExecutionArn;
      // The canvas shows the execution live; its own view opens from there.
      if (arn) model.watchExecution(new ExecutionModel(options.client, arn, pipelineName), () => options.openExecution(arn, pipelineName));
    },
  });
}

/**
 * Writes the pipeline as a TypeScript module using the SDK (the definition core's export), beside the file as
 * `<name>.ts`, and opens it. What the export could only write as raw JSON is named in the module's header.
 */
async function exportToTypeScript(app: JupyterFrontEnd, model: DesignerModel): Promise<void> {
  if (model.context.model.dirty) await model.context.save();
  const folder = model.context.path.includes('/') ? model.context.path.slice(0, model.context.path.lastIndexOf('/') + 1) : '';
  const path = `${folder}${model.pipelineName}.ts`;
  try {
    const code = definitionToTypeScript(model.context.model.toString(), { pipelineName: model.pipelineName });
    await app.serviceManager.contents.save(path, { type: 'file', format: 'text', content: code });
  } catch (error) {
    await showErrorMessage('Could not export the pipeline to TypeScript', errorText(error));
    return;
  }
  await app.commands.execute('docmanager:open', { path });
}

class DesignerFactory extends ABCWidgetFactory<DesignerWidget> {
  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly designer: DesignerOptions,
    options: DocumentRegistry.IWidgetFactoryOptions<DesignerWidget>,
  ) {
    super(options);
  }

  protected createNewWidget(context: DocumentRegistry.Context): DesignerWidget {
    const model = new DesignerModel(context);
    const widget = new DesignerWidget({ context, content: new DesignerContent(model) });
    widget.title.icon = pipelineIcon;
    widget.addClass('sluice-DesignerWidget');
    const button = (name: string, props: ConstructorParameters<typeof ToolbarButton>[0]): void => void widget.toolbar.addItem(name, new ToolbarButton(props));
    button('undo', { icon: undoIcon, tooltip: 'Undo (Ctrl+Z)', className: 'sluice-Designer-undo', onClick: () => model.undo() });
    button('redo', { icon: redoIcon, tooltip: 'Redo (Ctrl+Shift+Z)', className: 'sluice-Designer-redo', onClick: () => model.redo() });
    button('layout', {
      icon: refreshIcon,
      label: 'Lay out',
      tooltip: 'Lay the steps out again, as the graph view does',
      onClick: () => {
        const file = model.state.file;
        if (file !== undefined) model.context.model.fromString(writePipelineFile({ ...file, designer: { ...file.designer, Positions: {} } }));
      },
    });
    button('run', {
      icon: runIcon,
      label: 'Run',
      tooltip: 'Save, create or update the pipeline on the service, and start an execution',
      className: 'sluice-Designer-run',
      onClick: () => void run(model, this.designer),
    });
    button('export', {
      label: 'Export to TypeScript',
      tooltip: 'Write this pipeline as a TypeScript module using the sluice SDK (<name>.ts beside this file)',
      className: 'sluice-Designer-export',
      onClick: () => void exportToTypeScript(this.app, model),
    });
    return widget;
  }
}

/** Registers the file type, the designer as its default viewer, and New → Pipeline. */
export function addPipelineDesigner(app: JupyterFrontEnd, options: DesignerOptions & { launcher: ILauncher | null; palette: ICommandPalette | null }): void {
  app.docRegistry.addFileType({
    name: pipelineFileType,
    displayName: 'SageMaker pipeline',
    extensions: ['.pipeline.json'],
    pattern: '^.*\\.pipeline\\.json$',
    mimeTypes: ['application/json'],
    contentType: 'file',
    fileFormat: 'text',
    icon: pipelineIcon,
  });
  const factory = new DesignerFactory(app, options, {
    name: designerFactoryName,
    label: 'Pipeline Designer',
    fileTypes: [pipelineFileType],
    defaultFor: [pipelineFileType],
    modelName: 'text',
  });
  app.docRegistry.addWidgetFactory(factory);
  const tracker = new WidgetTracker<DesignerWidget>({ namespace: 'sluice-designer' });
  factory.widgetCreated.connect((_, widget) => void tracker.add(widget));

  // Edit → Undo and Redo (and their shortcuts) act on the designer in front: the document's own undo history.
  const history = (id: string, label: string, act: (model: DesignerModel) => void): void => {
    app.commands.addCommand(id, {
      label,
      isEnabled: () => tracker.currentWidget !== null,
      execute: () => {
        if (tracker.currentWidget) act(tracker.currentWidget.content.model);
      },
    });
  };
  history(undoCommand, 'Undo', (model) => model.undo());
  history(redoCommand, 'Redo', (model) => model.redo());
  void app.resolveOptionalService(IMainMenu).then((mainMenu) => {
    mainMenu?.editMenu.undoers.undo.add({ id: undoCommand, isEnabled: (widget) => tracker.has(widget) });
    mainMenu?.editMenu.undoers.redo.add({ id: redoCommand, isEnabled: (widget) => tracker.has(widget) });
  });

  app.commands.addCommand(newPipelineCommand, {
    label: 'Pipeline',
    caption: 'A new SageMaker pipeline, drawn in the designer',
    icon: pipelineIcon,
    // The Launcher says which folder it shows; the File menu's New makes it at the top.
    execute: async (args) => {
      const created = await app.serviceManager.contents.newUntitled({
        path: typeof args.cwd === 'string' ? args.cwd : '',
        type: 'file',
        ext: '.pipeline.json',
      });
      // An empty file reads as a new pipeline (the definition core's emptyPipelineDefinition); the first edit writes it.
      return app.commands.execute('docmanager:open', { path: created.path, factory: designerFactoryName });
    },
  });
  options.launcher?.add({ command: newPipelineCommand, category: 'Sluice', rank: 0 });
  options.palette?.addItem({ command: newPipelineCommand, category: 'Pipelines' });
}
