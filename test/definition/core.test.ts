/**
 * One definition, one graph: the definition core reads the SDK goldens, the abalone template's pipeline and a
 * definition with every kind of edge; the engine, the notebook's picture and the panel's graph are built from it
 * and agree edge for edge.
 */
import { readFileSync } from 'node:fs';
import {
  formatDuration,
  isTerminalExecutionStatus,
  jobKindOf,
  jobOf,
  parseReference,
  pipelineGraph,
  processingJobOutputs,
  trainingJobOutputs,
  transformJobOutputs,
  type PipelineGraph,
} from '../../kernel-lib/src/definition/index.js';
import { buildGraph, parseDefinition } from '../../kernel-lib/src/engine/index.js';
import { dagSvg } from '../../kernel-lib/src/notebook/dag-svg.js';
import { definitionToGraph } from '../../labextension/src/model/graph.js';
import { readGolden } from '../sdk/goldens.js';

/** Every kind of edge, and the pairs where two kinds meet (data beats DependsOn, a branch beats data). */
const everyEdgeKind = JSON.stringify({
  Version: '2020-12-01',
  Parameters: [{ Name: 'Threshold', Type: 'Float', DefaultValue: 0.5 }],
  Steps: [
    { Name: 'Prep', Type: 'Processing', Arguments: {}, PropertyFiles: [{ PropertyFileName: 'Report', OutputName: 'report', FilePath: 'report.json' }] },
    {
      Name: 'Train',
      Type: 'Training',
      Arguments: { InputDataConfig: [{ S3Uri: { Get: "Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri" } }] },
    },
    { Name: 'Audit', Type: 'Processing', Arguments: {}, DependsOn: ['Prep'] },
    { Name: 'Evaluate', Type: 'Processing', Arguments: { Model: { Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' } }, DependsOn: ['Train', 'Audit'] },
    {
      Name: 'Check',
      Type: 'Condition',
      Arguments: {
        Conditions: [
          {
            Type: 'GreaterThanOrEqualTo',
            LeftValue: { 'Std:JsonGet': { PropertyFile: { Get: 'Steps.Prep.PropertyFiles.Report' }, Path: 'accuracy' } },
            RightValue: { Get: 'Parameters.Threshold' },
          },
        ],
        IfSteps: [
          {
            Name: 'Register',
            Type: 'RegisterModel',
            Arguments: { ModelUrl: { 'Std:Join': { On: '/', Values: [{ Get: 'Steps.Train.ModelArtifacts.S3ModelArtifacts' }, 'model.tar.gz'] } } },
          },
          {
            Name: 'Inner',
            Type: 'Condition',
            Arguments: {
              Conditions: [{ Type: 'Equals', LeftValue: { Get: 'Steps.Evaluate.ProcessingOutputConfig.Outputs[0].S3Output.S3Uri' }, RightValue: 'x' }],
              IfSteps: [{ Name: 'Deploy', Type: 'Lambda', FunctionArn: 'arn:aws:lambda:us-east-1:0:function:deploy', Arguments: {}, DependsOn: ['Register'] }],
              ElseSteps: [],
            },
          },
        ],
        ElseSteps: [{ Name: 'Stop', Type: 'Fail', Arguments: { ErrorMessage: { Get: 'Steps.Check.Outcome' } } }],
      },
    },
  ],
});

const abaloneTemplate = readFileSync(new URL('../panel/fixtures/abalone-definition.json', import.meta.url), 'utf8');

const cases: { name: string; definition: string; steps: string[]; edges: string[] }[] = [
  {
    name: 'the SDK golden abalone pipeline',
    definition: readGolden('abalone'),
    steps: ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation', 'RegisterAbaloneModel-RegisterModel'],
    edges: [
      'PreprocessAbaloneData -> TrainAbaloneModel (data)',
      'TrainAbaloneModel -> EvaluateAbaloneModel (data)',
      'PreprocessAbaloneData -> EvaluateAbaloneModel (data)',
      'EvaluateAbaloneModel -> CheckMSEAbaloneEvaluation (data)',
      'CheckMSEAbaloneEvaluation -> RegisterAbaloneModel-RegisterModel (true)',
      'TrainAbaloneModel -> RegisterAbaloneModel-RegisterModel (data)',
    ],
  },
  {
    name: 'the SDK golden kitchen sink',
    definition: readGolden('kitchen-sink'),
    steps: ['Prep', 'Train', 'Gate', 'MakeModel-CreateModel', 'BatchScore', 'Notify', 'Approve', 'Fail', 'Spark'],
    edges: [
      'Prep -> Train (data)',
      'Train -> Gate (data)',
      'Gate -> MakeModel-CreateModel (true)',
      'Train -> MakeModel-CreateModel (data)',
      'Gate -> BatchScore (true)',
      'MakeModel-CreateModel -> BatchScore (data)',
      'Train -> BatchScore (dependsOn)',
      'Gate -> Notify (true)',
      'Train -> Notify (data)',
      'Gate -> Approve (true)',
      'MakeModel-CreateModel -> Approve (data)',
      'Notify -> Approve (dependsOn)',
      'Gate -> Fail (false)',
    ],
  },
  {
    name: "the abalone template's pipeline",
    definition: abaloneTemplate,
    steps: ['PreprocessAbaloneData', 'TrainAbaloneModel', 'EvaluateAbaloneModel', 'CheckMSEAbaloneEvaluation', 'RegisterAbaloneModel-RegisterModel'],
    edges: [
      'PreprocessAbaloneData -> TrainAbaloneModel (data)',
      'TrainAbaloneModel -> EvaluateAbaloneModel (data)',
      'PreprocessAbaloneData -> EvaluateAbaloneModel (data)',
      'EvaluateAbaloneModel -> CheckMSEAbaloneEvaluation (data)',
      'CheckMSEAbaloneEvaluation -> RegisterAbaloneModel-RegisterModel (true)',
      'EvaluateAbaloneModel -> RegisterAbaloneModel-RegisterModel (data)',
      'TrainAbaloneModel -> RegisterAbaloneModel-RegisterModel (data)',
    ],
  },
  {
    name: 'a definition with every edge kind',
    definition: everyEdgeKind,
    // Each branch right after its condition, nested ones included.
    steps: ['Prep', 'Train', 'Audit', 'Evaluate', 'Check', 'Register', 'Inner', 'Deploy', 'Stop'],
    edges: [
      'Prep -> Train (data)',
      'Prep -> Audit (dependsOn)',
      // Read from and depended on: one edge, the data one.
      'Train -> Evaluate (data)',
      'Audit -> Evaluate (dependsOn)',
      // Std:JsonGet's PropertyFile is a reference to the step that writes the file.
      'Prep -> Check (data)',
      'Check -> Register (true)',
      // Std:Join's parts are references too.
      'Train -> Register (data)',
      'Check -> Inner (true)',
      'Evaluate -> Inner (data)',
      'Inner -> Deploy (true)',
      'Register -> Deploy (dependsOn)',
      // A branch step that reads its own condition: one edge, the branch.
      'Check -> Stop (false)',
    ],
  },
];

const written = (graph: PipelineGraph): string[] => graph.edges.map((edge) => `${edge.from} -> ${edge.to} (${edge.kind})`);

/** The edges the notebook's SVG draws, read back from its `edge edge-<kind>` groups. */
function svgEdges(svg: string): string[] {
  return [...svg.matchAll(/class="edge edge-(\w+)[^"]*" data-from="([^"]*)" data-to="([^"]*)"/g)].map(([, kind, from, to]) => `${from} -> ${to} (${kind})`);
}

describe.each(cases)('$name through the definition core', ({ definition, steps, edges }) => {
  const graph = pipelineGraph(definition);

  it('has one node per step, branch steps included, and one edge per pair of steps, of the decided kind', () => {
    expect(written(graph)).toEqual(edges);
    const pairs = graph.edges.map((edge) => `${edge.from} -> ${edge.to}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(graph.nodes.map((node) => node.name)).toEqual(steps);
  });

  it("draws the notebook's SVG from the core's graph, edge for edge", () => {
    expect(svgEdges(dagSvg(graph)).sort()).toEqual([...edges].sort());
  });

  it("builds the panel's graph from the core's graph, edge for edge, node for node", () => {
    const panel = definitionToGraph(definition);
    expect(panel.edges.map((edge) => `${edge.source} -> ${edge.target} (${edge.kind})`)).toEqual(edges);
    expect(panel.nodes.map((node) => [node.id, node.stepType, node.branchOf])).toEqual(graph.nodes.map((node) => [node.name, node.type, node.branchOf]));
  });

  it("makes the notebook's and the panel's graphs agree", () => {
    const notebook = svgEdges(dagSvg(pipelineGraph(definition))).sort();
    const panel = definitionToGraph(definition)
      .edges.map((edge) => `${edge.source} -> ${edge.target} (${edge.kind})`)
      .sort();
    expect(notebook).toEqual(panel);
  });

  it('lets the engine wait for exactly the steps the graph draws into each step', () => {
    const engine = buildGraph(parseDefinition(definition));
    for (const node of graph.nodes) {
      const into = graph.edges.filter((edge) => edge.to === node.name).map((edge) => edge.from);
      expect([node.name, [...(engine.get(node.name)?.dependencies ?? [])].sort()]).toEqual([node.name, into.sort()]);
    }
  });
});

describe('a reference', () => {
  it.each([
    ['Steps.Train.ModelArtifacts.S3ModelArtifacts', { root: 'Steps', step: 'Train', path: '.ModelArtifacts.S3ModelArtifacts' }],
    ["Steps.Prep.ProcessingOutputConfig.Outputs['train']", { root: 'Steps', step: 'Prep', path: ".ProcessingOutputConfig.Outputs['train']" }],
    ['Steps.Evaluate.PropertyFiles.Report', { root: 'Steps', step: 'Evaluate', path: '.PropertyFiles.Report' }],
    ["Steps.Notify['OutputParameters']", { root: 'Steps', step: 'Notify', path: "['OutputParameters']" }],
    ['Parameters.Threshold', { root: 'Parameters', name: 'Threshold' }],
    ['Execution.PipelineExecutionId', { root: 'Execution', name: 'PipelineExecutionId' }],
    ['Elsewhere.X', { root: 'unknown', text: 'Elsewhere.X' }],
  ])('%s is read one way everywhere', (text, parsed) => {
    expect(parseReference(text)).toEqual(parsed);
  });
});

describe("a step's job, its outputs, and how long it took", () => {
  it('names the job a step type runs and the job a step ran', () => {
    expect(['Processing', 'Training', 'Transform', 'Tuning', 'AutoML', 'Condition'].map(jobKindOf)).toEqual([
      'ProcessingJob',
      'TrainingJob',
      'TransformJob',
      'TuningJob',
      'AutoMLJob',
      undefined,
    ]);
    expect(jobOf({ Metadata: { TransformJob: { Arn: 'arn:aws:sagemaker:us-east-1:0:transform-job/pipelines-x-score' } } })).toEqual({
      kind: 'TransformJob',
      arn: 'arn:aws:sagemaker:us-east-1:0:transform-job/pipelines-x-score',
      name: 'pipelines-x-score',
    });
    expect(jobOf({ Metadata: {} })).toBeUndefined();
  });

  it("finds every job kind's outputs, a transform job's included", () => {
    expect(
      processingJobOutputs({
        ProcessingOutputConfig: { Outputs: [{ OutputName: 'train', S3Output: { S3Uri: 's3://b/train', LocalPath: '/x', S3UploadMode: 'EndOfJob' } }] },
      }),
    ).toEqual([{ name: 'train', uri: 's3://b/train' }]);
    expect(trainingJobOutputs({ ModelArtifacts: { S3ModelArtifacts: 's3://b/model.tar.gz' } })).toEqual([{ name: 'model', uri: 's3://b/model.tar.gz' }]);
    expect(transformJobOutputs({ TransformOutput: { S3OutputPath: 's3://b/scores' } })).toEqual([{ name: 'output', uri: 's3://b/scores' }]);
  });

  it('says a duration one way: tenths under ten seconds once finished, then seconds, minutes and hours', () => {
    expect([400, 9000, 45_000, 184_000, 7_260_000].map((ms) => formatDuration(ms))).toEqual(['0.4s', '9.0s', '45s', '3m 4s', '2h 1m']);
    expect(formatDuration(9400, { running: true })).toBe('9s');
    expect(['Succeeded', 'Failed', 'Stopped', 'Executing', 'Stopping', undefined].map(isTerminalExecutionStatus)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
