/**
 * A notebook step's executed notebook in the step pane, read-only: every output and markdown cell drawn by
 * JupyterLab's own renderers (the app's rendermime registry, with its markdown parser; untrusted, so HTML is sanitised
 * and no script runs), and a button that saves it into the workspace and opens it in JupyterLab's notebook editor.
 */
import { PageConfig } from '@jupyterlab/coreutils';
import { MimeModel, RenderMimeRegistry, standardRendererFactories, type IRenderMime, type IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ContentsManager, ServerConnection } from '@jupyterlab/services';
import { Widget } from '@lumino/widgets';
import * as React from 'react';
import { errorText } from '../api';
import type { ExecutedNotebook, NotebookContent } from '../model/executed-notebook';

type Cell = NotebookContent['cells'][number];
interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

let standalone: RenderMimeRegistry | undefined;
/** The registry renderers come from: the app's, else (outside JupyterLab) the standard factories, whose markdown shows as text. */
function rendermimeOr(given: IRenderMimeRegistry | undefined): IRenderMimeRegistry {
  if (given !== undefined) return given;
  standalone ??= new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  return standalone;
}

const joined = (value: string | readonly string[] | undefined): string => (typeof value === 'string' ? value : (value ?? []).join(''));

/** An output as a MIME bundle, the way JupyterLab's output area turns streams and errors into one. */
export function mimeBundleOf(output: Output): IRenderMime.IMimeModel['data'] {
  if (output.output_type === 'stream') return { [`application/vnd.jupyter.${output.name === 'stderr' ? 'stderr' : 'stdout'}`]: joined(output.text) };
  if (output.output_type === 'error') return { 'application/vnd.jupyter.stderr': (output.traceback ?? [`${output.ename}: ${output.evalue}`]).join('\n') };
  return (output.data ?? {}) as IRenderMime.IMimeModel['data'];
}

/** One rendered output or markdown cell: a rendermime renderer attached under a React-owned node. */
function Rendered(props: { bundle: IRenderMime.IMimeModel['data']; rendermime: IRenderMimeRegistry }): React.ReactElement {
  const host = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    const registry = props.rendermime;
    const mimeType = registry.preferredMimeType(props.bundle, 'any');
    if (host.current === null || mimeType === undefined) return;
    const renderer = registry.createRenderer(mimeType);
    void renderer.renderModel(new MimeModel({ data: props.bundle, trusted: false }));
    Widget.attach(renderer, host.current);
    return () => renderer.dispose();
  }, [props.bundle, props.rendermime]);
  return <div className="sluice-NotebookOutput" ref={host} />;
}

function CellView(props: { cell: Cell; index: number; rendermime: IRenderMimeRegistry }): React.ReactElement {
  const { cell, rendermime } = props;
  const source = joined(cell.source);
  if (cell.cell_type === 'markdown') return <Rendered bundle={{ 'text/markdown': source }} rendermime={rendermime} />;
  const outputs = (cell.outputs ?? []) as Output[];
  const tags = ((cell as { metadata?: { tags?: string[] } }).metadata?.tags ?? []).join(' ');
  return (
    <div className="sluice-NotebookCell" data-cell={props.index} data-tags={tags}>
      {/* Wrapped, as the pane is narrow; the style files are shared, so the one rule lives here. */}
      <pre className="sluice-NotebookSource sluice-Mono" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {source}
      </pre>
      {outputs.map((output, index) => (
        <Rendered key={index} bundle={mimeBundleOf(output)} rendermime={rendermime} />
      ))}
    </div>
  );
}

/** Saves the notebook under `executed-notebooks/` in the workspace; returns its path there. */
async function saveToWorkspace(notebook: ExecutedNotebook, jobName: string): Promise<string> {
  const contents = new ContentsManager({ serverSettings: ServerConnection.makeSettings() });
  await contents.save('executed-notebooks', { type: 'directory' });
  const path = `executed-notebooks/${jobName}-${notebook.name}`;
  await contents.save(path, { type: 'notebook', format: 'json', content: notebook.content });
  return path;
}

export function ExecutedNotebookView(props: {
  load: () => Promise<ExecutedNotebook | undefined>;
  jobName: string;
  onOpenFile?: (absolutePath: string) => void;
  /** JupyterLab's rendermime registry (markdown parser, sanitizer, LaTeX); the standard factories when not given. */
  rendermime?: IRenderMimeRegistry;
}): React.ReactElement | null {
  const [notebook, setNotebook] = React.useState<ExecutedNotebook | undefined>();
  const [problem, setProblem] = React.useState<string | undefined>();
  const { load, jobName, onOpenFile } = props;
  const rendermime = rendermimeOr(props.rendermime);
  React.useEffect(() => {
    let live = true;
    load().then(
      (read) => live && setNotebook(read),
      (error: unknown) => live && setProblem(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [load, jobName]);
  const open = async (): Promise<void> => {
    if (notebook === undefined) return;
    try {
      const path = await saveToWorkspace(notebook, jobName);
      onOpenFile?.(`${PageConfig.getOption('serverRoot').replace(/\/+$/, '')}/${path}`);
    } catch (error) {
      setProblem(errorText(error));
    }
  };
  if (problem !== undefined) return <p className="sluice-Form-error">{problem}</p>;
  if (notebook === undefined) return null;
  return (
    <div className="sluice-ExecutedNotebook" data-notebook={notebook.name}>
      <div className="sluice-ExecutedNotebook-header">
        <strong>Executed notebook</strong> <span className="sluice-Mono">{notebook.name}</span>{' '}
        {onOpenFile && (
          <button className="jp-Button jp-mod-styled jp-mod-accept sluice-OpenNotebook" onClick={() => void open()}>
            Open in the workspace
          </button>
        )}
      </div>
      {notebook.content.cells.map((cell, index) => (
        <CellView key={index} cell={cell} index={index} rendermime={rendermime} />
      ))}
    </div>
  );
}
