// Runs SDK-built pipelines on a test service through the real SageMaker client.
import {
  CreatePipelineCommand,
  DescribePipelineExecutionCommand,
  ListPipelineExecutionStepsCommand,
  StartPipelineExecutionCommand,
  type PipelineExecutionStep,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { Pipeline } from '../../kernel-lib/src/index.js';
import { LocalExtrasClient } from '../../kernel-lib/src/session/local-extras-client.js';
import type { RunningService } from '../../kernel-lib/src/service/server.js';

export const role = 'arn:aws:iam::000000000000:role/SageMakerRole';

export function extrasClient(service: RunningService): LocalExtrasClient {
  return new LocalExtrasClient({ endpoint: service.endpoint, region: service.credentials.region, credentials: service.credentials });
}

/** Uploads the pipeline's code and creates it, as the SDK's upsert will. */
export async function createPipeline(client: SageMakerClient, extras: LocalExtrasClient, pipeline: Pipeline): Promise<void> {
  for (const asset of pipeline.codeAssets()) await extras.putArtifact(asset.s3Uri, asset.body);
  await client.send(
    new CreatePipelineCommand({
      PipelineName: pipeline.name,
      PipelineDefinition: pipeline.definition(),
      RoleArn: role,
      ClientRequestToken: `create-${pipeline.name}`,
    }),
  );
}

export interface FinishedExecution {
  arn: string;
  status: string;
  failureReason?: string;
  /** Oldest first. */
  steps: PipelineExecutionStep[];
}

const terminal = new Set(['Succeeded', 'Failed', 'Stopped']);

/** An execution's steps, oldest first. */
async function stepsOf(client: SageMakerClient, arn: string): Promise<PipelineExecutionStep[]> {
  const listed = await client.send(new ListPipelineExecutionStepsCommand({ PipelineExecutionArn: arn, SortOrder: 'Ascending' }));
  return listed.PipelineExecutionSteps ?? [];
}

export async function waitForExecution(client: SageMakerClient, arn: string, timeoutMs = 150000): Promise<FinishedExecution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const described = await client.send(new DescribePipelineExecutionCommand({ PipelineExecutionArn: arn }));
    if (terminal.has(described.PipelineExecutionStatus ?? '')) {
      return { arn, status: described.PipelineExecutionStatus!, failureReason: described.FailureReason, steps: await stepsOf(client, arn) };
    }
    if (Date.now() > deadline) {
      // Which steps it waits on says where to look.
      const where = (await stepsOf(client, arn)).map((step) => `${step.StepName} ${step.StepStatus}`).join(', ');
      throw new Error(`execution ${arn} still ${described.PipelineExecutionStatus} after ${timeoutMs} ms (steps: ${where || 'none'})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

let tokens = 0;
export async function startExecution(client: SageMakerClient, name: string, parameters: Record<string, string> = {}): Promise<string> {
  const started = await client.send(
    new StartPipelineExecutionCommand({
      PipelineName: name,
      ClientRequestToken: `start-${Date.now()}-${++tokens}`,
      PipelineParameters: Object.entries(parameters).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  return started.PipelineExecutionArn!;
}

export async function runToEnd(client: SageMakerClient, name: string, parameters: Record<string, string> = {}): Promise<FinishedExecution> {
  return waitForExecution(client, await startExecution(client, name, parameters));
}
