/** Every command the extension adds, by ID, and what they do: open the main-area views. */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { WidgetTracker } from '@jupyterlab/apputils';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import type { ServiceClient } from './api';
import { createMainWidget, viewId, type SluiceMainWidget, type ViewTarget } from './widgets/main-area';

export namespace CommandIDs {
  /** Opens any view from its target (`{kind, name}` or `{kind: 'execution', arn, pipelineName}`); what restored tabs call. */
  export const open = 'sluice:open';
  export const openPipeline = 'sluice:open-pipeline';
  export const openExecution = 'sluice:open-execution';
  export const openModelGroup = 'sluice:open-model-group';
  export const showPanel = 'sluice:show-pipelines-panel';
  export const refresh = 'sluice:refresh-pipelines';
}

/** Adds the commands that open views; a view already open is brought to the front rather than opened twice. */
export function addOpenCommands(app: JupyterFrontEnd, tracker: WidgetTracker<SluiceMainWidget>, client: ServiceClient): void {
  const open = (target: ViewTarget): void => {
    const existing = tracker.find((widget) => widget.id === viewId(target));
    if (existing) {
      app.shell.activateById(existing.id);
      return;
    }
    const widget = createMainWidget(target, client, open);
    void tracker.add(widget);
    app.shell.add(widget, 'main');
    app.shell.activateById(widget.id);
  };
  app.commands.addCommand(CommandIDs.open, {
    label: 'Open Sluice View',
    execute: (args) => {
      const target = viewTarget(args);
      if (target) open(target);
    }
  });
  app.commands.addCommand(CommandIDs.openPipeline, {
    label: (args) => (args.name ? `Open Pipeline ${String(args.name)}` : 'Open Pipeline'),
    execute: (args) => open({ kind: 'pipeline', name: String(args.name) })
  });
  app.commands.addCommand(CommandIDs.openExecution, {
    label: 'Open Pipeline Execution',
    execute: (args) => open({ kind: 'execution', arn: String(args.arn), pipelineName: String(args.pipelineName) })
  });
  app.commands.addCommand(CommandIDs.openModelGroup, {
    label: 'Open Model Group',
    execute: (args) => open({ kind: 'modelGroup', name: String(args.name) })
  });
}

/** A view target from command arguments (a restored tab's saved ones, or a caller's), if they make one. */
function viewTarget(args: ReadonlyPartialJSONObject): ViewTarget | undefined {
  const text = (key: string): string | undefined => (typeof args[key] === 'string' ? (args[key] as string) : undefined);
  const name = text('name');
  const arn = text('arn');
  const pipelineName = text('pipelineName');
  if (args.kind === 'pipeline' && name) return { kind: 'pipeline', name };
  if (args.kind === 'modelGroup' && name) return { kind: 'modelGroup', name };
  if (args.kind === 'execution' && arn && pipelineName) return { kind: 'execution', arn, pipelineName };
  return undefined;
}
