import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tslabKernelName, venvPython } from '../../scripts/lib/paths.mjs';
import { makeTestWorkspace } from '../harness/workspace.js';

interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
}
interface Notebook {
  cells: { source: string; outputs?: NotebookOutput[] }[];
}

function notebookOf(sources: string[]): string {
  return JSON.stringify({
    cells: sources.map((source, index) => ({ id: `cell-${index}`, cell_type: 'code', metadata: {}, source, outputs: [], execution_count: null })),
    metadata: { kernelspec: { name: tslabKernelName, display_name: 'TypeScript (Sluice)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

/** Runs the notebook with nbclient and the registered tslab kernel; returns each cell's stdout. */
function execute(notebook: string): { status: number | null; stderr: string; stdout: string[] } {
  const folder = makeTestWorkspace('notebook');
  const input = join(folder, 'input.ipynb');
  const output = join(folder, 'executed.ipynb');
  writeFileSync(input, notebook);
  const run = spawnSync(venvPython, [join(repoRoot, 'test', 'harness', 'execute_notebook.py'), input, tslabKernelName, output], {
    encoding: 'utf8',
    timeout: 170000,
  });
  const executed = JSON.parse(readFileSync(output, 'utf8')) as Notebook;
  const stdout = executed.cells.map((cell) =>
    (cell.outputs ?? [])
      .filter((o) => o.output_type === 'stream' && o.name === 'stdout')
      .map((o) => (Array.isArray(o.text) ? o.text.join('') : (o.text ?? '')))
      .join(''),
  );
  return { status: run.status, stderr: run.stderr, stdout };
}

// The starter notebooks (notebooks/*.ipynb) run on a fresh SLUICE_HOME in starter-notebooks.test.ts.
const packageVersion = (JSON.parse(readFileSync(join(repoRoot, 'kernel-lib', 'package.json'), 'utf8')) as { version: string }).version;

describe('a tslab notebook in the workspace', () => {
  it('imports sluice and shows its version, with top-level await in a later cell', () => {
    const result = execute(
      notebookOf([
        'import { version } from "sluice";\nversion',
        'const later = await new Promise<string>((resolve) => setTimeout(() => resolve("awaited " + version), 10));\nlater',
      ]),
    );
    expect(result.stderr).not.toMatch(/CellExecutionError|Cannot find module/);
    expect(result.status).toBe(0);
    expect(result.stdout[0].trim()).toBe(packageVersion);
    expect(result.stdout[1].trim()).toBe(`awaited ${packageVersion}`);
  });

  it('reports a type error in a cell instead of running it', () => {
    const result = execute(notebookOf(['import { version } from "sluice";\nconst n: number = version;\nn']));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Type 'string' is not assignable to type 'number'");
  });

  it('refuses a misspelt step property path before anything runs', () => {
    const result = execute(
      notebookOf([
        'import { TrainingStep } from "sluice";\n' +
          'const train = new TrainingStep({ name: "T", imageUri: "i", roleArn: "r", instanceType: "t", outputPath: "s3://b/o" });\n' +
          'train.properties.ModelArtifacts.S3ModelArtifact',
      ]),
    );
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Property 'S3ModelArtifact' does not exist");
  });
});
