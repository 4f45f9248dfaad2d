import { LabIcon } from '@jupyterlab/ui-components';

// A pipeline: three stages joined left to right, drawn with the theme's icon colour.
const pipelineSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <rect x="1" y="9" width="6" height="6" rx="1"/>
    <rect x="17" y="3" width="6" height="6" rx="1"/>
    <rect x="17" y="15" width="6" height="6" rx="1"/>
    <path d="M7 11.25h4.25V6h5.75v1.5h-4.25v9h4.25V18h-5.75v-5.25H7z"/>
  </g>
</svg>`;

export const pipelineIcon = new LabIcon({ name: 'sluice:pipeline', svgstr: pipelineSvg });

// A project: a folder holding a small pipeline.
const projectSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M2 5a1 1 0 0 1 1-1h6l2 2h10a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1zm2 3v10h16V8z"/>
    <rect x="6" y="11" width="3" height="3"/>
    <rect x="15" y="11" width="3" height="3"/>
    <path d="M9 12h6v1H9z"/>
  </g>
</svg>`;

export const projectIcon = new LabIcon({ name: 'sluice:project', svgstr: projectSvg });
