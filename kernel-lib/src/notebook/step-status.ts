/**
 * Colours of step states in a DAG. Outputs are saved in the notebook and shown outside JupyterLab's
 * theme (as an <img> for SVG), so they are fixed colours rather than `--jp-*` variables.
 */
export interface StatusColours {
  readonly fill: string;
  readonly stroke: string;
}

const colours: Readonly<Record<string, StatusColours>> = {
  Succeeded: { fill: '#e6f4ea', stroke: '#1e8e3e' },
  // Outputs taken from an earlier execution by a selective run: succeeded, but not here.
  Reused: { fill: '#f3f6f4', stroke: '#81c995' },
  Executing: { fill: '#e8f0fe', stroke: '#1a73e8' },
  Starting: { fill: '#e8f0fe', stroke: '#1a73e8' },
  Failed: { fill: '#fce8e6', stroke: '#d93025' },
  Stopping: { fill: '#f1f3f4', stroke: '#5f6368' },
  Stopped: { fill: '#f1f3f4', stroke: '#5f6368' },
};

/** A step that has not run (or a plain pipeline picture): white with a grey border. */
export const notRunColours: StatusColours = { fill: '#ffffff', stroke: '#9aa0a6' };

export function coloursFor(status: string | undefined): StatusColours {
  return (status !== undefined ? colours[status] : undefined) ?? notRunColours;
}

/** A one-character mark for text output, so status reads without colour. */
export function statusMark(status: string | undefined): string {
  switch (status) {
    case 'Succeeded':
      return '✓';
    case 'Reused':
      return '↺';
    case 'Failed':
      return '✗';
    case 'Executing':
    case 'Starting':
      return '…';
    case 'Stopped':
    case 'Stopping':
      return '■';
    default:
      return '·';
  }
}
