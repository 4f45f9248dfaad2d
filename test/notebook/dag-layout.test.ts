// The notebook's pipeline picture: drawn left to right, every edge leaves its source's right side, enters its
// target's left side, and never runs behind a step box (the old picture routed edges to Register behind Fail).
import { jest } from '@jest/globals';
import { join } from 'node:path';
import * as sluice from '../../kernel-lib/src/index.js';
import { repoRoot } from '../../scripts/lib/paths.mjs';
import { abalonePipeline } from '../fixtures/abalone/pipeline.js';

const {
  ConditionLessThanOrEqualTo,
  ConditionStep,
  FailStep,
  Join,
  JsonGet,
  Model,
  ModelStep,
  ParameterFloat,
  ParameterString,
  Pipeline,
  ProcessingStep,
  PropertyFile,
  TrainingStep,
  dagSvg,
  pipelineGraph,
} = sluice;

// The templates import "sluice" as a project does; here that is this checkout's source.
jest.unstable_mockModule('sluice', () => sluice);

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Point {
  x: number;
  y: number;
}
interface DrawnEdge {
  from: string;
  to: string;
  points: Point[];
}

/** The getting-started notebook's pipeline, cell for cell. */
function gettingStartedPipeline(): sluice.Pipeline {
  const code = (file: string): string => join(repoRoot, 'notebooks', 'getting-started', file);
  const role = 'arn:aws:iam::000000000000:role/SluiceLocal';
  const image = 'sluice/node:20';
  const inputData = new ParameterString({ name: 'InputData', defaultValue: 's3://b/getting-started/data.csv' });
  const ridge = new ParameterFloat({ name: 'Ridge', defaultValue: 0.01 });
  const mseThreshold = new ParameterFloat({ name: 'MseThreshold', defaultValue: 0.1 });
  const approvalStatus = new ParameterString({ name: 'ModelApprovalStatus', defaultValue: 'PendingManualApproval' });
  const prepare = new ProcessingStep({
    name: 'Prepare',
    imageUri: image,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    code: code('prepare.ts'),
    inputs: [{ source: inputData, destination: '/opt/ml/processing/input' }],
    outputs: ['train', 'validation', 'test'].map((name) => ({ outputName: name, source: `/opt/ml/processing/${name}` })),
  });
  const train = new TrainingStep({
    name: 'Train',
    imageUri: image,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    outputPath: 's3://b/getting-started/models',
    code: code('train.ts'),
    hyperparameters: { ridge },
    inputs: {
      train: { s3Data: prepare.properties.ProcessingOutputConfig.Outputs.get('train').S3Output.S3Uri, contentType: 'text/csv' },
      validation: { s3Data: prepare.properties.ProcessingOutputConfig.Outputs.get('validation').S3Output.S3Uri, contentType: 'text/csv' },
    },
  });
  const report = new PropertyFile({ name: 'EvaluationReport', outputName: 'evaluation', path: 'evaluation.json' });
  const evaluate = new ProcessingStep({
    name: 'Evaluate',
    imageUri: image,
    roleArn: role,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    code: code('evaluate.ts'),
    inputs: [
      { source: train.properties.ModelArtifacts.S3ModelArtifacts, destination: '/opt/ml/processing/model' },
      { source: prepare.properties.ProcessingOutputConfig.Outputs.get('test').S3Output.S3Uri, destination: '/opt/ml/processing/test' },
    ],
    outputs: [{ outputName: 'evaluation', source: '/opt/ml/processing/evaluation' }],
    propertyFiles: [report],
  });
  const register = new ModelStep({
    name: 'Register',
    stepArgs: new Model({ imageUri: image, modelData: train.properties.ModelArtifacts.S3ModelArtifacts, roleArn: role }).register({
      contentTypes: ['text/csv'],
      responseTypes: ['text/csv'],
      inferenceInstances: ['ml.m5.large'],
      transformInstances: ['ml.m5.large'],
      modelPackageGroupName: 'GettingStartedModels',
      approvalStatus,
      modelMetrics: {
        modelQuality: {
          statistics: {
            s3Uri: new Join({ on: '/', values: [evaluate.properties.ProcessingOutputConfig.Outputs.get('evaluation').S3Output.S3Uri, 'evaluation.json'] }),
            contentType: 'application/json',
          },
        },
      },
    }),
  });
  const tooHigh = new FailStep({ name: 'MseTooHigh', errorMessage: new Join({ on: ' ', values: ['The test MSE is above', mseThreshold] }) });
  const check = new ConditionStep({
    name: 'CheckMse',
    conditions: [
      new ConditionLessThanOrEqualTo({
        left: new JsonGet({ step: evaluate, propertyFile: report, jsonPath: 'regression_metrics.mse.value' }),
        right: mseThreshold,
      }),
    ],
    ifSteps: [register],
    elseSteps: [tooHigh],
  });
  return new Pipeline({
    name: 'GettingStarted',
    parameters: [inputData, ridge, mseThreshold, approvalStatus],
    steps: [prepare, train, evaluate, check],
    defaultBucket: 'b',
  });
}

async function templatePipeline(template: string, folder: string): Promise<sluice.Pipeline> {
  const { getPipeline } = (await import(join(repoRoot, 'kernel-lib', 'templates', template, 'pipelines', folder, 'pipeline.ts'))) as {
    getPipeline: (options: { projectRoot: string }) => sluice.Pipeline;
  };
  return getPipeline({ projectRoot: join(repoRoot, 'kernel-lib', 'templates', template) });
}

function attribute(tag: string, name: string): string {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  if (match === null) throw new Error(`no ${name} in ${tag}`);
  return match[1];
}

function boxesOf(svg: string): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const match of svg.matchAll(/<g class="step[^"]*" data-step="([^"]+)"[^>]*>.*?(<rect [^>]*>)/g)) {
    const rect = match[2];
    boxes.set(match[1], {
      x: Number(attribute(rect, 'x')),
      y: Number(attribute(rect, 'y')),
      width: Number(attribute(rect, 'width')),
      height: Number(attribute(rect, 'height')),
    });
  }
  return boxes;
}

/** The points an edge's path passes through, its curves sampled finely. */
function flatten(d: string): Point[] {
  const points: Point[] = [];
  for (const [, command, args] of d.matchAll(/([MLC])([^MLC]*)/g)) {
    const numbers = args
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (command !== 'C') {
      points.push({ x: numbers[0], y: numbers[1] });
      continue;
    }
    const start = points[points.length - 1];
    const [c1x, c1y, c2x, c2y, x, y] = numbers;
    for (let step = 1; step <= 24; step++) {
      const t = step / 24;
      const u = 1 - t;
      points.push({
        x: u ** 3 * start.x + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t ** 3 * x,
        y: u ** 3 * start.y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t ** 3 * y,
      });
    }
  }
  return points;
}

function edgesOf(svg: string): DrawnEdge[] {
  return [...svg.matchAll(/<g class="edge[^"]*" data-from="([^"]+)" data-to="([^"]+)"[^>]*><path d="([^"]+)"/g)].map((match) => ({
    from: match[1],
    to: match[2],
    points: flatten(match[3]),
  }));
}

/** Whether the segment a–b passes through the inside of the box (its border excluded). */
function crosses(a: Point, b: Point, box: Box): boolean {
  const inset = 0.75;
  const left = box.x + inset;
  const right = box.x + box.width - inset;
  const top = box.y + inset;
  const bottom = box.y + box.height - inset;
  // Liang–Barsky clipping: does any part of the segment lie inside the rectangle?
  let t0 = 0;
  let t1 = 1;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  for (const [p, q] of [
    [-dx, a.x - left],
    [dx, right - a.x],
    [-dy, a.y - top],
    [dy, bottom - a.y],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return false;
    }
  }
  return true;
}

const pipelines: [string, () => Promise<sluice.Pipeline>, number][] = [
  [
    'abalone (the tests’ fixture)',
    async () => abalonePipeline({ name: 'Abalone', bucket: 'b', inputDataUrl: 's3://b/abalone.csv', modelPackageGroupName: 'AbaloneModels' }),
    5,
  ],
  ['abalone (the model-building template, with its Fail step)', () => templatePipeline('model-building-and-training', 'abalone'), 6],
  ['getting-started', async () => gettingStartedPipeline(), 6],
  ['classification (the template)', () => templatePipeline('classification', 'churn'), 6],
];

describe.each(pipelines)('the %s picture', (_name, build, stepCount) => {
  let svg: string;
  let boxes: Map<string, Box>;
  let edges: DrawnEdge[];

  beforeAll(async () => {
    const pipeline = await build();
    const graph = pipelineGraph(pipeline.definition());
    svg = dagSvg(graph);
    boxes = boxesOf(svg);
    edges = edgesOf(svg);
    expect(boxes.size).toBe(stepCount);
    expect(edges).toHaveLength(graph.edges.length);
  });

  it('draws no edge through any step box', () => {
    const crossings: string[] = [];
    for (const edge of edges) {
      for (const [name, box] of boxes) {
        const through = edge.points.slice(1).some((point, index) => crosses(edge.points[index], point, box));
        if (through) crossings.push(`${edge.from} → ${edge.to} runs through ${name}`);
      }
    }
    expect(crossings).toEqual([]);
  });

  it('starts every edge on its source’s right side and ends it on its target’s left side, arriving from the left', () => {
    for (const edge of edges) {
      const from = boxes.get(edge.from)!;
      const to = boxes.get(edge.to)!;
      const first = edge.points[0];
      const [before, last] = edge.points.slice(-2);
      expect({ edge: `${edge.from} → ${edge.to}`, leaves: first.x, arrives: last.x }).toEqual({
        edge: `${edge.from} → ${edge.to}`,
        leaves: from.x + from.width,
        arrives: to.x,
      });
      expect(first.y).toBeGreaterThan(from.y);
      expect(first.y).toBeLessThan(from.y + from.height);
      expect(last.y).toBeGreaterThan(to.y);
      expect(last.y).toBeLessThan(to.y + to.height);
      expect(before.x).toBeLessThan(last.x);
    }
  });

  it('lays the steps out left to right, each edge pointing rightwards, with no two boxes overlapping', () => {
    for (const edge of edges) expect(boxes.get(edge.to)!.x).toBeGreaterThan(boxes.get(edge.from)!.x + boxes.get(edge.from)!.width);
    const all = [...boxes.values()];
    for (const [index, box] of all.entries()) {
      for (const other of all.slice(index + 1)) {
        const apart = box.x + box.width <= other.x || other.x + other.width <= box.x || box.y + box.height <= other.y || other.y + other.height <= box.y;
        expect(apart).toBe(true);
      }
    }
  });

  it('writes every step’s full name in its box', () => {
    const names = [...svg.matchAll(/<text [^>]*font-weight="600"[^>]*>(.*?)<\/text>/g)].map((match) => match[1].replace(/<[^>]+>/g, ''));
    expect(names.sort()).toEqual([...boxes.keys()].sort());
  });
});

describe('an execution’s picture of a condition', () => {
  it('greys the branch the condition did not take and the step on it that did not run, and keeps the taken one', async () => {
    const { conditionOutcomes } = await import('../../kernel-lib/src/notebook/dag-svg.js');
    const graph = pipelineGraph(gettingStartedPipeline().definition());
    const steps = ['Prepare', 'Train', 'Evaluate', 'CheckMse', 'Register-RegisterModel'].map((name) => ({
      StepName: name,
      StepStatus: 'Succeeded' as const,
      ...(name === 'CheckMse' ? { Metadata: { Condition: { Outcome: 'True' as const } } } : {}),
    }));
    const svg = dagSvg(graph, { statuses: new Map(steps.map((step) => [step.StepName, step.StepStatus])), outcomes: conditionOutcomes(steps) });
    const edge = (to: string): string => new RegExp(`<g class="edge[^"]*" data-from="CheckMse" data-to="${to}"[^>]*>`).exec(svg)?.[0] ?? '';
    expect(edge('MseTooHigh')).toContain('data-branch="untaken"');
    expect(edge('MseTooHigh')).toContain('untaken');
    expect(edge('Register-RegisterModel')).toContain('data-branch="taken"');
    const step = (name: string): string => new RegExp(`<g class="[^"]*" data-step="${name}"[^>]*>.*?</g>`).exec(svg)?.[0] ?? '';
    expect(step('MseTooHigh')).toMatch(/^<g class="step untaken"[^>]*opacity="0.45"/);
    expect(step('MseTooHigh')).toContain('Fail · not taken');
    expect(step('Register-RegisterModel')).toMatch(/^<g class="step"/);
    // Before the condition has run, neither branch is greyed.
    expect(dagSvg(graph)).not.toContain('untaken');
  });
});
