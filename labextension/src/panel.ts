import { SidePanel } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { pipelineIcon } from './icon';

/** The left-sidebar Pipelines panel. It lists nothing until the local service lands. */
export class PipelinesPanel extends SidePanel {
  constructor() {
    super();
    this.id = 'sluice-pipelines';
    this.addClass('sluice-PipelinesPanel');
    this.title.icon = pipelineIcon;
    this.title.caption = 'Pipelines';
    this.title.label = '';

    const heading = new Widget();
    heading.addClass('sluice-PipelinesPanel-header');
    heading.node.textContent = 'Pipelines';
    this.header.addWidget(heading);

    const empty = new Widget();
    empty.addClass('sluice-PipelinesPanel-empty');
    empty.node.textContent =
      'No pipelines yet. Define one in a TypeScript notebook with the sluice package.';
    this.addWidget(empty);
  }
}
