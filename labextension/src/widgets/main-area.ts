import { MainAreaWidget } from '@jupyterlab/apputils';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ToolbarButton } from '@jupyterlab/ui-components';
import { Signal, type ISignal } from '@lumino/signaling';
import * as React from 'react';
import type { ServiceClient } from '../api';
import { CompareView } from '../components/CompareView';
import { executionIdOf } from '../components/ExecutionName';
import { ExecutionView } from '../components/ExecutionView';
import { ModelGroupView } from '../components/ModelGroupView';
import { LineageView } from '../components/LineageView';
import { ModelVersionView } from '../components/ModelVersionView';
import { PipelineView } from '../components/PipelineView';
import { ProjectView } from '../components/ProjectView';
import { pipelineIcon } from '../icon';
import { CompareModel, ExecutionModel, LineageModel, ModelGroupModel, ModelVersionModel, PipelineModel, ProjectModel } from '../model';
import type { DesignerDocument } from '../model/designer-download';
import { ModelView } from './model-view';

/** What a main-area tab shows; also what the layout restorer saves to reopen it. */
export type ViewTarget =
  | { kind: 'pipeline'; name: string }
  | { kind: 'execution'; arn: string; pipelineName: string }
  | { kind: 'modelGroup'; name: string }
  | { kind: 'modelVersion'; arn: string }
  | { kind: 'project'; name: string }
  | { kind: 'compare'; pipelineName: string; arns: string[] }
  | { kind: 'lineage'; name: string; arn: string };

/** How a view is opened: by default in the reusable (preview) tab of its kind, if it has one. */
export interface OpenOptions {
  /** A tab of its own that stays open, rather than the one the next view of its kind replaces. */
  newTab?: boolean;
}

/**
 * Views of one kind per pipeline (its executions, its comparisons) or per model group (its versions) share one
 * tab, as JupyterLab's single-click file previews do: the next one opened replaces it unless it was kept.
 * Undefined for views that have one tab each anyway (a pipeline, a group, a project).
 */
export function previewGroup(target: ViewTarget): string | undefined {
  switch (target.kind) {
    case 'execution':
    case 'compare':
      return `${target.kind}:${target.pipelineName}`;
    case 'modelVersion': {
      const group = /:model-package\/([^/]+)\/\d+$/.exec(target.arn)?.[1];
      return `modelVersion:${group ?? target.arn}`;
    }
    default:
      return undefined;
  }
}

/** A main-area tab of the extension: what it shows, and whether the next view of its kind replaces it. */
export class SluiceMainWidget extends MainAreaWidget<ModelView> {
  private _preview: boolean;
  private _fullName = '';
  private readonly _kept = new Signal<this, void>(this);
  private readonly _keepButton: ToolbarButton | undefined;

  constructor(
    content: ModelView,
    readonly target: ViewTarget,
    preview: boolean,
  ) {
    super({ content });
    this._preview = preview;
    if (preview) {
      this._keepButton = new ToolbarButton({
        className: 'sluice-KeepOpenButton',
        label: 'Keep open',
        tooltip: 'Keep this tab: the next one of its kind opens in a tab of its own (or double-click the tab)',
        onClick: () => this.keep(),
      });
      this.toolbar.addItem('keepOpen', this._keepButton);
      this.title.className = 'sluice-mod-preview';
    }
  }

  /** True while the next view of its kind would replace this tab. */
  get preview(): boolean {
    return this._preview;
  }

  /** Emitted when the tab stops being a preview. */
  get kept(): ISignal<this, void> {
    return this._kept;
  }

  keep(): void {
    if (!this._preview) return;
    this._preview = false;
    this.title.className = '';
    this._keepButton?.dispose();
    this.updateCaption();
    this._kept.emit();
  }

  /** A short label for the tab, and the full name its tooltip shows. */
  setNames(label: string, fullName: string): void {
    this.title.label = label;
    this._fullName = fullName;
    this.updateCaption();
  }

  private updateCaption(): void {
    const full = this._fullName || this.title.label;
    this.title.caption = this._preview ? `${full}\nPreview: the next one opened replaces it. Double-click the tab or press Keep open to keep it.` : full;
  }
}

/** What views need from JupyterLab: the service, a way to open other views, the user's settings. */
export interface ViewContext {
  client: ServiceClient;
  open: (target: ViewTarget, options?: OpenOptions) => void;
  /** Shows a folder in the file browser; undefined when JupyterLab cannot (the path is outside its root). */
  openFolder: (absolutePath: string) => void;
  /** Opens a file (a project's notebook, its README) in JupyterLab; nothing when it is outside JupyterLab's root. */
  openFile: (absolutePath: string) => void;
  settings: { pageSize: number; refreshIntervalMs: number };
  /** JupyterLab's rendermime registry: executed notebooks in the step pane are drawn with it (markdown included). */
  rendermime?: IRenderMimeRegistry;
  /** Saves a definition into the workspace and opens it in the pipeline designer ("Open in designer"). */
  openInDesigner?: (document: DesignerDocument) => void;
}

const idPart = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1).replace(/[^A-Za-z0-9_-]/g, '-');

export function viewId(target: ViewTarget): string {
  switch (target.kind) {
    case 'execution':
    case 'modelVersion':
      return `sluice-${target.kind}-${idPart(target.arn)}`;
    case 'compare':
      return `sluice-compare-${target.arns.map((arn) => arn.slice(arn.lastIndexOf('/') + 1)).join('-')}`;
    default:
      return `sluice-${target.kind}-${target.name}`;
  }
}

export function createMainWidget(target: ViewTarget, context: ViewContext, preview = false): SluiceMainWidget {
  const { client, open } = context;
  const openExecution =
    (pipelineName: string) =>
    (arn: string, options?: OpenOptions): void =>
      open({ kind: 'execution', arn, pipelineName }, options);
  // Set once the widget exists; a view that opens another of its own kind keeps itself open first.
  let widget: SluiceMainWidget | undefined;
  const keepThenOpenExecution =
    (pipelineName: string) =>
    (arn: string): void => {
      widget?.keep();
      openExecution(pipelineName)(arn);
    };
  let content: ModelView;
  let label: string;
  let fullName: string;
  switch (target.kind) {
    case 'pipeline': {
      const model = new PipelineModel(client, target.name, context.settings.pageSize, context.settings.refreshIntervalMs);
      content = new ModelView(model, () =>
        React.createElement(PipelineView, {
          model,
          onOpenExecution: openExecution(target.name),
          onCompare: (arns: string[]) => open({ kind: 'compare', pipelineName: target.name, arns }),
          onOpenInDesigner: context.openInDesigner,
        }),
      );
      label = target.name;
      fullName = `Pipeline ${target.name}`;
      break;
    }
    case 'execution': {
      const model = new ExecutionModel(client, target.arn, target.pipelineName);
      content = new ModelView(model, () =>
        React.createElement(ExecutionView, {
          model,
          onOpenExecution: keepThenOpenExecution(target.pipelineName),
          onOpenVersion: (arn: string) => open({ kind: 'modelVersion', arn }),
          onOpenFile: context.openFile,
          rendermime: context.rendermime,
        }),
      );
      label = `${executionIdOf(target.arn)} · ${target.pipelineName}`;
      fullName = `Execution ${executionIdOf(target.arn)} of ${target.pipelineName}`;
      break;
    }
    case 'modelGroup': {
      const model = new ModelGroupModel(client, target.name, context.settings.refreshIntervalMs);
      content = new ModelView(model, () => React.createElement(ModelGroupView, { model, onOpenVersion: (arn: string) => open({ kind: 'modelVersion', arn }) }));
      label = `Model group ${target.name}`;
      fullName = label;
      break;
    }
    case 'modelVersion': {
      const model = new ModelVersionModel(client, target.arn, context.settings.refreshIntervalMs);
      content = new ModelView(model, () =>
        React.createElement(ModelVersionView, { model, onOpenExecution: (arn: string, pipelineName: string) => openExecution(pipelineName)(arn) }),
      );
      label = `Model ${target.arn.slice(target.arn.indexOf('/') + 1)}`;
      fullName = `Model version ${target.arn}`;
      break;
    }
    case 'project': {
      const model = new ProjectModel(client, target.name, context.settings.refreshIntervalMs);
      content = new ModelView(model, () =>
        React.createElement(ProjectView, {
          model,
          openFolder: context.openFolder,
          openFile: context.openFile,
          onOpenPipeline: (name: string) => open({ kind: 'pipeline', name }),
          onOpenModelGroup: (name: string) => open({ kind: 'modelGroup', name }),
          onOpenVersion: (arn: string) => open({ kind: 'modelVersion', arn }),
        }),
      );
      label = `Project ${target.name}`;
      fullName = label;
      break;
    }
    case 'lineage': {
      const model = new LineageModel(client, { kind: 'endpoint', arn: target.arn });
      content = new ModelView(model, () => React.createElement(LineageView, { model }));
      label = `Lineage ${target.name}`;
      fullName = `Lineage of endpoint ${target.name}`;
      break;
    }
    case 'compare': {
      const model = new CompareModel(client, target.pipelineName, target.arns, context.settings.refreshIntervalMs);
      content = new ModelView(model, () => React.createElement(CompareView, { model, onOpenExecution: openExecution(target.pipelineName) }));
      label = `Compare ${target.arns.length} · ${target.pipelineName}`;
      fullName = `Compare executions ${target.arns.map(executionIdOf).join(', ')} of ${target.pipelineName}`;
      break;
    }
  }
  const created = new SluiceMainWidget(content, target, preview);
  widget = created;
  created.id = viewId(target);
  created.setNames(label, fullName);
  // The tab is found from a double-click on it (see commands.ts) by this attribute.
  created.title.dataset = { 'sluice-view': created.id };
  created.title.icon = pipelineIcon;
  created.title.closable = true;
  created.addClass('sluice-MainArea');
  if (content.model instanceof ExecutionModel) {
    const execution = content.model;
    // The display name is known only once the execution is described.
    execution.changed.connect(() => {
      const name = execution.description?.PipelineExecutionDisplayName;
      const id = executionIdOf(execution.executionArn);
      if (name) created.setNames(`${name} · ${execution.pipelineName}`, `Execution ${name} (id ${id}) of pipeline ${execution.pipelineName}`);
    });
  }
  if (content.model instanceof ModelVersionModel) {
    const version = content.model;
    version.changed.connect(() => created.setNames(`Model ${version.title}`, `Model version ${version.title} (${version.modelPackageArn})`));
  }
  return created;
}
