// A one-step pipeline to start from: a processing step running step.ts, with one parameter.
import { join } from 'node:path';
import { ParameterString, Pipeline, ProcessingStep } from 'sluice';

export interface GetPipelineOptions {
  pipelineName?: string;
  /** Unused by this pipeline; the project's model package group is ready for a register step of yours. */
  modelPackageGroupName?: string;
  baseJobPrefix?: string;
  defaultBucket?: string;
  roleArn?: string;
  /** The folder that holds pipelines/ (step code paths start there); default: the current directory. */
  projectRoot?: string;
}

export function getPipeline(options: GetPipelineOptions = {}): Pipeline {
  const greeting = new ParameterString({ name: 'Greeting', defaultValue: 'hello' });
  const step = new ProcessingStep({
    name: 'ExampleStep',
    imageUri: 'sluice/node:20',
    roleArn: options.roleArn ?? 'arn:aws:iam::000000000000:role/SluiceLocal',
    instanceType: 'ml.m5.large',
    instanceCount: 1,
    code: join(options.projectRoot ?? process.cwd(), 'pipelines', 'example', 'step.ts'),
    env: { GREETING: greeting },
    outputs: [{ outputName: 'result', source: '/opt/ml/processing/output' }],
  });
  return new Pipeline({
    name: options.pipelineName ?? 'ExamplePipeline',
    parameters: [greeting],
    steps: [step],
    // Where the step's code is uploaded; the session's bucket when run from the notebook or run-pipeline.
    defaultBucket: options.defaultBucket ?? 'sagemaker-us-east-1-000000000000',
  });
}
