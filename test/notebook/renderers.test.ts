import { jest } from '@jest/globals';
import { inspect } from 'node:util';
import type { DescribePipelineExecutionCommandOutput, PipelineExecutionStep } from '@aws-sdk/client-sagemaker';
import {
  ConditionEquals,
  ConditionStep,
  FailStep,
  ParameterInteger,
  ParameterString,
  Pipeline,
  ProcessingStep,
  dagSvg,
  executionView,
  parametersView,
  pipelineGraph,
  setDisplayBackend,
  show,
  type DisplayBackend,
} from '../../kernel-lib/src/index.js';
import { progressLines, stepProgress } from '../../kernel-lib/src/notebook/execution-view.js';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';

const abalone = abalonePipeline({ name: 'Abalone', bucket: 'b', inputDataUrl: 's3://b/abalone.csv', modelPackageGroupName: 'AbaloneModels' });
const abaloneSteps = ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation', 'RegisterAbaloneModel-RegisterModel'];

/** A pipeline with every edge kind: data, DependsOn, and both branches of a condition. */
function branchingPipeline(): Pipeline {
  const mode = new ParameterString({ name: 'Mode', defaultValue: 'full', enumValues: ['full', 'quick'] });
  const prepare = new ProcessingStep({
    name: 'Prepare',
    imageUri: 'node',
    roleArn: 'r',
    instanceType: 'local',
    instanceCount: 1,
    entrypoint: ['node', '-e', '0'],
    outputs: [{ outputName: 'data', source: '/opt/ml/processing/data' }],
  });
  const audit = new ProcessingStep({
    name: 'Audit',
    imageUri: 'node',
    roleArn: 'r',
    instanceType: 'local',
    instanceCount: 1,
    entrypoint: ['node', '-e', '0'],
    dependsOn: [prepare],
  });
  const use = new ProcessingStep({
    name: 'Use',
    imageUri: 'node',
    roleArn: 'r',
    instanceType: 'local',
    instanceCount: 1,
    entrypoint: ['node', '-e', '0'],
    inputs: [{ source: prepare.properties.ProcessingOutputConfig.Outputs.get('data').S3Output.S3Uri, destination: '/opt/ml/processing/in' }],
  });
  const stop = new FailStep({ name: 'Stop', errorMessage: 'quick mode' });
  const check = new ConditionStep({
    name: 'Check',
    conditions: [new ConditionEquals({ left: mode, right: 'full' })],
    ifSteps: [use],
    elseSteps: [stop],
    dependsOn: [audit],
  });
  return new Pipeline({ name: 'Branching', parameters: [mode, new ParameterInteger({ name: 'Count' })], steps: [prepare, audit, check], defaultBucket: 'b' });
}

function fakeTslab(): { backend: DisplayBackend; sent: { mime: string; body: string; display: string }[] } {
  const sent: { mime: string; body: string; display: string }[] = [];
  const sink = (display: string) => ({
    html: (body: string) => sent.push({ mime: 'text/html', body, display }),
    svg: (body: string) => sent.push({ mime: 'image/svg+xml', body, display }),
    text: (body: string) => sent.push({ mime: 'text/plain', body, display }),
  });
  let count = 0;
  return { backend: { display: sink('display'), newDisplay: () => sink(`live-${++count}`) }, sent };
}

function stepGroup(svg: string, name: string): string {
  const match = new RegExp(`<g class="step" data-step="${name}"[^>]*>.*?</g>`).exec(svg);
  if (match === null) throw new Error(`no box for ${name}`);
  return match[0];
}

describe('the pipeline graph', () => {
  it("has every step of the abalone pipeline, with the registered model inside the condition's true branch", () => {
    const graph = pipelineGraph(abalone.definition());
    expect(graph.nodes.map((node) => node.name)).toEqual(abaloneSteps);
    expect(graph.edges).toEqual(
      expect.arrayContaining([
        { from: 'PreprocessAbaloneData', to: 'TrainAbaloneModel', kind: 'data' },
        { from: 'EvaluateAbaloneModel', to: 'CheckMSEAbaloneEvaluation', kind: 'data' },
        { from: 'CheckMSEAbaloneEvaluation', to: 'RegisterAbaloneModel-RegisterModel', kind: 'true' },
        { from: 'TrainAbaloneModel', to: 'RegisterAbaloneModel-RegisterModel', kind: 'data' },
      ]),
    );
  });

  it('tells data edges from DependsOn edges and labels the branches', () => {
    const graph = pipelineGraph(branchingPipeline().definition());
    expect(graph.edges).toEqual([
      { from: 'Prepare', to: 'Audit', kind: 'dependsOn' },
      { from: 'Audit', to: 'Check', kind: 'dependsOn' },
      { from: 'Check', to: 'Use', kind: 'true' },
      { from: 'Prepare', to: 'Use', kind: 'data' },
      { from: 'Check', to: 'Stop', kind: 'false' },
    ]);
  });
});

describe('the DAG picture', () => {
  it('draws one box per step with its type, data edges solid, DependsOn dashed, branches labelled', () => {
    const svg = dagSvg(pipelineGraph(branchingPipeline().definition()));
    for (const [name, type] of [
      ['Prepare', 'Processing'],
      ['Audit', 'Processing'],
      ['Check', 'Condition'],
      ['Use', 'Processing'],
      ['Stop', 'Fail'],
    ]) {
      expect(stepGroup(svg, name)).toContain(`>${type}</text>`);
    }
    const edge = (kind: string) => new RegExp(`<g class="edge edge-${kind}"[^>]*>(.*?)</g>`).exec(svg)?.[1] ?? '';
    expect(edge('dependsOn')).toContain('stroke-dasharray');
    expect(edge('data')).not.toContain('stroke-dasharray');
    expect(edge('true')).toContain('>true</text>');
    expect(edge('false')).toContain('>false</text>');
  });

  it('places a step to the right of every step it waits for, as the panel does', () => {
    const svg = dagSvg(pipelineGraph(abalone.definition()));
    const left = (name: string) => Number(/<rect x="([\d.]+)"/.exec(stepGroup(svg, name))?.[1]);
    expect(left('PreprocessAbaloneData')).toBeLessThan(left('TrainAbaloneModel'));
    expect(left('TrainAbaloneModel')).toBeLessThan(left('EvaluateAbaloneModel'));
    expect(left('CheckMSEAbaloneEvaluation')).toBeLessThan(left('RegisterAbaloneModel-RegisterModel'));
  });
});

describe("an execution's picture", () => {
  const started = new Date('2026-01-01T10:00:00Z');
  const at = (seconds: number) => new Date(started.getTime() + seconds * 1000);
  const described: DescribePipelineExecutionCommandOutput = {
    $metadata: {},
    PipelineArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/branching',
    PipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/branching/execution/abc123',
    PipelineExecutionStatus: 'Failed',
    CreationTime: started,
    LastModifiedTime: at(30),
  };
  const steps: PipelineExecutionStep[] = [
    {
      StepName: 'Prepare',
      StepStatus: 'Succeeded',
      StartTime: at(0),
      EndTime: at(12),
      AttemptCount: 1,
      CacheHitResult: { SourcePipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:000000000000:pipeline/branching/execution/old1' },
    },
    { StepName: 'Audit', StepStatus: 'Executing', StartTime: at(12), AttemptCount: 2 },
    { StepName: 'Check', StepStatus: 'Failed', StartTime: at(12), EndTime: at(13), AttemptCount: 1, FailureReason: 'the condition could not be evaluated' },
  ];
  const graph = pipelineGraph(branchingPipeline().definition());

  it('colours each box by its step status and leaves steps that did not run white', () => {
    const { html } = executionView({ described, steps, graph, now: at(20) });
    expect(stepGroup(html ?? '', 'Prepare')).toContain('stroke="#1e8e3e"');
    expect(stepGroup(html ?? '', 'Audit')).toContain('stroke="#1a73e8"');
    expect(stepGroup(html ?? '', 'Check')).toContain('fill="#fce8e6"');
    expect(stepGroup(html ?? '', 'Use')).toContain('fill="#ffffff"');
    expect(stepGroup(html ?? '', 'Check')).toContain('data-status="Failed"');
  });

  it('lists status, start, duration, cache hit, attempt and failure reason, and the failure with its log tail', () => {
    const view = executionView({
      described,
      steps,
      graph,
      now: at(20),
      failure: { stepName: 'Check', reason: 'the condition could not be evaluated', logTail: ['line 1', 'boom <here>'] },
    });
    expect(view.text).toContain('Execution abc123 of branching: Failed after 30s');
    expect(view.text).toMatch(/Prepare\s+✓ Succeeded\s+\d\d:\d\d:\d\d\s+12s\s+cache hit from old1\s+1/);
    expect(view.text).toMatch(/Audit\s+… Executing\s+\d\d:\d\d:\d\d\s+8s\s+2/);
    expect(view.text).toContain('Step Check failed: the condition could not be evaluated');
    expect(view.text).toContain('  | boom <here>');
    expect(view.html).toContain('boom &lt;here&gt;');
  });

  it("says what a running step's job is busy with before its program runs, and progress lines say it once", () => {
    const notes = new Map([['Audit', 'creating environment for sagemaker-scikit-learn:1.2-1: 14 packages']]);
    const view = executionView({ described, steps, graph, now: at(20), notes });
    expect(view.text).toMatch(/Audit\s+… Executing · creating environment for sagemaker-scikit-learn:1\.2-1: 14 packages/);
    expect(view.html).toContain('Executing · creating environment for sagemaker-scikit-learn:1.2-1');
    const first = progressLines(new Map(), steps, at(20), notes);
    expect(first.find((line) => line.includes('Audit'))).toContain('Audit Executing (creating environment for sagemaker-scikit-learn:1.2-1: 14 packages)');
    const seen = new Map(steps.map((step) => [step.StepName ?? '', stepProgress(step, notes)]));
    expect(progressLines(seen, steps, at(21), notes)).toEqual([]);
    // The environment is ready and the program runs: one more line, without the note.
    expect(progressLines(seen, steps, at(22), new Map())).toEqual([expect.stringMatching(/Audit Executing$/)]);
  });
});

describe('showing things without a tslab kernel', () => {
  afterEach(() => setDisplayBackend(undefined));

  it('prints the text form when tslab says "Not ready", and never throws', () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(() => show(branchingPipeline())).not.toThrow();
      expect(() => show(branchingPipeline().parameters)).not.toThrow();
      expect(log.mock.calls[0][0]).toContain('Pipeline Branching: 5 steps, 2 parameters');
      expect(log.mock.calls[0][0]).toContain('Use (Processing) ← Check is true, Prepare');
      expect(log.mock.calls[1][0]).toMatch(/Mode\s+String\s+full\s+full, quick/);
      expect(log.mock.calls[1][0]).toMatch(/Count\s+Integer\s+\(required\)/);
    } finally {
      log.mockRestore();
    }
  });

  it("gives the text form as a cell's last value (util.inspect) and a one-line summary inside an array", () => {
    const pipeline = branchingPipeline();
    expect(inspect(pipeline)).toContain('Stop (Fail) ← Check is false');
    expect(inspect([pipeline])).toBe('[ Pipeline Branching (3 steps) ]');
  });

  it('sends the SVG through the display API when there is one, and prints nothing more', () => {
    const { backend, sent } = fakeTslab();
    setDisplayBackend(backend);
    expect(inspect(abalone)).toBe('');
    expect(sent).toHaveLength(1);
    expect(sent[0].mime).toBe('image/svg+xml');
    for (const name of abaloneSteps) expect(sent[0].body).toContain(`data-step="${name}"`);
    show(abalone.parameters);
    expect(sent[1].mime).toBe('text/html');
    expect(sent[1].body).toContain('<td style="text-align:left;padding:2px 10px;vertical-align:top">MseThreshold</td>');
  });

  it('renders the parameters with their types and defaults', () => {
    const { html } = parametersView(abalone.parameters);
    expect(html).toMatch(/ProcessingInstanceCount<\/td><td[^>]*>Integer<\/td><td[^>]*>1</);
    expect(html).toMatch(/MseThreshold<\/td><td[^>]*>Float<\/td><td[^>]*>6</);
  });
});
