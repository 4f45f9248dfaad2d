import type { Db } from './database.js';
import { likeLiteral, Where, type TimeRange, type Window } from './query.js';

export interface PipelineRecord {
  name: string;
  arn: string;
  displayName: string | null;
  description: string | null;
  roleArn: string;
  maxParallelSteps: number | null;
  status: string;
  /** JSON array of {Key, Value}. */
  latestVersion: number;
  createdAt: number;
  modifiedAt: number;
  lastRunAt: number | null;
}

export interface PipelineVersionRecord {
  pipelineName: string;
  version: number;
  definition: string;
  displayName: string | null;
  description: string | null;
  createdAt: number;
  lastExecutionArn: string | null;
}

export type NewPipeline = Omit<PipelineRecord, 'latestVersion' | 'modifiedAt' | 'lastRunAt' | 'status'> & { definition: string };

export interface PipelineChanges {
  definition?: string | undefined;
  displayName?: string | undefined;
  description?: string | undefined;
  roleArn?: string | undefined;
  maxParallelSteps?: number | undefined;
}

export interface PipelineQuery extends TimeRange, Window {
  namePrefix?: string | undefined;
  sortBy: 'name' | 'createdAt';
}

const pipelineColumns = `name, arn, display_name AS displayName, description, role_arn AS roleArn,
  max_parallel_steps AS maxParallelSteps, status, latest_version AS latestVersion,
  created_at AS createdAt, modified_at AS modifiedAt, last_run_at AS lastRunAt`;
const versionColumns = `pipeline_name AS pipelineName, version, definition, display_name AS displayName,
  description, created_at AS createdAt, last_execution_arn AS lastExecutionArn`;

/** Pipelines and their versions: each UpdatePipeline that changes anything adds a version. */
export class PipelineStore {
  constructor(private readonly db: Db) {}

  get(name: string): PipelineRecord | undefined {
    return this.db.prepare(`SELECT ${pipelineColumns} FROM pipelines WHERE name = ?`).get(name) as PipelineRecord | undefined;
  }

  /** Version 1 of a new pipeline; undefined when the name is taken. */
  create(pipeline: NewPipeline): PipelineRecord | undefined {
    return this.db
      .transaction(() => {
        if (this.get(pipeline.name) !== undefined) return undefined;
        this.db
          .prepare(
            `INSERT INTO pipelines (name, arn, display_name, description, role_arn, max_parallel_steps, status, latest_version, created_at, modified_at)
           VALUES (?, ?, ?, ?, ?, ?, 'Active', 1, ?, ?)`,
          )
          .run(
            pipeline.name,
            pipeline.arn,
            pipeline.displayName,
            pipeline.description,
            pipeline.roleArn,
            pipeline.maxParallelSteps,
            pipeline.createdAt,
            pipeline.createdAt,
          );
        this.insertVersion(pipeline.name, 1, pipeline.definition, pipeline.createdAt);
        return this.get(pipeline.name);
      })
      .immediate();
  }

  /** Applies the changes as a new version; undefined when there is no such pipeline. */
  update(name: string, changes: PipelineChanges, now: number): PipelineRecord | undefined {
    return this.db
      .transaction(() => {
        const current = this.get(name);
        if (current === undefined) return undefined;
        const previous = this.version(name, current.latestVersion);
        const version = current.latestVersion + 1;
        this.db
          .prepare(
            `UPDATE pipelines SET display_name = ?, description = ?, role_arn = ?, max_parallel_steps = ?, latest_version = ?, modified_at = ?
           WHERE name = ?`,
          )
          .run(
            changes.displayName ?? current.displayName,
            changes.description ?? current.description,
            changes.roleArn ?? current.roleArn,
            changes.maxParallelSteps ?? current.maxParallelSteps,
            version,
            now,
            current.name,
          );
        this.insertVersion(current.name, version, changes.definition ?? previous?.definition ?? '{}', now);
        return this.get(name);
      })
      .immediate();
  }

  delete(name: string): PipelineRecord | undefined {
    return this.db
      .transaction(() => {
        const current = this.get(name);
        if (current !== undefined) this.db.prepare('DELETE FROM pipelines WHERE name = ?').run(current.name);
        return current;
      })
      .immediate();
  }

  version(name: string, version: number): PipelineVersionRecord | undefined {
    return this.db.prepare(`SELECT ${versionColumns} FROM pipeline_versions WHERE pipeline_name = ? AND version = ?`).get(name, version) as
      PipelineVersionRecord | undefined;
  }

  list(query: PipelineQuery): PipelineRecord[] {
    const where = new Where().range('created_at', query);
    if (query.namePrefix !== undefined) where.add(`name LIKE ? ESCAPE '\\'`, `${likeLiteral(query.namePrefix)}%`);
    const direction = query.descending ? 'DESC' : 'ASC';
    const order = query.sortBy === 'name' ? `name ${direction}` : `created_at ${direction}, rowid ${direction}`;
    return this.db
      .prepare(`SELECT ${pipelineColumns} FROM pipelines ${where.toSql()} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as PipelineRecord[];
  }

  listVersions(name: string, query: TimeRange & Window): PipelineVersionRecord[] {
    const where = new Where().add('pipeline_name = ?', name).range('created_at', query);
    const direction = query.descending ? 'DESC' : 'ASC';
    return this.db
      .prepare(`SELECT ${versionColumns} FROM pipeline_versions ${where.toSql()} ORDER BY version ${direction} LIMIT ? OFFSET ?`)
      .all(...where.values, query.limit, query.offset) as PipelineVersionRecord[];
  }

  private insertVersion(name: string, version: number, definition: string, now: number): void {
    this.db.prepare('INSERT INTO pipeline_versions (pipeline_name, version, definition, created_at) VALUES (?, ?, ?, ?)').run(name, version, definition, now);
  }
}
