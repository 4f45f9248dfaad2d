import type { Db } from './database.js';
import { Where, type TimeRange, type Window } from './query.js';

export interface ExecutionRecord {
  arn: string;
  id: string;
  pipelineName: string;
  pipelineVersion: number;
  displayName: string | null;
  description: string | null;
  status: string;
  failureReason: string | null;
  /** JSON object: parameter name → the value the execution runs with. */
  parameters: string;
  maxParallelSteps: number | null;
  /** JSON SelectiveExecutionConfig {SourcePipelineExecutionArn, SelectedSteps}, for a selective execution. */
  selectiveConfig: string | null;
  /** JSON {Kind: Schedule | Trigger, Name, Arn, Time}: what started the execution, when not a client's call. */
  startedBy?: string | null;
  /**
   * JSON {ExperimentName, TrialName} the execution's PipelineExperimentConfig resolved to; 'null' when the definition
   * has none; null for an execution older than the column.
   */
  experimentConfig?: string | null;
  createdAt: number;
  modifiedAt: number;
  endedAt: number | null;
}

export interface ExecutionQuery extends TimeRange, Window {
  pipelineName: string;
  sortBy: 'createdAt' | 'arn';
  /** Only executions with this status. */
  status?: string;
  /** Only executions that ran with this parameter value (compared as text, as values travel). */
  parameter?: { name: string; value: string };
}

const columns = `arn, id, pipeline_name AS pipelineName, pipeline_version AS pipelineVersion, display_name AS displayName,
  description, status, failure_reason AS failureReason, parameters, max_parallel_steps AS maxParallelSteps,
  selective_config AS selectiveConfig, started_by AS startedBy, experiment_config AS experimentConfig,
  created_at AS createdAt, modified_at AS modifiedAt, ended_at AS endedAt`;

/** Executions and their steps. A step is one row per name, replaced as the engine reports it. */
export class ExecutionStore {
  constructor(private readonly db: Db) {}

  create(execution: Omit<ExecutionRecord, 'modifiedAt' | 'endedAt' | 'failureReason'>): void {
    this.db
      .prepare(
        `INSERT INTO executions (arn, id, pipeline_name, pipeline_version, display_name, description, status, parameters,
          max_parallel_steps, selective_config, created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        execution.arn,
        execution.id,
        execution.pipelineName,
        execution.pipelineVersion,
        execution.displayName,
        execution.description,
        execution.status,
        execution.parameters,
        execution.maxParallelSteps,
        execution.selectiveConfig,
        execution.createdAt,
        execution.createdAt,
      );
    this.db.prepare('UPDATE pipelines SET last_run_at = ? WHERE name = ?').run(execution.createdAt, execution.pipelineName);
    this.db
      .prepare('UPDATE pipeline_versions SET last_execution_arn = ? WHERE pipeline_name = ? AND version = ?')
      .run(execution.arn, execution.pipelineName, execution.pipelineVersion);
  }

  /** Notes the schedule or trigger that started an execution (in the transaction that created it). */
  setStartedBy(arn: string, startedBy: string): void {
    this.db.prepare('UPDATE executions SET started_by = ? WHERE arn = ?').run(startedBy, arn);
  }

  setExperimentConfig(arn: string, config: string): void {
    this.db.prepare('UPDATE executions SET experiment_config = ? WHERE arn = ?').run(config, arn);
  }

  get(arn: string): ExecutionRecord | undefined {
    return this.db.prepare(`SELECT ${columns} FROM executions WHERE arn = ?`).get(arn) as ExecutionRecord | undefined;
  }

  list(query: ExecutionQuery): ExecutionRecord[] {
    const where = new Where().add('pipeline_name = ?', query.pipelineName).range('created_at', query);
    if (query.status !== undefined) where.add('status = ?', query.status);
    if (query.parameter !== undefined) where.add(`CAST(json_extract(parameters, ?) AS TEXT) = ?`, `$."${query.parameter.name}"`, query.parameter.value);
    const order = query.sortBy === 'arn' ? 'arn' : 'created_at';
    const direction = query.descending ? 'DESC' : 'ASC';
    return this.db
      .prepare(`SELECT ${columns} FROM executions ${where.toSql()} ORDER BY ${order} ${direction}, arn ${direction} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit + 1, query.offset) as ExecutionRecord[];
  }

  /** The newest execution of a pipeline that ended Succeeded or Failed: the default reference of a selective execution. */
  latestFinished(pipelineName: string): ExecutionRecord | undefined {
    return this.db
      .prepare(`SELECT ${columns} FROM executions WHERE pipeline_name = ? AND status IN ('Succeeded', 'Failed') ORDER BY created_at DESC, arn DESC LIMIT 1`)
      .get(pipelineName) as ExecutionRecord | undefined;
  }

  /** Executions that were running when the service last stopped. */
  unfinished(): ExecutionRecord[] {
    return this.db.prepare(`SELECT ${columns} FROM executions WHERE status IN ('Executing', 'Stopping') ORDER BY created_at`).all() as ExecutionRecord[];
  }

  update(
    arn: string,
    changes: { status?: string; failureReason?: string | null; endedAt?: number | null; displayName?: string; description?: string; maxParallelSteps?: number },
    now: number,
  ): void {
    const sets: string[] = ['modified_at = ?'];
    const values: (string | number | null)[] = [now];
    const columnsOf: Record<string, string> = {
      status: 'status',
      failureReason: 'failure_reason',
      endedAt: 'ended_at',
      displayName: 'display_name',
      description: 'description',
      maxParallelSteps: 'max_parallel_steps',
    };
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) continue;
      sets.push(`${columnsOf[key]} = ?`);
      values.push(value);
    }
    this.db.prepare(`UPDATE executions SET ${sets.join(', ')} WHERE arn = ?`).run(...values, arn);
  }

  /** Writes a step's record (a JSON document the engine owns), replacing the previous one. */
  putStep(executionArn: string, step: { name: string; status: string; startTime: number; cacheKey?: string | undefined }, record: string): void {
    this.db
      .prepare(
        `INSERT INTO execution_steps (execution_arn, name, status, start_time, cache_key, record) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (execution_arn, name) DO UPDATE SET status = excluded.status, start_time = excluded.start_time,
         cache_key = excluded.cache_key, record = excluded.record`,
      )
      .run(executionArn, step.name, step.status, step.startTime, step.cacheKey ?? null, record);
  }

  deleteSteps(executionArn: string, names: readonly string[]): void {
    const remove = this.db.prepare('DELETE FROM execution_steps WHERE execution_arn = ? AND name = ?');
    for (const name of names) remove.run(executionArn, name);
  }

  /** Step records, most recently started first. */
  steps(executionArn: string): string[] {
    return (
      this.db.prepare('SELECT record FROM execution_steps WHERE execution_arn = ? ORDER BY start_time DESC, rowid DESC').all(executionArn) as {
        record: string;
      }[]
    ).map((row) => row.record);
  }

  /** The newest successful run of a step that had a cache key (a cache hit counts): what the next miss is explained against. */
  latestKeyed(pipelineName: string, stepName: string): { executionArn: string; record: string } | undefined {
    return this.db
      .prepare(
        `SELECT s.execution_arn AS executionArn, s.record FROM execution_steps s JOIN executions e ON e.arn = s.execution_arn
         WHERE e.pipeline_name = ? AND s.name = ? AND s.cache_key IS NOT NULL AND s.status = 'Succeeded'
         ORDER BY s.start_time DESC LIMIT 1`,
      )
      .get(pipelineName, stepName) as { executionArn: string; record: string } | undefined;
  }

  /** The newest successful, uncached run of a step with this cache key in this pipeline, started at or after notBefore. */
  findCached(pipelineName: string, stepName: string, cacheKey: string, notBefore: number): { executionArn: string; record: string } | undefined {
    return this.db
      .prepare(
        `SELECT s.execution_arn AS executionArn, s.record FROM execution_steps s JOIN executions e ON e.arn = s.execution_arn
         WHERE e.pipeline_name = ? AND s.name = ? AND s.cache_key = ? AND s.status = 'Succeeded' AND s.start_time >= ?
         AND json_extract(s.record, '$.cacheHit') IS NULL
         ORDER BY s.start_time DESC LIMIT 1`,
      )
      .get(pipelineName, stepName, cacheKey, notBefore) as { executionArn: string; record: string } | undefined;
  }
}
