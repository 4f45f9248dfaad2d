/** What the engine reports about an execution and its steps, in the words of SageMaker's API. */
import type { ConditionEvaluation } from './conditions.js';
import type { RunReason } from '../definition/run-reasons.js';
import type { JsonObject } from './definition.js';

export type StepStatus = 'Starting' | 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';
export type ExecutionStatus = 'Executing' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded';

export interface StepRecord {
  name: string;
  type: string;
  displayName?: string;
  description?: string;
  status: StepStatus;
  /** Epoch milliseconds. */
  startTime: number;
  endTime?: number;
  attemptCount: number;
  failureReason?: string;
  /** ListPipelineExecutionSteps' Metadata, e.g. `{TrainingJob: {Arn}}`. */
  metadata: JsonObject;
  /** The Describe* document later steps read with `Get Steps.<name>...`. */
  properties?: JsonObject;
  /** For cacheable steps: the hash of their key attributes. */
  cacheKey?: string;
  cacheHit?: { sourceExecutionArn: string };
  /** For cacheable steps: the resolved key attributes the key hashes, so the next miss can say what changed. */
  keyAttributes?: JsonObject;
  /** Why a step with caching on ran instead of reusing a cached run. */
  runReason?: RunReason;
  /** A Condition step's conditions with the values their operands resolved to (SageMaker keeps only the outcome). */
  conditionEvaluations?: readonly ConditionEvaluation[];
  /** In a selective execution, a step not selected whose run is reused from this execution. */
  selectiveSource?: string;
  /** The running job's process, so a restarted service can end what a dead one left behind. */
  pid?: number;
}

export interface ExecutionUpdate {
  status: ExecutionStatus;
  failureReason?: string;
  /** Epoch milliseconds, set when the execution ends. */
  endTime?: number;
}

/** Where the engine reports changes; the service writes each one to the store before going on. */
export interface ExecutionListener {
  onStep(record: Readonly<StepRecord>): void;
  onExecution(update: Readonly<ExecutionUpdate>): void;
}
