// @ts-check
// Benchmark (figures, not a test): definition() and validation of a generated 1,000-step pipeline with
// chains, fan-outs, property references and conditions. Goal: each under 100 ms on the 2-core machine.
import { performance } from 'node:perf_hooks';
import {
  ConditionGreaterThan,
  ConditionStep,
  JsonGet,
  ParameterInteger,
  Pipeline,
  ProcessingStep,
  PropertyFile,
  TrainingStep,
  validateDefinition,
  pyJsonLoads,
} from 'sluice';

const STEPS = 1000;
const RUNS = 15;
const role = 'arn:aws:iam::123456789012:role/SageMakerRole';

function buildPipeline() {
  const count = new ParameterInteger({ name: 'InstanceCount', defaultValue: 1 });
  /** @type {import('sluice').Step[]} */
  const steps = [];
  /** @type {ProcessingStep | undefined} */
  let previous;
  const report = new PropertyFile({ name: 'Report', outputName: 'out', path: 'report.json' });
  // Blocks of 10: a chain of processing steps, a fan-out of trainings reading the chain's output, and a condition.
  while (steps.length < STEPS) {
    const block = steps.length;
    const prep = new ProcessingStep({
      name: `Prep-${block}`,
      imageUri: 'img',
      roleArn: role,
      instanceType: 'ml.m5.xlarge',
      instanceCount: count,
      code: 's3://bucket/code/prep.py',
      inputs: previous ? [{ source: previous.properties.ProcessingOutputConfig.Outputs.get('out').S3Output.S3Uri, destination: '/opt/ml/processing/in' }] : [],
      outputs: [{ outputName: 'out', source: '/opt/ml/processing/out' }],
      propertyFiles: [report],
    });
    steps.push(prep);
    for (let i = 0; i < 7 && steps.length < STEPS - 1; i++) {
      steps.push(
        new TrainingStep({
          name: `Train-${block}-${i}`,
          imageUri: 'img',
          roleArn: role,
          instanceType: 'ml.m5.xlarge',
          outputPath: 's3://bucket/models',
          inputs: { train: prep.properties.ProcessingOutputConfig.Outputs.get('out').S3Output.S3Uri },
          hyperparameters: { depth: i, eta: 0.1 },
        }),
      );
    }
    if (steps.length < STEPS) {
      steps.push(
        new ConditionStep({
          name: `Check-${block}`,
          conditions: [new ConditionGreaterThan({ left: new JsonGet({ step: prep, propertyFile: report, jsonPath: 'score' }), right: 0.5 })],
          ifSteps: [],
          elseSteps: [],
        }),
      );
    }
    previous = prep;
  }
  return new Pipeline({ name: 'Bench', parameters: [count], steps, defaultBucket: 'bucket' });
}

/** @param {() => unknown} action */
function median(action) {
  const times = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const pipeline = buildPipeline();
const text = pipeline.definition();
const json = pyJsonLoads(text);
const figures = [
  ['build 1,000 step objects', median(buildPipeline)],
  ['definition() (compile + validate + write)', median(() => pipeline.definition())],
  ['validation alone', median(() => validateDefinition(json))],
  ['Pipeline.fromDefinition (parse + validate)', median(() => Pipeline.fromDefinition(text))],
];
console.log(`SDK, a ${pipeline.steps.length}-step pipeline (${(text.length / 1024).toFixed(0)} KiB of definition), median of ${RUNS} runs:`);
for (const [label, ms] of figures)
  console.log(
    `  ${String(label).padEnd(44)} ${Number(ms).toFixed(1).padStart(7)} ms${label === 'build 1,000 step objects' ? '' : Number(ms) < 100 ? '   (goal < 100 ms: met)' : '   (goal < 100 ms: missed)'}`,
  );
