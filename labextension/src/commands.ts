/** Every command the extension adds, by ID, and what they do: open the main-area views. */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { showErrorMessage, type WidgetTracker } from '@jupyterlab/apputils';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { jupyterFiles, saveForDesigner, type DesignerDocument } from './model/designer-download';
import { createMainWidget, previewGroup, viewId, type OpenOptions, type SluiceMainWidget, type ViewContext, type ViewTarget } from './widgets/main-area';

// JupyterLab's own convention for command ids (a namespace of constants), which extensions are read against.
// eslint-disable-next-line @typescript-eslint/no-namespace
export namespace CommandIDs {
  /** Opens any view from its target (`{kind, name}` or `{kind: 'execution', arn, pipelineName}`, `preview: true` to reuse its kind's tab); what restored tabs call. */
  export const open = 'sluice:open';
  export const openPipeline = 'sluice:open-pipeline';
  export const openExecution = 'sluice:open-execution';
  export const openModelGroup = 'sluice:open-model-group';
  export const openModelVersion = 'sluice:open-model-version';
  export const openProject = 'sluice:open-project';
  export const createProject = 'sluice:create-project';
  export const showPanel = 'sluice:show-pipelines-panel';
  export const refresh = 'sluice:refresh-pipelines';
}

/**
 * Adds the commands that open views; a view already open is brought to the front rather than opened twice, and
 * a view with a preview group replaces that group's preview tab unless asked for a tab of its own.
 * Returns the opener, which views use to open each other.
 */
export function addOpenCommands(
  app: JupyterFrontEnd,
  tracker: WidgetTracker<SluiceMainWidget>,
  context: Omit<ViewContext, 'open'>,
): (target: ViewTarget, options?: OpenOptions) => void {
  // The designer's widget factory is the default for *.pipeline.json, so docmanager:open shows the file in it.
  const openInDesigner = (document: DesignerDocument): void =>
    void saveForDesigner(document, jupyterFiles(app.serviceManager.contents))
      .then((path) => app.commands.execute('docmanager:open', { path }))
      .catch((error: unknown) => showErrorMessage('Open in designer', error instanceof Error ? error.message : String(error)));
  const open = (target: ViewTarget, options: OpenOptions = {}): void => {
    const existing = tracker.find((widget) => widget.id === viewId(target));
    if (existing) {
      if (options.newTab) existing.keep();
      app.shell.activateById(existing.id);
      return;
    }
    const group = previewGroup(target);
    const preview = group !== undefined && !options.newTab;
    const replaced = preview ? tracker.find((widget) => widget.preview && previewGroup(widget.target) === group) : undefined;
    const widget = createMainWidget(target, { ...context, open, openInDesigner }, preview);
    // The layout restorer saves whether a tab is still a preview.
    widget.kept.connect(() => void tracker.save(widget));
    void tracker.add(widget);
    app.shell.add(widget, 'main', replaced ? { ref: replaced.id, mode: 'tab-after' } : undefined);
    replaced?.dispose();
    app.shell.activateById(widget.id);
  };
  // Double-clicking a preview tab keeps it, as it does a file preview in JupyterLab.
  app.shell.node.addEventListener('dblclick', (event) => {
    const tab = event.target instanceof Element ? event.target.closest<HTMLElement>('.lm-TabBar-tab[data-sluice-view]') : null;
    const id = tab?.getAttribute('data-sluice-view');
    if (id) tracker.find((widget) => widget.id === id)?.keep();
  });
  app.commands.addCommand(CommandIDs.open, {
    label: 'Open Sluice View',
    execute: (args) => {
      const target = viewTarget(args);
      // Restored tabs and other callers get tabs that stay, unless they ask for a preview.
      if (target) open(target, { newTab: args.preview !== true });
    },
  });
  app.commands.addCommand(CommandIDs.openPipeline, {
    label: (args) => (args.name ? `Open Pipeline ${String(args.name)}` : 'Open Pipeline'),
    execute: (args) => open({ kind: 'pipeline', name: String(args.name) }),
  });
  app.commands.addCommand(CommandIDs.openExecution, {
    label: 'Open Pipeline Execution',
    execute: (args) => open({ kind: 'execution', arn: String(args.arn), pipelineName: String(args.pipelineName) }),
  });
  app.commands.addCommand(CommandIDs.openModelGroup, {
    label: 'Open Model Group',
    execute: (args) => open({ kind: 'modelGroup', name: String(args.name) }),
  });
  app.commands.addCommand(CommandIDs.openModelVersion, {
    label: 'Open Model Version',
    execute: (args) => open({ kind: 'modelVersion', arn: String(args.arn) }),
  });
  app.commands.addCommand(CommandIDs.openProject, {
    label: (args) => (args.name ? `Open Project ${String(args.name)}` : 'Open Project'),
    execute: (args) => open({ kind: 'project', name: String(args.name) }),
  });
  return open;
}

/** A view target from command arguments (a restored tab's saved ones, or a caller's), if they make one. */
function viewTarget(args: ReadonlyPartialJSONObject): ViewTarget | undefined {
  const text = (key: string): string | undefined => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  const name = text('name');
  const arn = text('arn');
  const pipelineName = text('pipelineName');
  const arns = Array.isArray(args.arns) ? args.arns.filter((item): item is string => typeof item === 'string') : [];
  switch (args.kind) {
    case 'pipeline':
    case 'modelGroup':
    case 'project':
      return name ? { kind: args.kind, name } : undefined;
    case 'modelVersion':
      return arn ? { kind: 'modelVersion', arn } : undefined;
    case 'execution':
      return arn && pipelineName ? { kind: 'execution', arn, pipelineName } : undefined;
    case 'compare':
      return pipelineName && arns.length >= 2 ? { kind: 'compare', pipelineName, arns } : undefined;
    case 'lineage':
      return name && arn ? { kind: 'lineage', name, arn } : undefined;
    default:
      return undefined;
  }
}
