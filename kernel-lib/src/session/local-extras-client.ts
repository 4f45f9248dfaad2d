/**
 * Calls the local service's own operations (`SluiceLocal.*`: job logs, artifacts), signed with SigV4 like
 * every other request. SageMaker's operations go through @aws-sdk/client-sagemaker instead.
 */
import { signedServicePost, type LocalServiceAddress } from '../crypto/signed-post.js';

export type { LocalServiceAddress } from '../crypto/signed-post.js';

/** An error the service answered with; `name` is its AWS error code. */
export class LocalServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = code;
  }
}

export interface JobLogLine {
  readonly Time: string;
  readonly Stream: 'stdout' | 'stderr' | 'sluice';
  readonly Text: string;
}

/** A condition as the local engine evaluated it: operands with their values, result, and a line of text. */
export interface EvaluatedCondition {
  readonly Type: string;
  readonly Result: boolean;
  /** `regression_metrics.mse.value 4.38 ≤ MseThreshold 6 → true` */
  readonly Text: string;
  readonly Operands: readonly { readonly Expression: string; readonly Value: unknown }[];
  readonly Conditions?: readonly EvaluatedCondition[];
}

export interface ConditionStepEvaluation {
  readonly StepName: string;
  readonly Outcome: 'True' | 'False';
  readonly Conditions: readonly EvaluatedCondition[];
}

export class LocalExtrasClient {
  constructor(private readonly address: LocalServiceAddress) {}

  async call<T>(operation: string, input: object): Promise<T> {
    const { status, text } = await signedServicePost(this.address, `SluiceLocal.${operation}`, JSON.stringify(input));
    const json = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (status >= 400) throw new LocalServiceError(String(json.__type ?? 'UnknownError'), String(json.message ?? text), status);
    return json as T;
  }

  async putArtifact(s3Uri: string, body: Uint8Array | string): Promise<void> {
    await this.call('PutArtifact', { S3Uri: s3Uri, Body: Buffer.from(body).toString('base64') });
  }

  async getArtifact(s3Uri: string): Promise<Buffer> {
    const { Body } = await this.call<{ Body: string }>('GetArtifact', { S3Uri: s3Uri });
    return Buffer.from(Body, 'base64');
  }

  async listArtifacts(s3Uri: string): Promise<string[]> {
    return (await this.call<{ Objects: string[] }>('ListArtifacts', { S3Uri: s3Uri })).Objects;
  }

  /** Callback steps waiting for an answer (all, or one execution's), with their tokens and resolved arguments. */
  async pendingCallbacks(executionArn?: string): Promise<{ CallbackToken: string; PipelineExecutionArn: string; StepName: string; Arguments: unknown }[]> {
    return (await this.call<{ Callbacks: { CallbackToken: string; PipelineExecutionArn: string; StepName: string; Arguments: unknown }[] }>('ListPendingCallbacks', { PipelineExecutionArn: executionArn })).Callbacks;
  }

  /** The finished Condition steps of an execution, each condition with its operands' values. */
  async conditionEvaluations(executionArn: string): Promise<ConditionStepEvaluation[]> {
    return (await this.call<{ ConditionSteps: ConditionStepEvaluation[] }>('ListConditionEvaluations', { PipelineExecutionArn: executionArn })).ConditionSteps;
  }

  /** The job's log from `startFromLine` on, and the line to continue from when following it. */
  async jobLog(jobName: string, startFromLine = 0): Promise<{ lines: JobLogLine[]; nextLine: number; status: string }> {
    const result = await this.call<{ Lines: JobLogLine[]; NextLine: number; JobStatus: string }>('GetJobLog', { JobName: jobName, StartFromLine: startFromLine });
    return { lines: result.Lines, nextLine: result.NextLine, status: result.JobStatus };
  }
}
