import { MainAreaWidget } from '@jupyterlab/apputils';
import * as React from 'react';
import type { ServiceClient } from '../api';
import { CompareView } from '../components/CompareView';
import { ExecutionView } from '../components/ExecutionView';
import { ModelGroupView } from '../components/ModelGroupView';
import { ModelVersionView } from '../components/ModelVersionView';
import { PipelineView } from '../components/PipelineView';
import { ProjectView } from '../components/ProjectView';
import { pipelineIcon } from '../icon';
import { CompareModel, ExecutionModel, ModelGroupModel, ModelVersionModel, PipelineModel, ProjectModel } from '../model';
import { ModelView } from './model-view';

/** What a main-area tab shows; also what the layout restorer saves to reopen it. */
export type ViewTarget =
  | { kind: 'pipeline'; name: string }
  | { kind: 'execution'; arn: string; pipelineName: string }
  | { kind: 'modelGroup'; name: string }
  | { kind: 'modelVersion'; arn: string }
  | { kind: 'project'; name: string }
  | { kind: 'compare'; pipelineName: string; arns: string[] };

export type SluiceMainWidget = MainAreaWidget<ModelView> & { target: ViewTarget };

/** What views need from JupyterLab: the service, a way to open other views, the user's settings. */
export interface ViewContext {
  client: ServiceClient;
  open: (target: ViewTarget) => void;
  /** Shows a folder in the file browser; undefined when JupyterLab cannot (the path is outside its root). */
  openFolder: (absolutePath: string) => void;
  settings: { pageSize: number; refreshIntervalMs: number };
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

export function createMainWidget(target: ViewTarget, context: ViewContext): SluiceMainWidget {
  const { client, open } = context;
  const openExecution = (pipelineName: string) => (arn: string) => open({ kind: 'execution', arn, pipelineName });
  let content: ModelView;
  let label: string;
  switch (target.kind) {
    case 'pipeline': {
      const model = new PipelineModel(client, target.name, context.settings.pageSize, context.settings.refreshIntervalMs);
      content = new ModelView(model, () =>
        React.createElement(PipelineView, {
          model,
          onOpenExecution: openExecution(target.name),
          onCompare: (arns: string[]) => open({ kind: 'compare', pipelineName: target.name, arns })
        })
      );
      label = target.name;
      break;
    }
    case 'execution': {
      const model = new ExecutionModel(client, target.arn, target.pipelineName);
      content = new ModelView(model, () => React.createElement(ExecutionView, { client, model, onOpenExecution: openExecution(target.pipelineName) }));
      label = `${target.arn.slice(target.arn.lastIndexOf('/') + 1)} · ${target.pipelineName}`;
      break;
    }
    case 'modelGroup': {
      const model = new ModelGroupModel(client, target.name, context.settings.refreshIntervalMs);
      content = new ModelView(model, () => React.createElement(ModelGroupView, { model, onOpenVersion: (arn: string) => open({ kind: 'modelVersion', arn }) }));
      label = `Model group ${target.name}`;
      break;
    }
    case 'modelVersion': {
      const model = new ModelVersionModel(client, target.arn, context.settings.refreshIntervalMs);
      content = new ModelView(model, () => React.createElement(ModelVersionView, { model, onOpenExecution: (arn: string, pipelineName: string) => openExecution(pipelineName)(arn) }));
      label = `Model ${target.arn.slice(target.arn.indexOf('/') + 1)}`;
      break;
    }
    case 'project': {
      const model = new ProjectModel(client, target.name, context.settings.refreshIntervalMs);
      content = new ModelView(model, () =>
        React.createElement(ProjectView, {
          model,
          openFolder: context.openFolder,
          onOpenPipeline: (name: string) => open({ kind: 'pipeline', name }),
          onOpenModelGroup: (name: string) => open({ kind: 'modelGroup', name }),
          onOpenVersion: (arn: string) => open({ kind: 'modelVersion', arn })
        })
      );
      label = `Project ${target.name}`;
      break;
    }
    case 'compare': {
      const model = new CompareModel(client, target.pipelineName, target.arns, context.settings.refreshIntervalMs);
      content = new ModelView(model, () => React.createElement(CompareView, { model, onOpenExecution: openExecution(target.pipelineName) }));
      label = `Compare ${target.arns.length} · ${target.pipelineName}`;
      break;
    }
  }
  const widget = new MainAreaWidget({ content }) as SluiceMainWidget;
  if (content.model instanceof ExecutionModel) {
    const execution = content.model;
    // The display name is known only once the execution is described.
    execution.changed.connect(() => {
      const name = execution.description?.PipelineExecutionDisplayName;
      if (name) widget.title.label = `${name} · ${execution.pipelineName}`;
    });
  }
  widget.target = target;
  widget.id = viewId(target);
  widget.title.label = label;
  widget.title.icon = pipelineIcon;
  widget.title.closable = true;
  widget.addClass('sluice-MainArea');
  return widget;
}
