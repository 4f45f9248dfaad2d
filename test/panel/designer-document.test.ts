// The designer's edits on a definition (issue 21), without a browser: an edge writes the property reference the
// target reads, a condition's port moves the target into its branch, the shared validator's problems land on the
// steps they name, and the layout is written only when something changed.
import './jsdom-globals.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addStep,
  connectSteps,
  designerGraph,
  designProblems,
  editDefinition,
  readPipelineFile,
  removeStep,
  renameStep,
  setExperimentConfig,
  writePipelineFile,
} from '../../labextension/src/designer/document.js';
import { ExecutionVariables } from '../../kernel-lib/src/sdk/expressions.js';
import { defaultExperimentConfig, Pipeline, PipelineExperimentConfig } from '../../kernel-lib/src/sdk/pipeline.js';
import { localRole, offeredProperties, paletteTypeOf, paletteTypes } from '../../labextension/src/designer/step-catalog.js';
import { NotebookStep } from '../../kernel-lib/src/sdk/steps/notebook.js';
import { readGolden } from '../sdk/goldens.js';

const empty = '{"Version": "2020-12-01", "Metadata": {}, "Parameters": [], "PipelineExperimentConfig": null, "Steps": []}';

function drawn(edit: Parameters<typeof editDefinition>[1]): ReturnType<typeof readPipelineFile> {
  return readPipelineFile(editDefinition(readPipelineFile(empty), edit)!);
}

describe("the designer's edits", () => {
  it("a data edge writes the source's output reference into a new input of the target", () => {
    const file = drawn((definition) => {
      addStep(definition, 'Processing');
      addStep(definition, 'Training');
      connectSteps(definition, 'Processing', 'Training', 'data');
    });
    const training = file.definition.Steps[1]!.Arguments as { InputDataConfig: { ChannelName: string; DataSource: { S3DataSource: { S3Uri: unknown } } }[] };
    expect(training.InputDataConfig).toEqual([
      expect.objectContaining({
        ChannelName: 'Processing',
        DataSource: { S3DataSource: expect.objectContaining({ S3Uri: { Get: "Steps.Processing.ProcessingOutputConfig.Outputs['output'].S3Output.S3Uri" } }) },
      }),
    ]);
    expect(designerGraph(file).edges.map((edge) => [edge.source, edge.target, edge.kind])).toEqual([['Processing', 'Training', 'data']]);
    // What the picker offers from the training step: its model first, then SageMaker's own properties.
    const offered = offeredProperties(file.definition.Steps[1]!).map((item) => item.path);
    expect(offered[0]).toBe('Steps.Training.ModelArtifacts.S3ModelArtifacts');
    expect(offered).toContain('Steps.Training.TrainingJobStatus');
  });

  it("a condition's false port moves the step into ElseSteps; a DependsOn edge only waits", () => {
    const file = drawn((definition) => {
      addStep(definition, 'Condition');
      addStep(definition, 'Fail');
      addStep(definition, 'Processing');
      connectSteps(definition, 'Condition', 'Fail', 'false');
      connectSteps(definition, 'Condition', 'Processing', 'dependsOn');
    });
    expect(file.definition.Steps.map((step) => step.Name)).toEqual(['Condition', 'Processing']);
    expect((file.definition.Steps[0]!.Arguments as { ElseSteps: { Name: string }[] }).ElseSteps.map((step) => step.Name)).toEqual(['Fail']);
    expect(file.definition.Steps[1]!.DependsOn).toEqual(['Condition']);
  });

  it('puts each problem on the steps it names: a cycle on every step in it, a dangling reference on its reader', () => {
    const cycle = drawn((definition) => {
      for (const type of ['Fail', 'Condition', 'Condition']) addStep(definition, type);
      connectSteps(definition, 'Condition', 'Condition2', 'dependsOn');
      connectSteps(definition, 'Condition2', 'Condition', 'dependsOn');
    });
    expect(designProblems(cycle)).toEqual([
      { message: expect.stringMatching(/^Steps form a cycle: /), steps: expect.arrayContaining(['Condition', 'Condition2']) },
    ]);

    const dangling = drawn((definition) => {
      addStep(definition, 'Processing');
      addStep(definition, 'Model');
      connectSteps(definition, 'Processing', 'Model', 'data');
      removeStep(definition, 'Processing');
    });
    expect(designProblems(dangling)).toEqual([
      { message: 'Step "Model" Arguments.PrimaryContainer.ModelDataUrl refers to unknown step "Processing"', steps: ['Model'] },
    ]);
  });

  it('renaming a step renames what reads it', () => {
    const file = drawn((definition) => {
      addStep(definition, 'Processing');
      addStep(definition, 'Model');
      addStep(definition, 'Fail');
      connectSteps(definition, 'Processing', 'Model', 'data');
      connectSteps(definition, 'Processing', 'Fail', 'dependsOn');
      renameStep(definition, 'Processing', 'Prepare');
    });
    expect((file.definition.Steps[1]!.Arguments as { PrimaryContainer: { ModelDataUrl: unknown } }).PrimaryContainer.ModelDataUrl).toEqual({
      Get: "Steps.Prepare.ProcessingOutputConfig.Outputs['output'].S3Output.S3Uri",
    });
    expect(file.definition.Steps[2]!.DependsOn).toEqual(['Prepare']);
  });

  it('an edit that changes nothing writes nothing; a move writes positions under Metadata and keeps the rest of the bytes', () => {
    const text = readGolden('abalone');
    const file = readPipelineFile(text);
    expect(editDefinition(file, () => undefined)).toBeUndefined();
    const moved = readPipelineFile(writePipelineFile(file, new Map([[file.definition.Steps[0]!.Name, { x: 10.4, y: 20.6 }]])));
    expect(moved.designer.Positions).toEqual({ [file.definition.Steps[0]!.Name]: { x: 10, y: 21 } });
    expect(designerGraph(moved).nodes[0]!.position).toEqual({ x: 10, y: 21 });
    const { Metadata: _metadata, ...rest } = moved.definition;
    const { Metadata: _original, ...before } = file.definition;
    expect(rest).toEqual(before);
  });

  it('the settings write PipelineExperimentConfig as the SDK does: its default, names of their own, or null (off)', () => {
    const custom = new PipelineExperimentConfig({ experimentName: 'churn', trialName: ExecutionVariables.PipelineExecutionId });
    const on = drawn((definition) => setExperimentConfig(definition, 'default'));
    expect(on.definition.PipelineExperimentConfig).toEqual(defaultExperimentConfig.toJsonValue());
    expect(on.definition.PipelineExperimentConfig).toEqual({
      ExperimentName: { Get: 'Execution.PipelineName' },
      TrialName: { Get: 'Execution.PipelineExecutionId' },
    });
    const named = readPipelineFile(
      editDefinition(on, (definition) => setExperimentConfig(definition, { ExperimentName: 'churn', TrialName: { Get: 'Execution.PipelineExecutionId' } }))!,
    );
    expect(named.definition.PipelineExperimentConfig).toEqual(custom.toJsonValue());
    const off = editDefinition(named, (definition) => setExperimentConfig(definition, null))!;
    expect(off).toContain('"PipelineExperimentConfig": null');
  });

  it("the palette's Notebook writes the Training step the SDK's NotebookStep writes (as SageMaker's NotebookJobStep does)", () => {
    expect(paletteTypes).toContain('Notebook');
    const file = drawn((definition) => void addStep(definition, 'Notebook'));
    const drawnStep = file.definition.Steps[0]!;
    expect([drawnStep.Name, drawnStep.Type, paletteTypeOf(drawnStep)]).toEqual(['Notebook', 'Training', 'Notebook']);
    const folder = mkdtempSync(join(tmpdir(), 'designer-notebook-'));
    try {
      const notebook = join(folder, 'notebook.ipynb');
      writeFileSync(notebook, JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
      const sdkStep = new NotebookStep({
        name: 'Notebook',
        notebookJobName: 'Notebook',
        notebook,
        kernel: 'python3',
        imageUri: '',
        roleArn: localRole,
        s3RootUri: 's3://bucket',
      });
      const written = JSON.parse(new Pipeline({ name: 'p', steps: [sdkStep] }).definition()).Steps[0];
      const args = drawnStep.Arguments as Record<string, unknown>;
      // The same request, key for key; only where the notebook is uploaded and where its output goes differ.
      expect(Object.keys(args)).toEqual(Object.keys(written.Arguments).filter((key) => key !== 'HyperParameters'));
      for (const key of [
        'TrainingJobName',
        'RoleArn',
        'RetryStrategy',
        'StoppingCondition',
        'AlgorithmSpecification',
        'ResourceConfig',
        'Tags',
        'Environment',
      ]) {
        expect([key, args[key]]).toEqual([key, written.Arguments[key]]);
      }
      expect((args.InputDataConfig as { ChannelName: string }[])[0]!.ChannelName).toBe(written.Arguments.InputDataConfig[0].ChannelName);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
