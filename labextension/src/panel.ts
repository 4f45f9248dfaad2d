import { SidePanel } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { pipelineIcon } from './icon';

/** One titled, collapsible list in the panel; empty until the local service feeds it. */
function section(label: string, emptyText: string): Widget {
  const widget = new Widget();
  widget.title.label = label;
  widget.addClass('sluice-PipelinesPanel-section');
  const empty = document.createElement('p');
  empty.className = 'sluice-PipelinesPanel-empty';
  empty.textContent = emptyText;
  widget.node.appendChild(empty);
  return widget;
}

/** The left-sidebar Pipelines panel: pipelines, model groups and projects, as in SageMaker Studio. */
export class PipelinesPanel extends SidePanel {
  constructor() {
    super();
    this.id = 'sluice-pipelines';
    this.addClass('sluice-PipelinesPanel');
    this.title.icon = pipelineIcon;
    this.title.caption = 'Pipelines';

    const heading = new Widget();
    heading.addClass('sluice-PipelinesPanel-header');
    heading.node.textContent = 'Pipelines';
    this.header.addWidget(heading);

    this.addWidget(section('Pipelines', 'No pipelines yet. Define one in a TypeScript notebook with the sluice package.'));
    this.addWidget(section('Model groups', 'No model groups yet.'));
    this.addWidget(section('Projects', 'No projects yet.'));
  }
}
