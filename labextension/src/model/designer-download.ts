/**
 * "Open in designer" on a pipeline's Settings tab: the pipeline's current definition saved into the workspace as
 * `<name>.pipeline.json` (the designer's document type), without ever overwriting a different file of that name.
 */
import type { Contents } from '@jupyterlab/services';
import { ServerConnection } from '@jupyterlab/services';

/** A definition to open in the designer, and the file name it is saved under. */
export interface DesignerDocument {
  readonly fileName: string;
  readonly text: string;
}

/** The two file operations the download needs (JupyterLab's contents API in the panel). */
export interface DesignerFiles {
  /** The file's text, or undefined when there is no such file. */
  read(path: string): Promise<string | undefined>;
  write(path: string, text: string): Promise<void>;
}

/** The designer document of a pipeline's definition text. */
export function designerDocument(pipelineName: string, definition: string): DesignerDocument {
  return { fileName: `${pipelineName}.pipeline.json`, text: definition };
}

/**
 * Saves the document under its name, or `<name>-2.pipeline.json`, `-3`, … when a file of that name holds something else
 * (a layout or an edit made in the designer is never overwritten); a file with the same text is reused. Returns the path.
 */
export async function saveForDesigner(document: DesignerDocument, files: DesignerFiles): Promise<string> {
  const stem = document.fileName.replace(/\.pipeline\.json$/, '');
  for (let attempt = 1; attempt <= 100; attempt++) {
    const path = attempt === 1 ? document.fileName : `${stem}-${attempt}.pipeline.json`;
    const existing = await files.read(path);
    if (existing === document.text) return path;
    if (existing === undefined) {
      await files.write(path, document.text);
      return path;
    }
  }
  throw new Error(`${stem}.pipeline.json and 99 numbered copies exist already with other definitions: rename or remove some.`);
}

/** {@link DesignerFiles} over JupyterLab's contents API (paths relative to the server's root). */
export function jupyterFiles(contents: Contents.IManager): DesignerFiles {
  return {
    async read(path) {
      try {
        const model = await contents.get(path, { type: 'file', format: 'text', content: true });
        return typeof model.content === 'string' ? model.content : '';
      } catch (error) {
        if (error instanceof ServerConnection.ResponseError && error.response.status === 404) return undefined;
        throw error;
      }
    },
    async write(path, text) {
      await contents.save(path, { type: 'file', format: 'text', content: text });
    },
  };
}
