/** Where a job's outputs are, from its Describe*Job response: one list the notebook and the panel both show. */
import type { DescribeProcessingJobResponse, DescribeTrainingJobResponse, DescribeTransformJobResponse } from '@aws-sdk/client-sagemaker';

export interface JobOutput {
  /** A processing output's OutputName; `model` for a training job's artifacts; `output` for a transform job's results. */
  readonly name: string;
  readonly uri: string;
}

export function processingJobOutputs(described: Pick<DescribeProcessingJobResponse, 'ProcessingOutputConfig'>): JobOutput[] {
  return (described.ProcessingOutputConfig?.Outputs ?? []).flatMap((output) =>
    output.S3Output?.S3Uri === undefined ? [] : [{ name: output.OutputName ?? '', uri: output.S3Output.S3Uri }],
  );
}

export function trainingJobOutputs(described: Pick<DescribeTrainingJobResponse, 'ModelArtifacts'>): JobOutput[] {
  const uri = described.ModelArtifacts?.S3ModelArtifacts;
  return uri ? [{ name: 'model', uri }] : [];
}

export function transformJobOutputs(described: Pick<DescribeTransformJobResponse, 'TransformOutput'>): JobOutput[] {
  const uri = described.TransformOutput?.S3OutputPath;
  return uri ? [{ name: 'output', uri }] : [];
}
