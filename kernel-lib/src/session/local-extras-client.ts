/**
 * Calls the local service's own operations (`SluiceLocal.*`: job logs, artifacts), signed with SigV4 like
 * every other request. SageMaker's operations go through @aws-sdk/client-sagemaker instead.
 */
import { signedServicePost, type LocalServiceAddress } from '../crypto/signed-post.js';
import type { ConditionStepEvaluation, Input, JobLogLine, LocalOperationName, Output, PendingCallback, Wire } from '../service/protocol.js';

export type { LocalServiceAddress } from '../crypto/signed-post.js';
export type { ConditionStepEvaluation, EvaluatedCondition, JobLogLine, PendingCallback } from '../service/protocol.js';

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

/**
 * The local service's own operations (`SluiceLocal.*`: artifacts in its S3 store, job logs, metrics, condition
 * evaluations), which Amazon SageMaker has not; `LocalSession.extras()` gives one.
 *
 * @example
 * ```ts
 * const extras = await Session.local().extras();
 * const bytes = await extras.getArtifact('s3://sagemaker-us-east-1-000000000000/Abalone/evaluation.json');
 * ```
 */
export class LocalExtrasClient {
  constructor(private readonly address: LocalServiceAddress) {}

  /** `SluiceLocal.<operation>` with its input, answering its output as JSON carries it (timestamps in epoch seconds). */
  async call<Name extends LocalOperationName>(operation: Name, input: Input<`SluiceLocal.${Name}`>): Promise<Wire<Output<`SluiceLocal.${Name}`>>> {
    const { status, text } = await signedServicePost(this.address, `SluiceLocal.${operation}`, JSON.stringify(input));
    const json = (text === '' ? {} : JSON.parse(text)) as Record<string, unknown>;
    if (status >= 400) throw new LocalServiceError(String(json.__type ?? 'UnknownError'), String(json.message ?? text), status);
    // The service answers this operation with its protocol shape; JSON.parse cannot check that.
    return json as Wire<Output<`SluiceLocal.${Name}`>>;
  }

  /** Writes an object into the local S3 store at `s3Uri`. */
  async putArtifact(s3Uri: string, body: Uint8Array | string): Promise<void> {
    await this.call('PutArtifact', { S3Uri: s3Uri, Body: Buffer.from(body).toString('base64') });
  }

  /** Reads the object at `s3Uri` from the local S3 store. */
  async getArtifact(s3Uri: string): Promise<Buffer> {
    const { Body } = await this.call('GetArtifact', { S3Uri: s3Uri });
    return Buffer.from(Body, 'base64');
  }

  /** The `s3://` URIs of the objects under the prefix `s3Uri`. */
  async listArtifacts(s3Uri: string): Promise<string[]> {
    return (await this.call('ListArtifacts', { S3Uri: s3Uri })).Objects;
  }

  /** Callback steps waiting for an answer (all, or one execution's), with their tokens and resolved arguments. */
  async pendingCallbacks(executionArn?: string): Promise<Wire<PendingCallback>[]> {
    return (await this.call('ListPendingCallbacks', { PipelineExecutionArn: executionArn })).Callbacks;
  }

  /** The finished Condition steps of an execution, each condition with its operands' values. */
  async conditionEvaluations(executionArn: string): Promise<Wire<ConditionStepEvaluation>[]> {
    return (await this.call('ListConditionEvaluations', { PipelineExecutionArn: executionArn })).ConditionSteps;
  }

  /** The job's log from `startFromLine` on, and the line to continue from when following it. */
  async jobLog(jobName: string, startFromLine = 0): Promise<{ lines: Wire<JobLogLine>[]; nextLine: number; status: string }> {
    const result = await this.call('GetJobLog', { JobName: jobName, StartFromLine: startFromLine });
    return { lines: result.Lines, nextLine: result.NextLine, status: result.JobStatus };
  }
}
