/**
 * Reads a function step's return value back from an execution: the step's processing job names its `results`
 * output (on a cache hit, the earlier job that ran), and the session reads `result.json` there from S3.
 */
import { DescribeProcessingJobCommand } from '@aws-sdk/client-sagemaker';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { RESULT_FILE, RESULT_OUTPUT_NAME } from '../sdk/function-steps/job-layout.js';
import type { Encoded } from '../sdk/function-steps/serialisation.js';
import { AwsSession } from './aws-session.js';
import type { PipelineExecution } from './execution.js';
import { LocalSession } from './session.js';

/** The encoded return value of function step `stepName` in `execution`; throws when the step has not succeeded. */
export async function functionStepResult(execution: PipelineExecution, stepName: string): Promise<Encoded> {
  const step = (await execution.listSteps()).find((candidate) => candidate.StepName === stepName);
  if (step === undefined) throw new Error(`Step "${stepName}" has not run in execution ${execution.arn}: it has no result (yet)`);
  if (step.StepStatus !== 'Succeeded') {
    throw new Error(`Step "${stepName}" is ${step.StepStatus ?? 'not finished'}${step.FailureReason ? ` (${step.FailureReason})` : ''}: it has no result`);
  }
  const jobArn = step.Metadata?.ProcessingJob?.Arn;
  if (jobArn === undefined) throw new Error(`Step "${stepName}" ran no processing job: it is not a function step`);
  const client = await execution.session.client();
  const job = await client.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobArn.slice(jobArn.lastIndexOf('/') + 1) }));
  const output = job.ProcessingOutputConfig?.Outputs?.find((candidate) => candidate.OutputName === RESULT_OUTPUT_NAME)?.S3Output?.S3Uri;
  if (output === undefined) throw new Error(`Step "${stepName}": its job has no "${RESULT_OUTPUT_NAME}" output, so it is not a function step`);
  const text = await readObject(execution, `${output.replace(/\/+$/, '')}/${RESULT_FILE}`);
  return JSON.parse(text) as Encoded;
}

async function readObject(execution: PipelineExecution, s3Uri: string): Promise<string> {
  const session = execution.session;
  if (session instanceof LocalSession) return (await (await session.extras()).getArtifact(s3Uri)).toString('utf8');
  if (session instanceof AwsSession) {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Uri);
    if (match === null) throw new Error(`Not an S3 URI: ${s3Uri}`);
    const object = await session.s3().send(new GetObjectCommand({ Bucket: match[1], Key: match[2] }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  }
  throw new Error(`A ${session.kind} session cannot read ${s3Uri}`);
}
