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
