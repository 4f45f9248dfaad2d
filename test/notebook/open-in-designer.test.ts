// pipeline.openInDesigner() (issue 21): writes <name>.pipeline.json next to the notebook, and a cell ending with it
// shows a link JupyterLab opens in the designer.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { parsePipelineDocument } from '../../kernel-lib/src/definition/pipeline-document.js';
import { DesignerFile, FailStep, ParameterString, Pipeline, setDisplayBackend, type DisplaySink } from '../../kernel-lib/src/index.js';
import { makeTestWorkspace } from '../harness/workspace.js';

const pipeline = new Pipeline({
  name: 'Tiny',
  parameters: [new ParameterString({ name: 'Reason', defaultValue: 'just because' })],
  steps: [new FailStep({ name: 'Stop', errorMessage: 'stopped' })],
});

describe('pipeline.openInDesigner()', () => {
  const notebookFolder = makeTestWorkspace('open-in-designer');
  const kernelFolder = process.cwd();
  beforeAll(() => process.chdir(notebookFolder));
  afterAll(() => process.chdir(kernelFolder));

  it('writes <name>.pipeline.json in the notebook folder, the definition byte for byte', () => {
    const file = pipeline.openInDesigner();
    expect(file).toBeInstanceOf(DesignerFile);
    expect(file.path).toBe(join(notebookFolder, 'Tiny.pipeline.json'));
    expect(readFileSync(file.path, 'utf8')).toBe(pipeline.definition());
  });

  it('as a cell’s last value, shows a link relative to the notebook that JupyterLab opens, and the path', () => {
    const sent: Record<string, string>[] = [];
    const sink: DisplaySink = { html: () => {}, svg: () => {}, text: () => {}, bundle: (data) => void sent.push({ ...data }) };
    setDisplayBackend({ display: sink, newDisplay: () => sink });
    try {
      mkdirSync(join(notebookFolder, 'my designs'), { recursive: true });
      const file = pipeline.openInDesigner('my designs/Tiny copy.pipeline.json');
      // tslab prints a cell's value with util.inspect: the hook sends the display instead.
      expect(inspect(file)).toBe('');
      expect(sent).toEqual([
        {
          'text/html': `<a href="my%20designs/Tiny%20copy.pipeline.json">Open Tiny copy.pipeline.json in the pipeline designer</a> <code>${file.path}</code>`,
          'text/plain': `Wrote ${file.path}: open it from JupyterLab's file browser (a *.pipeline.json opens in the pipeline designer).`,
        },
      ]);
    } finally {
      setDisplayBackend(undefined);
    }
  });

  it('keeps the layout the designer stored in the file, and refuses a path the designer would not open', () => {
    const path = join(notebookFolder, 'Tiny.pipeline.json');
    const layout = '{"sluice:layout": {"Stop": [120, 40]}}';
    writeFileSync(path, pipeline.definition().replace('"Metadata": {}', `"Metadata": ${layout}`));
    pipeline.openInDesigner();
    const written = readFileSync(path, 'utf8');
    expect(written).toBe(pipeline.definition().replace('"Metadata": {}', `"Metadata": ${layout}`));
    expect(parsePipelineDocument(written).definition.Metadata).toEqual({ 'sluice:layout': { Stop: [120, 40] } });
    expect(() => pipeline.openInDesigner('Tiny.json')).toThrow('does not end with .pipeline.json, so JupyterLab would not open it in the designer');
    expect(() => Pipeline.fromDefinition(pipeline.definition()).openInDesigner()).toThrow('the pipeline has no name; give the file path');
  });
});
