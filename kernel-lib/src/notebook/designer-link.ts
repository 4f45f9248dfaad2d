/** What a cell shows for `pipeline.openInDesigner()`: a link JupyterLab opens in the pipeline designer, and the path. */
import { basename } from 'node:path';
import type { DesignerFile } from '../sdk/designer-file.js';
import type { RichOutput } from './display.js';
import { escapeXml } from './html.js';

export function designerLinkView(file: DesignerFile): RichOutput {
  const name = basename(file.path);
  return {
    // A relative link: JupyterLab resolves it against the notebook's folder and opens the file with its default viewer.
    html: `<a href="${escapeXml(file.href)}">Open ${escapeXml(name)} in the pipeline designer</a> <code>${escapeXml(file.path)}</code>`,
    text: `Wrote ${file.path}: open it from JupyterLab's file browser (a *.pipeline.json opens in the pipeline designer).`,
  };
}
