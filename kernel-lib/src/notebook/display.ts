/**
 * The way out to a notebook cell: tslab's display API when this code runs inside the tslab kernel,
 * plain text on stdout everywhere else. tslab is an optional peer: it is required lazily, and its
 * "Not ready" (outside a kernel) or its absence turn into text output, never into an error.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** What a view shows: text always, and the rich form when there is one (SVG or HTML, one MIME type per tslab call). */
export interface RichOutput {
  readonly text: string;
  readonly html?: string;
  readonly svg?: string;
}

/** The part of tslab's `Display` we use; declared here so the published types do not need tslab. */
export interface DisplaySink {
  html(s: string): void;
  svg(s: string): void;
  text(s: string): void;
  /** Several forms of one output in one display (the rich one and its text/plain fallback), where the sink can. */
  bundle?(data: Readonly<Record<string, string>>): void;
}

/** tslab's kernel side: the function its `Display` sends through, which takes any MIME bundle. */
interface TslabJupyter {
  lastWriteDisplayData: ((message: { data: Record<string, string>; metadata: object; transient: { display_id?: string } }, update: boolean) => void) | null;
}

/**
 * A display that sends the rich form and its text together, as Jupyter's own kernels do; tslab's public
 * `Display` sends one MIME type a call. `id` makes it a display that later sends replace.
 */
class BundleSink implements DisplaySink {
  private sent = false;

  constructor(
    private readonly jupyter: TslabJupyter,
    private readonly id?: string,
  ) {}

  html(s: string): void {
    this.bundle({ 'text/html': s });
  }

  svg(s: string): void {
    this.bundle({ 'image/svg+xml': s });
  }

  text(s: string): void {
    this.bundle({ 'text/plain': s });
  }

  bundle(data: Readonly<Record<string, string>>): void {
    const write = this.jupyter.lastWriteDisplayData;
    if (write === null) throw new Error('Not ready');
    write({ data: { ...data }, metadata: {}, transient: this.id === undefined ? {} : { display_id: this.id } }, this.id !== undefined && this.sent);
    this.sent = true;
  }
}

function tslabBackend(require: NodeRequire): DisplayBackend {
  const tslab = require('tslab') as DisplayBackend;
  let jupyter: TslabJupyter;
  try {
    // The module the kernel itself runs (same file, same module instance), for MIME bundles.
    jupyter = require(join(dirname(require.resolve('tslab')), 'jupyter.js')) as TslabJupyter;
  } catch {
    return tslab;
  }
  if (!('lastWriteDisplayData' in jupyter)) return tslab;
  return { display: new BundleSink(jupyter), newDisplay: () => new BundleSink(jupyter, randomBytes(8).toString('hex')) };
}

/**
 * Where rich output goes: tslab's `display` for the current cell, and a fresh display that a live view updates in place.
 * {@link setDisplayBackend} installs another (tests, another front end).
 */
export interface DisplayBackend {
  readonly display: DisplaySink;
  newDisplay(): DisplaySink;
}

let injected: DisplayBackend | undefined;
let loaded: DisplayBackend | null | undefined;

/** Replaces tslab (tests, or another front end); `undefined` goes back to tslab. */
export function setDisplayBackend(backend: DisplayBackend | undefined): void {
  injected = backend;
}

function backend(): DisplayBackend | undefined {
  if (injected !== undefined) return injected;
  if (loaded === undefined) {
    try {
      // Resolved from this package upward: the same file the kernel runs, so its display is the live one.
      loaded = tslabBackend(createRequire(import.meta.url));
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

function send(sink: DisplaySink, output: RichOutput): void {
  if (sink.bundle !== undefined && (output.svg !== undefined || output.html !== undefined)) {
    sink.bundle(
      output.svg !== undefined ? { 'image/svg+xml': output.svg, 'text/plain': output.text } : { 'text/html': output.html ?? '', 'text/plain': output.text },
    );
  } else if (output.svg !== undefined) sink.svg(output.svg);
  else if (output.html !== undefined) sink.html(output.html);
  else sink.text(output.text);
}

/** Sends the rich form to the cell; false (and nothing sent) when there is no kernel or no rich form. */
export function displayRich(output: RichOutput): boolean {
  const tslab = backend();
  if (tslab === undefined || (output.svg === undefined && output.html === undefined)) return false;
  try {
    send(tslab.display, output);
    return true;
  } catch {
    // "Not ready": tslab is installed but this process is not a kernel.
    return false;
  }
}

/**
 * Shows the output: rich in a notebook, its text on stdout anywhere else. Never throws.
 *
 * @example
 * ```ts
 * emit({ text: 'MSE 4.2', html: '<b>MSE</b> 4.2' });
 * ```
 */
export function emit(output: RichOutput): void {
  if (!displayRich(output)) console.log(output.text);
}

function liveSink(): DisplaySink | undefined {
  const tslab = backend();
  if (tslab === undefined) return undefined;
  try {
    return tslab.newDisplay();
  } catch {
    return undefined;
  }
}

/**
 * One output that later updates replace (tslab's newDisplay: display_data, then update_display_data).
 * Updates closer together than `minIntervalMs` are dropped except the last, which `finish` sends.
 * Returns undefined when there is no kernel to update, so the caller prints text instead.
 */
export class LiveOutput {
  private lastSent = 0;
  private pending: RichOutput | undefined;

  private constructor(
    private readonly sink: DisplaySink,
    private readonly minIntervalMs: number,
  ) {}

  static open(first: RichOutput, minIntervalMs = 300): LiveOutput | undefined {
    const sink = liveSink();
    if (sink === undefined) return undefined;
    try {
      send(sink, first);
    } catch {
      return undefined;
    }
    const live = new LiveOutput(sink, minIntervalMs);
    live.lastSent = Date.now();
    return live;
  }

  update(output: RichOutput): void {
    if (Date.now() - this.lastSent < this.minIntervalMs) {
      this.pending = output;
      return;
    }
    this.sendNow(output);
  }

  /** Sends the final picture, whatever the interval. */
  finish(output?: RichOutput): void {
    const last = output ?? this.pending;
    if (last !== undefined) this.sendNow(last);
  }

  private sendNow(output: RichOutput): void {
    this.pending = undefined;
    this.lastSent = Date.now();
    try {
      send(this.sink, output);
    } catch {
      // The kernel went away mid-run; the run itself goes on.
    }
  }
}
