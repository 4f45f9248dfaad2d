// What a model version was built from, found the way SageMaker records it: the version's MetadataProperties.GeneratedBy
// names the pipeline execution that registered it; that execution's PreprocessAbaloneData job wrote the test split,
// and the version's model quality statistics are the evaluation.json of EvaluateAbaloneModel.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { DescribeProcessingJobCommand, ListPipelineExecutionStepsCommand, type DescribeModelPackageCommandOutput } from '@aws-sdk/client-sagemaker';
import { AwsSession, LocalSession, type Session } from 'sluice';
import { readLabelled } from '../pipelines/abalone/features';
import type { EvaluationReport } from '../pipelines/abalone/metrics';

/** An object's text: from the local artifact store, or from S3 with an AWS session. */
export async function readObject(session: Session, s3Uri: string): Promise<string> {
  if (session instanceof LocalSession) return (await (await session.extras()).getArtifact(s3Uri)).toString('utf8');
  if (session instanceof AwsSession) {
    const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.+)$/.exec(s3Uri) ?? [];
    const object = await session.s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString('utf8')) ?? '';
  }
  throw new Error(`cannot read ${s3Uri} with a ${session.kind} session`);
}

/** The evaluation.json registered with the version (its ModelMetrics.ModelQuality.Statistics). */
export async function evaluationOf(session: Session, version: DescribeModelPackageCommandOutput): Promise<EvaluationReport> {
  const uri = version.ModelMetrics?.ModelQuality?.Statistics?.S3Uri;
  if (uri === undefined) throw new Error(`version ${version.ModelPackageVersion} has no model quality statistics (evaluation.json)`);
  return JSON.parse(await readObject(session, uri)) as EvaluationReport;
}

/** The test split of the execution that registered the version: the label first, then the features. */
export async function testSplitOf(session: Session, version: DescribeModelPackageCommandOutput): Promise<{ labels: number[]; features: number[][] }> {
  const executionArn = version.MetadataProperties?.GeneratedBy;
  if (executionArn === undefined) throw new Error(`version ${version.ModelPackageVersion} does not say which pipeline execution made it (MetadataProperties.GeneratedBy)`);
  const client = await session.client();
  const steps = (await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: executionArn }))).PipelineExecutionSteps ?? [];
  const jobArn = steps.find((step) => step.StepName === 'PreprocessAbaloneData')?.Metadata?.ProcessingJob?.Arn;
  if (jobArn === undefined) throw new Error(`execution ${executionArn} has no PreprocessAbaloneData job`);
  const job = await client.send(new DescribeProcessingJobCommand({ ProcessingJobName: jobArn.slice(jobArn.lastIndexOf('/') + 1) }));
  const output = job.ProcessingOutputConfig?.Outputs?.find((candidate) => candidate.OutputName === 'test')?.S3Output?.S3Uri;
  if (output === undefined) throw new Error(`processing job ${jobArn} has no "test" output`);
  return readLabelled(await readObject(session, `${output.replace(/\/$/, '')}/test.csv`));
}
