import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProject, listProjectTemplates } from '../../kernel-lib/src/index.js';
import { runNotebook } from '../notebooks/run-notebook.js';
import { abaloneCsv, projectSandbox, runIn, type ProjectSandbox } from './project-harness.js';

const notebookName = 'sagemaker-pipelines-project.ipynb';
const failureText = 'could not download';

/** How many times `text` holds `part`. */
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

/** Sets the notebook's data cell to `path`, as a user types it there. */
function setLocalCopy(notebook: string, path: string): void {
  const document = JSON.parse(readFileSync(notebook, 'utf8')) as { cells: { cell_type: string; source: string }[] };
  const cell = document.cells.find((candidate) => candidate.source.includes('const localCopy: string = "";'));
  if (cell === undefined) throw new Error(`no data cell with localCopy in ${notebook}`);
  cell.source = cell.source.replace('const localCopy: string = "";', `const localCopy: string = ${JSON.stringify(path)};`);
  writeFileSync(notebook, JSON.stringify(document, null, 1));
}

describe('the abalone data: offline, a copy in the notebook, a copy given at creation', () => {
  let sandbox: ProjectSandbox;
  beforeAll(() => {
    sandbox = projectSandbox('abalone-data');
  });
  afterAll(() => sandbox.close());

  it('offline, the notebook says once, in one line, that the download failed and names InputDataUrl', async () => {
    const project = await createProject({ name: 'offline', template: 'model-building-and-training', dir: sandbox.workspace, session: sandbox.session });
    // `.invalid` never resolves: what the UCI download does on a machine without a network.
    const run = runNotebook(join(project.repositoryPath, notebookName), {
      SLUICE_HOME: sandbox.home,
      ABALONE_INPUT_DATA_URL: 'http://abalone.invalid/abalone.data',
    });
    expect(run.status).toBe(1);
    const waited = run.cells.find((cell) => cell.source.trim() === 'await execution.wait();')!;
    // The execution's picture says why, once (its text form stands for the HTML a browser shows)...
    const picture = waited.displays.find((display) => display.mime === 'text/plain')?.body ?? '';
    expect(picture).toContain('Step PreprocessAbaloneData failed: input "input-1": could not download http://abalone.invalid/abalone.data');
    expect(picture).toContain('It comes from parameter InputDataUrl');
    expect(occurrences(picture, failureText)).toBe(1);
    // ...and the error that stops the notebook is one line pointing at it: no stack, no dump, no second copy.
    expect(waited.stderr).toBe('ExecutionFailedError: pipeline execution failed at step PreprocessAbaloneData; the reason is above\n');
  });

  it("the notebook's data cell uploads a local copy and the pipeline runs on it", async () => {
    const project = await createProject({ name: 'copy', template: 'model-building-and-training', dir: sandbox.workspace, session: sandbox.session });
    const notebook = join(project.repositoryPath, notebookName);
    setLocalCopy(notebook, abaloneCsv);
    const run = runNotebook(notebook, { SLUICE_HOME: sandbox.home });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const uri = `s3://${sandbox.session.defaultBucket}/${project.pipelineName}/data/abalone.csv`;
    expect(run.cells.find((cell) => cell.source.includes('const localCopy'))!.stdout).toBe(`InputDataUrl: ${uri}\n`);
    const steps = run.cells.find((cell) => cell.source.includes('execution.listSteps()'))!.stdout;
    expect(steps).toContain('PreprocessAbaloneData: Succeeded');
    expect(steps).toContain('RegisterAbaloneModel-RegisterModel: Succeeded');
  });

  it('a copy given at creation is uploaded and becomes the pipeline’s InputDataUrl, for the notebook and the CLIs', async () => {
    const templates = await listProjectTemplates(sandbox.session);
    expect(templates.find((t) => t.TemplateId === 'model-building-and-training')?.InputData).toMatchObject({ Parameter: 'InputDataUrl' });
    expect(templates.find((t) => t.TemplateId === 'classification')?.InputData).toBeUndefined();

    const project = await createProject({
      name: 'given',
      template: 'model-building-and-training',
      dir: sandbox.workspace,
      session: sandbox.session,
      inputData: abaloneCsv,
    });
    const uri = `s3://${sandbox.session.defaultBucket}/${project.pipelineName}/data/abalone.csv`;
    const settings = JSON.parse(readFileSync(join(project.repositoryPath, 'sluice-project.json'), 'utf8')) as { InputDataUrl?: string };
    expect(settings.InputDataUrl).toBe(uri);
    expect((await (await sandbox.session.extras()).getArtifact(uri)).equals(readFileSync(abaloneCsv))).toBe(true);

    const definition = runIn(project.repositoryPath, 'npm', ['run', '--silent', 'get-pipeline-definition', '--', '-n', 'pipelines.abalone.pipeline'], {
      SLUICE_HOME: sandbox.home,
    });
    expect(definition.status).toBe(0);
    const parameters = (JSON.parse(definition.stdout) as { Parameters: { Name: string; DefaultValue?: unknown }[] }).Parameters;
    expect(parameters.find((parameter) => parameter.Name === 'InputDataUrl')?.DefaultValue).toBe(uri);
  });

  it.each([
    ['a file that does not exist', '/nowhere/abalone.csv', 'Data source /nowhere/abalone.csv: no such file'],
    ['a folder', '/tmp', 'Data source /tmp is a folder; give the data file itself'],
    ['an unsupported scheme', 'ftp://example.com/abalone.csv', '"ftp:" is not a scheme Sluice can read'],
    ['an s3 object that does not exist', 's3://sagemaker-us-east-1-000000000000/none.csv', 'no such object in the local S3'],
  ])('%s is refused with its problem named, and no project is made', async (_what, source, message) => {
    await expect(
      createProject({ name: 'refused', template: 'model-building-and-training', dir: sandbox.workspace, session: sandbox.session, inputData: source }),
    ).rejects.toThrow(message);
    expect(existsSync(join(sandbox.workspace, 'refused-modelbuild'))).toBe(false);
  });

  it('a template that downloads nothing refuses a data source', async () => {
    await expect(
      createProject({ name: 'churn', template: 'classification', dir: sandbox.workspace, session: sandbox.session, inputData: abaloneCsv }),
    ).rejects.toThrow('Template classification downloads no data');
  });
});
