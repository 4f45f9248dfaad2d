import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tslabKernelName, venvPython } from '../../scripts/lib/paths.mjs';

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}

/** What a code cell showed: its stdout and stderr text, and its display data by MIME type. */
export interface CellOutput {
  readonly source: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly displays: readonly { mime: string; body: string }[];
}

export interface NotebookRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly seconds: number;
  readonly cells: readonly CellOutput[];
}

const joined = (value: string | string[] | undefined): string => (Array.isArray(value) ? value.join('') : (value ?? ''));

/**
 * Executes a notebook in place with nbclient and the tslab kernel; the kernel inherits `env`
 * (nbclient starts it with the environment of the python process). Only code cells are returned.
 */
export function runNotebook(path: string, env: Record<string, string>): NotebookRun {
  const output = `${path.replace(/\.ipynb$/, '')}.executed.ipynb`;
  const started = Date.now();
  const run = spawnSync(venvPython, [join(repoRoot, 'test', 'harness', 'execute_notebook.py'), path, tslabKernelName, output], {
    encoding: 'utf8',
    timeout: 300000,
    env: { ...process.env, ...env },
  });
  const seconds = (Date.now() - started) / 1000;
  const executed = JSON.parse(readFileSync(output, 'utf8')) as { cells: { cell_type: string; source: string | string[]; outputs?: NotebookOutput[] }[] };
  const cells = executed.cells
    .filter((cell) => cell.cell_type === 'code')
    .map((cell) => {
      const outputs = cell.outputs ?? [];
      const stream = (name: string) =>
        outputs
          .filter((o) => o.output_type === 'stream' && o.name === name)
          .map((o) => joined(o.text))
          .join('');
      const displays = outputs
        .filter((o) => o.output_type === 'display_data')
        .flatMap((o) => Object.entries(o.data ?? {}).map(([mime, body]) => ({ mime, body: joined(body) })));
      return { source: joined(cell.source), stdout: stream('stdout'), stderr: stream('stderr'), displays };
    });
  return { status: run.status, stderr: run.stderr, seconds, cells };
}
