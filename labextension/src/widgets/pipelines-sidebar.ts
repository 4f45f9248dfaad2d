import { ReactWidget, SidePanel } from '@jupyterlab/ui-components';
import type { Message } from '@lumino/messaging';
import { Widget } from '@lumino/widgets';
import * as React from 'react';
import { EndpointsList } from '../components/EndpointsList';
import { ModelGroupsList } from '../components/ModelGroupsList';
import { useModel } from '../components/use-model';
import { PipelinesList } from '../components/PipelinesList';
import { ProjectsList } from '../components/ProjectsList';
import { pipelineIcon } from '../icon';
import type { PipelinesModel } from '../model';

export interface PipelinesSidebarOptions {
  model: PipelinesModel;
  openPipeline: (name: string) => void;
  openModelGroup: (name: string) => void;
  openProject: (name: string) => void;
  openModelVersion: (arn: string) => void;
  openEndpointLineage: (endpoint: { name: string; arn: string }) => void;
  createProject: () => void;
}

/** The left-sidebar Pipelines panel: pipelines, model groups and projects, as in SageMaker Studio. */
export class PipelinesSidebar extends SidePanel {
  readonly model: PipelinesModel;

  constructor(options: PipelinesSidebarOptions) {
    super();
    this.model = options.model;
    this.id = 'sluice-pipelines';
    this.addClass('sluice-PipelinesPanel');
    this.title.icon = pipelineIcon;
    this.title.caption = 'Pipelines';
    // Polls only while the panel is open.
    this.model.visible = false;

    const heading = new Widget();
    heading.addClass('sluice-PipelinesPanel-header');
    heading.node.textContent = 'Pipelines';
    this.header.addWidget(heading);

    this.addWidget(section('Pipelines', React.createElement(PipelinesList, { model: this.model, onOpen: options.openPipeline })));
    this.addWidget(section('Model groups', React.createElement(ModelGroupsList, { model: this.model, onOpen: options.openModelGroup })));
    this.addWidget(
      section(
        'Endpoints',
        React.createElement(SidebarEndpoints, { model: this.model, onOpenVersion: options.openModelVersion, onOpenLineage: options.openEndpointLineage }),
      ),
    );
    this.addWidget(section('Projects', React.createElement(ProjectsList, { model: this.model, onOpen: options.openProject, onCreate: options.createProject })));
  }

  protected override onAfterShow(message: Message): void {
    super.onAfterShow(message);
    this.model.visible = true;
  }

  protected override onBeforeHide(message: Message): void {
    super.onBeforeHide(message);
    this.model.visible = false;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.model.dispose();
    super.dispose();
  }
}

function SidebarEndpoints(props: {
  model: PipelinesModel;
  onOpenVersion: (arn: string) => void;
  onOpenLineage: (endpoint: { name: string; arn: string }) => void;
}): React.ReactElement {
  const model = useModel(props.model);
  return React.createElement(EndpointsList, {
    endpoints: model.endpoints,
    loaded: model.loaded,
    onOpenVersion: props.onOpenVersion,
    onOpenLineage: props.onOpenLineage,
  });
}

function section(label: string, element: React.ReactElement): Widget {
  const widget = ReactWidget.create(element);
  widget.title.label = label;
  widget.addClass('sluice-PipelinesPanel-section');
  return widget;
}
