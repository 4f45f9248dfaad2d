import { MainAreaWidget } from '@jupyterlab/apputils';
import * as React from 'react';
import type { ServiceClient } from '../api';
import { ExecutionView } from '../components/ExecutionView';
import { ModelGroupView } from '../components/ModelGroupView';
import { PipelineView } from '../components/PipelineView';
import { pipelineIcon } from '../icon';
import { ExecutionModel, ModelGroupModel, PipelineModel } from '../model';
import { ModelView } from './model-view';

/** What a main-area tab shows; also what the layout restorer saves to reopen it. */
export type ViewTarget = { kind: 'pipeline'; name: string } | { kind: 'execution'; arn: string; pipelineName: string } | { kind: 'modelGroup'; name: string };

export type SluiceMainWidget = MainAreaWidget<ModelView> & { target: ViewTarget };

export function viewId(target: ViewTarget): string {
  return `sluice-${target.kind}-${target.kind === 'execution' ? target.arn.slice(target.arn.lastIndexOf(':') + 1).replace(/[^A-Za-z0-9_-]/g, '-') : target.name}`;
}

export function createMainWidget(target: ViewTarget, client: ServiceClient, open: (target: ViewTarget) => void): SluiceMainWidget {
  let content: ModelView;
  let label: string;
  switch (target.kind) {
    case 'pipeline': {
      const model = new PipelineModel(client, target.name);
      content = new ModelView(model, () => React.createElement(PipelineView, { model, onOpenExecution: (arn: string) => open({ kind: 'execution', arn, pipelineName: target.name }) }));
      label = target.name;
      break;
    }
    case 'execution': {
      const model = new ExecutionModel(client, target.arn, target.pipelineName);
      content = new ModelView(model, () => React.createElement(ExecutionView, { client, model, onOpenExecution: (arn: string) => open({ kind: 'execution', arn, pipelineName: target.pipelineName }) }));
      label = `${target.arn.slice(target.arn.lastIndexOf('/') + 1)} · ${target.pipelineName}`;
      break;
    }
    case 'modelGroup': {
      const model = new ModelGroupModel(client, target.name);
      content = new ModelView(model, () => React.createElement(ModelGroupView, { model }));
      label = `Model group ${target.name}`;
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
