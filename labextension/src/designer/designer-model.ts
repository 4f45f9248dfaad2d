/**
 * The designer's state over a JupyterLab document context: the file's text is the one truth (so dirty state, save,
 * revert and undo/redo are JupyterLab's own), read again after every change; edits write new text.
 */
import type { DocumentRegistry } from '@jupyterlab/docregistry';
import { Signal, type ISignal } from '@lumino/signaling';
import type { ExecutionModel } from '../model/execution-model';
import type { PipelineGraph } from '../model/graph';
import {
  designerGraph,
  designProblems,
  editDefinition,
  readPipelineFile,
  writePipelineFile,
  type DesignerFile,
  type DesignerMetadata,
  type DesignProblem,
  type Point,
} from './document';

/** What the view shows: the file read, laid out and checked, or why it cannot be read. */
export interface DesignerState {
  file?: DesignerFile;
  graph?: PipelineGraph;
  problems: DesignProblem[];
  /** Why the text is not a definition (then the view offers the JSON editor). */
  unreadable?: string;
}

/** An execution the designer started, shown live on its canvas; a new object at every change, for React. */
export interface DesignerRun {
  execution: ExecutionModel;
  status: string | undefined;
  /** Opens the execution's own view in a tab. */
  open: () => void;
}

/** The undo manager of JupyterLab's shared model, where it has one: edits in a row must not merge into one undo step. */
interface CapturingModel {
  undoManager?: { stopCapturing(): void };
}

export class DesignerModel {
  private _state: DesignerState = { problems: [] };
  private _text: string | undefined;
  private readonly _changed = new Signal<this, DesignerState>(this);
  private _run: DesignerRun | undefined;
  private readonly _runChanged = new Signal<this, DesignerRun | undefined>(this);
  /** The step whose form is open. */
  selected: string | undefined;

  constructor(readonly context: DocumentRegistry.Context) {
    context.model.contentChanged.connect(this._read, this);
    this._read();
    // Undo goes back to the file as it was opened, not past it to an empty one.
    void context.ready.then(() => context.model.sharedModel.clearUndoHistory());
  }

  get changed(): ISignal<this, DesignerState> {
    return this._changed;
  }

  get state(): DesignerState {
    return this._state;
  }

  get run(): DesignerRun | undefined {
    return this._run;
  }

  get runChanged(): ISignal<this, DesignerRun | undefined> {
    return this._runChanged;
  }

  /** Shows `execution` on the canvas, its steps' states live, until the next run or until the designer closes. */
  watchExecution(execution: ExecutionModel, open: () => void): void {
    this._run?.execution.dispose();
    const update = (): void => {
      this._run = { execution, status: execution.status, open };
      this._runChanged.emit(this._run);
    };
    execution.changed.connect(update, this);
    update();
  }

  /** The pipeline's name: the file's name without `.pipeline.json`, made a valid SageMaker name. */
  get pipelineName(): string {
    const base = this.context.path.split('/').pop() ?? 'pipeline';
    return (
      base
        .replace(/\.pipeline\.json$/, '')
        .replace(/[^A-Za-z0-9-]/g, '-')
        .replace(/^-+/, '')
        .slice(0, 256) || 'pipeline'
    );
  }

  private _read(): void {
    const text = this.context.model.toString();
    if (text === this._text) return;
    this._text = text;
    try {
      const file = readPipelineFile(text);
      this._state = { file, graph: designerGraph(file), problems: designProblems(file) };
    } catch (error) {
      this._state = { problems: [], unreadable: (error as Error).message };
    }
    this._changed.emit(this._state);
  }

  /** The positions of every step as drawn now, with `moved` put in. */
  positions(moved: ReadonlyMap<string, Point> = new Map()): Map<string, Point> {
    const positions = new Map((this._state.graph?.nodes ?? []).map((node) => [node.id, node.position]));
    for (const [name, point] of moved) positions.set(name, point);
    return positions;
  }

  private _write(text: string): void {
    if (text === this._text) return;
    this.context.model.fromString(text);
    // JupyterLab's text editor marks its document dirty itself; so does the designer.
    this.context.model.dirty = true;
    // Each edit is its own undo step, even when the next follows within the shared model's capture time.
    (this.context.model.sharedModel as unknown as CapturingModel).undoManager?.stopCapturing();
  }

  /** Applies an edit to a copy of the definition; the layout as drawn is kept, with `moved` steps where they were put. */
  edit(change: (definition: DesignerFile['definition']) => void, moved?: ReadonlyMap<string, Point>): void {
    const file = this._state.file;
    if (file === undefined) return;
    const text = editDefinition(file, change, this.positions(moved));
    if (text !== undefined) this._write(text);
  }

  /** Moves steps (a drag ended): only their positions change. */
  move(moved: ReadonlyMap<string, Point>): void {
    const file = this._state.file;
    if (file === undefined) return;
    // A click ends a "drag" too: nothing moved, nothing to write.
    const current = this.positions();
    if ([...moved].every(([name, point]) => current.get(name)?.x === point.x && current.get(name)?.y === point.y)) return;
    this._write(writePipelineFile(file, this.positions(moved)));
  }

  /** Changes the designer's own settings (parallelism, role). */
  setSettings(settings: Partial<DesignerMetadata>): void {
    const file = this._state.file;
    if (file === undefined) return;
    this._write(writePipelineFile({ ...file, designer: { ...file.designer, ...settings } }, this.positions()));
  }

  undo(): void {
    this.context.model.sharedModel.undo();
  }

  redo(): void {
    this.context.model.sharedModel.redo();
  }

  dispose(): void {
    this._run?.execution.dispose();
    Signal.clearData(this);
  }
}
