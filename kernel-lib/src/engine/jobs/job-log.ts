/** A job's log: one line per output line, `<ISO time>\t<stream>\t<text>`, appended as the job writes. */

/** The note that says the job's program has started; before it, the job's notes say what it waits for (an environment). */
export const programStartNote = 'running: ';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type LogStream = 'stdout' | 'stderr' | 'sluice';

export interface LogLine {
  readonly time: string;
  readonly stream: LogStream;
  readonly text: string;
}

export class JobLog {
  private readonly pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  readonly lines: string[] = [];

  /** `keepLines` bounds `lines` for processes that live long (model servers); jobs keep every line for their metrics. */
  constructor(
    readonly file: string,
    private readonly keepLines = Number.POSITIVE_INFINITY,
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  /** A note from sluice itself, e.g. how paths were mapped. */
  note(text: string): void {
    this.append('sluice', [text]);
  }

  /** Output as it arrives; partial lines wait for their end. The lines of one chunk are written to the file at once. */
  write(stream: 'stdout' | 'stderr', chunk: Buffer | string): void {
    const text = this.pending[stream] + chunk.toString();
    const parts = text.split('\n');
    this.pending[stream] = parts.pop() ?? '';
    this.append(
      stream,
      parts.map((line) => line.replace(/\r$/, '')),
    );
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream] !== '') this.append(stream, [this.pending[stream]]);
      this.pending[stream] = '';
    }
  }

  private append(stream: LogStream, texts: readonly string[]): void {
    if (texts.length === 0) return;
    if (stream !== 'sluice') {
      for (const text of texts) this.lines.push(text);
      if (this.lines.length > 2 * this.keepLines) this.lines.splice(0, this.lines.length - this.keepLines);
    }
    const prefix = `${new Date().toISOString()}\t${stream}\t`;
    appendFileSync(this.file, texts.map((text) => `${prefix}${text}\n`).join(''));
  }
}

export function readJobLog(file: string): LogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [time, stream, ...rest] = line.split('\t');
      return { time, stream: stream as LogStream, text: rest.join('\t') };
    });
}
