/**
 * Starting an execution on behalf of a schedule or a trigger: StartPipelineExecution with a token derived from the
 * firing (so a firing recorded twice starts one execution), and the starter noted on the execution in the same
 * transaction.
 */
import { createHash } from 'node:crypto';
import type { OperationContext } from '../context.js';
import { startPipelineExecution } from '../operations/executions.js';
import type { StartedBy } from '../protocol.js';

/** A starter as the store keeps it; Time is epoch milliseconds there and a Date on the wire. */
export interface Starter {
  readonly Kind: StartedBy['Kind'];
  readonly Name: string;
  readonly Arn: string;
  /** The firing's scheduled time, or the event's. */
  readonly Time: number;
}

export function startOnBehalf(
  context: OperationContext,
  starter: Starter,
  pipeline: string,
  parameters: readonly { Name: string; Value: string }[],
  firingId: string,
): string {
  const token = createHash('sha256').update(`${starter.Arn}\n${firingId}`).digest('hex').slice(0, 64);
  return context.store.transaction(() => {
    const { PipelineExecutionArn } = startPipelineExecution(
      { PipelineName: pipeline, ClientRequestToken: token, PipelineParameters: parameters.map((parameter) => ({ ...parameter })) },
      context,
    );
    const arn = PipelineExecutionArn ?? '';
    context.store.executions.setStartedBy(arn, JSON.stringify(starter));
    return arn;
  });
}

/** The starter of an execution as the API shows it, from the store's column. */
export function startedByOf(column: string | null | undefined): StartedBy | undefined {
  if (column === null || column === undefined) return undefined;
  const starter = JSON.parse(column) as Starter;
  return { Kind: starter.Kind, Name: starter.Name, Arn: starter.Arn, Time: new Date(starter.Time) };
}
